package org.korrekt.features.model;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Shapley values of a {@link TreeEnsembleModel} by enumerating every feature subset: the value of
 * a subset S is the path-dependent conditional expectation TreeSHAP defines (at a split on a
 * feature in S follow x, otherwise average both children weighted by their covers), and feature
 * i's value is the Shapley-weighted sum of {@code v(S + i) - v(S)} over all S without i. O(2^M)
 * per row: a reference for small M, written independently of TreeSHAP's path bookkeeping. It reads
 * the trees back from the model's serialized body, so it shares no code with the model.
 */
final class BruteForceShapley {

    private final int[] roots;
    private final byte[] classes;
    private final int[] feature;
    private final float[] threshold;
    private final int[] left;
    private final int[] right;
    private final boolean[] defaultLeft;
    private final float[] leaf;
    private final float[] cover;
    private final double base;

    private BruteForceShapley(TreeEnsembleModel model) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            model.write(new DataOutputStream(bytes));
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
            in.readUnsignedShort();
            int trees = in.readInt();
            int nodes = in.readInt();
            float negativeBase = in.readFloat();
            float positiveBase = in.readFloat();
            base = (double) positiveBase - negativeBase;
            roots = new int[trees];
            classes = new byte[trees];
            for (int t = 0; t < trees; t++) {
                roots[t] = in.readInt();
                classes[t] = in.readByte();
            }
            feature = new int[nodes];
            threshold = new float[nodes];
            left = new int[nodes];
            right = new int[nodes];
            defaultLeft = new boolean[nodes];
            leaf = new float[nodes];
            cover = new float[nodes];
            for (int n = 0; n < nodes; n++) {
                feature[n] = in.readInt();
                threshold[n] = in.readFloat();
                left[n] = in.readInt();
                right[n] = in.readInt();
                defaultLeft[n] = in.readByte() == 1;
                leaf[n] = in.readFloat();
                cover[n] = in.readFloat();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Shapley value of each of the first {@code features} features for row {@code x}. */
    static double[] values(TreeEnsembleModel model, double[] x, int features) {
        BruteForceShapley b = new BruteForceShapley(model);
        int subsets = 1 << features;
        double[] v = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            v[s] = b.value(x, s);
        }
        double[] factorial = new double[features + 1];
        factorial[0] = 1;
        for (int i = 1; i <= features; i++) {
            factorial[i] = factorial[i - 1] * i;
        }
        double[] phi = new double[features];
        for (int i = 0; i < features; i++) {
            for (int s = 0; s < subsets; s++) {
                if ((s & (1 << i)) != 0) {
                    continue;
                }
                int size = Integer.bitCount(s);
                double weight = factorial[size] * factorial[features - size - 1] / factorial[features];
                phi[i] += weight * (v[s | (1 << i)] - v[s]);
            }
        }
        return phi;
    }

    /** The model's expected log-odds when only the features in bit set {@code known} are known. */
    private double value(double[] x, int known) {
        double sum = base;
        for (int t = 0; t < roots.length; t++) {
            double e = expectation(roots[t], x, known);
            sum += classes[t] == TreeEnsembleModel.POSITIVE_CLASS ? e : -e;
        }
        return sum;
    }

    private double expectation(int n, double[] x, int known) {
        if (feature[n] == TreeEnsembleModel.LEAF) {
            return leaf[n];
        }
        if ((known & (1 << feature[n])) != 0) {
            double value = x[feature[n]];
            boolean goLeft = Double.isNaN(value) ? defaultLeft[n] : (float) value < threshold[n];
            return expectation(goLeft ? left[n] : right[n], x, known);
        }
        return cover[left[n]] / (double) cover[n] * expectation(left[n], x, known)
                + cover[right[n]] / (double) cover[n] * expectation(right[n], x, known);
    }
}
