package org.korrekt.training.trees;

/**
 * How a gradient-boosted tree ensemble is trained (XGBoost's parameter names in brackets).
 *
 * @param trees boosting rounds [num_round], 1 to 10,000; each round grows one tree per class, so
 *     the ensemble holds twice as many trees
 * @param maxDepth the deepest a tree may grow [max_depth], 1 to 16
 * @param eta the shrinkage of each tree's leaf values [eta], in (0, 1]
 * @param subsample the share of rows each tree samples [subsample], in (0, 1]
 * @param colsampleByTree the share of features each tree samples [colsample_bytree], in (0, 1]
 * @param minChildWeight the least hessian sum a child may hold [min_child_weight], >= 0
 * @param lambda the L2 penalty on leaf values [lambda], >= 0
 * @param seed the random seed of row and feature sampling [seed]
 * @param threads XGBoost's worker threads [nthread], 1 to 256
 */
public record TreeHyperparameters(
        int trees,
        int maxDepth,
        double eta,
        double subsample,
        double colsampleByTree,
        double minChildWeight,
        double lambda,
        long seed,
        int threads) {

    /** Default number of boosting rounds. */
    public static final int DEFAULT_TREES = 200;
    /** Default maximum tree depth. */
    public static final int DEFAULT_MAX_DEPTH = 4;
    /** Default shrinkage. */
    public static final double DEFAULT_ETA = 0.1;
    /** Default row sample share. */
    public static final double DEFAULT_SUBSAMPLE = 0.8;
    /** Default feature sample share per tree. */
    public static final double DEFAULT_COLSAMPLE_BY_TREE = 0.8;
    /** Default minimum child hessian sum. */
    public static final double DEFAULT_MIN_CHILD_WEIGHT = 1.0;
    /** Default L2 penalty. */
    public static final double DEFAULT_LAMBDA = 1.0;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;
    /** Default thread count: the build machines have two cores. */
    public static final int DEFAULT_THREADS = 2;

    public TreeHyperparameters {
        if (trees < 1 || trees > 10_000) {
            throw new IllegalArgumentException("trees must be in [1, 10000], was " + trees);
        }
        if (maxDepth < 1 || maxDepth > 16) {
            throw new IllegalArgumentException("maxDepth must be in [1, 16], was " + maxDepth);
        }
        if (!(eta > 0 && eta <= 1)) {
            throw new IllegalArgumentException("eta must be in (0, 1], was " + eta);
        }
        if (!(subsample > 0 && subsample <= 1)) {
            throw new IllegalArgumentException("subsample must be in (0, 1], was " + subsample);
        }
        if (!(colsampleByTree > 0 && colsampleByTree <= 1)) {
            throw new IllegalArgumentException("colsampleByTree must be in (0, 1], was " + colsampleByTree);
        }
        if (!(minChildWeight >= 0) || !Double.isFinite(minChildWeight)) {
            throw new IllegalArgumentException("minChildWeight must be finite and >= 0, was " + minChildWeight);
        }
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, was " + lambda);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in [1, 256], was " + threads);
        }
    }

    /** The defaults: 200 rounds of depth-4 trees, eta 0.1, 80% row and feature sampling, two threads. */
    public static TreeHyperparameters defaults() {
        return new TreeHyperparameters(
                DEFAULT_TREES,
                DEFAULT_MAX_DEPTH,
                DEFAULT_ETA,
                DEFAULT_SUBSAMPLE,
                DEFAULT_COLSAMPLE_BY_TREE,
                DEFAULT_MIN_CHILD_WEIGHT,
                DEFAULT_LAMBDA,
                DEFAULT_SEED,
                DEFAULT_THREADS);
    }

    /** These hyperparameters with {@code trees} boosting rounds. */
    public TreeHyperparameters withTrees(int trees) {
        return new TreeHyperparameters(
                trees, maxDepth, eta, subsample, colsampleByTree, minChildWeight, lambda, seed, threads);
    }

    /** These hyperparameters with {@code threads} XGBoost threads. */
    public TreeHyperparameters withThreads(int threads) {
        return new TreeHyperparameters(
                trees, maxDepth, eta, subsample, colsampleByTree, minChildWeight, lambda, seed, threads);
    }

    /** These hyperparameters with trees at most {@code maxDepth} deep. */
    public TreeHyperparameters withMaxDepth(int maxDepth) {
        return new TreeHyperparameters(
                trees, maxDepth, eta, subsample, colsampleByTree, minChildWeight, lambda, seed, threads);
    }
}
