package org.korrekt.features.model;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.korrekt.features.FeatureSchema;

/**
 * Reads and writes korrekt's compiled model artifact ({@code model.krkt}).
 *
 * <p>Format version 1, big-endian:
 *
 * <pre>
 *   magic            4 bytes   "KRKT"
 *   format version   int16     1
 *   model kind       int8      1 = logistic regression
 *   schema name      UTF (int16 length + modified UTF-8)
 *   schema version   int32
 *   fingerprint      UTF       64 hex digits (see FeatureSchema#fingerprint)
 *   feature count    int32     n
 *   feature names    n x UTF
 *   -- logistic regression --
 *   bias             float64
 *   weights          n x float64
 *   means            n x float64
 *   scales           n x float64
 *   -- trailer --
 *   crc32            int64     CRC-32 of every byte before it
 * </pre>
 *
 * No Java serialization is involved; every earlier format version stays readable (golden files
 * under the tests prove it).
 */
public final class ModelArtifacts {

    /** The format version this code writes. */
    public static final int FORMAT_VERSION = 1;

    /** File name of the artifact inside a model bundle. */
    public static final String FILE_NAME = "model.krkt";

    private static final byte[] MAGIC = "KRKT".getBytes(StandardCharsets.US_ASCII);
    private static final int KIND_LOGISTIC_REGRESSION = 1;
    private static final int MAX_FEATURES = 100_000;

    private ModelArtifacts() {}

    /** Writes {@code model}, trained on {@code schema}, to {@code out}. Does not close {@code out}. */
    public static void write(LogisticRegressionModel model, FeatureSchema schema, OutputStream out) throws IOException {
        if (!model.schemaFingerprint().equals(schema.fingerprint())) {
            throw new IllegalArgumentException("model was trained on schema " + model.schemaFingerprint() + ", not on "
                    + schema.name() + " v" + schema.version());
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(buffer);
        data.write(MAGIC);
        data.writeShort(FORMAT_VERSION);
        data.writeByte(KIND_LOGISTIC_REGRESSION);
        data.writeUTF(schema.name());
        data.writeInt(schema.version());
        data.writeUTF(schema.fingerprint());
        List<String> names = model.featureNames();
        data.writeInt(names.size());
        for (String name : names) {
            data.writeUTF(name);
        }
        data.writeDouble(model.bias());
        writeArray(data, model.weights());
        writeArray(data, model.means());
        writeArray(data, model.scales());
        data.flush();
        CRC32 crc = new CRC32();
        crc.update(buffer.toByteArray());
        data.writeLong(crc.getValue());
        data.flush();
        buffer.writeTo(out);
    }

    /**
     * Reads an artifact and checks that it fits {@code expected}: same fingerprint, same feature
     * names in the same order.
     *
     * @throws ArtifactException if the bytes are not an artifact, are corrupt, use an unknown
     *     format version or model kind, or were trained on another schema
     */
    public static LogisticRegressionModel read(InputStream in, FeatureSchema expected) throws ArtifactException {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ArtifactException("cannot read model artifact: " + e.getMessage(), e);
        }
        if (bytes.length < MAGIC.length + 8 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new ArtifactException("not a korrekt model artifact (missing KRKT magic)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = 0;
        for (int i = bytes.length - 8; i < bytes.length; i++) {
            stored = (stored << 8) | (bytes[i] & 0xFF);
        }
        if (stored != crc.getValue()) {
            throw new ArtifactException("model artifact is corrupt: CRC-32 mismatch");
        }
        try (DataInputStream data = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            data.skipNBytes(MAGIC.length);
            int format = data.readUnsignedShort();
            if (format < 1 || format > FORMAT_VERSION) {
                throw new ArtifactException("model artifact format version " + format
                        + " is not supported; this build reads 1 to " + FORMAT_VERSION);
            }
            int kind = data.readUnsignedByte();
            if (kind != KIND_LOGISTIC_REGRESSION) {
                throw new ArtifactException("unknown model kind " + kind + " in model artifact");
            }
            String schemaName = data.readUTF();
            int schemaVersion = data.readInt();
            String fingerprint = data.readUTF();
            if (!fingerprint.equals(expected.fingerprint())) {
                throw new ArtifactException("model was trained on feature schema " + schemaName + " v" + schemaVersion
                        + " (fingerprint " + fingerprint + "), but the running schema is " + expected.name()
                        + " v" + expected.version() + " (fingerprint " + expected.fingerprint() + ")");
            }
            int n = data.readInt();
            if (n != expected.size() || n > MAX_FEATURES) {
                throw new ArtifactException(
                        "model artifact has " + n + " features, schema " + expected.name() + " has " + expected.size());
            }
            List<String> names = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                names.add(data.readUTF());
            }
            if (!names.equals(expected.names())) {
                throw new ArtifactException(
                        "model artifact's features " + names + " differ from the schema's " + expected.names());
            }
            double bias = data.readDouble();
            double[] weights = readArray(data, n);
            double[] means = readArray(data, n);
            double[] scales = readArray(data, n);
            if (data.available() != 8) {
                throw new ArtifactException(
                        "model artifact has " + (data.available() - 8) + " unexpected trailing bytes");
            }
            return new LogisticRegressionModel(fingerprint, names, weights, means, scales, bias);
        } catch (EOFException e) {
            throw new ArtifactException("model artifact is truncated", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ArtifactException("model artifact is invalid: " + e.getMessage(), e);
        }
    }

    private static void writeArray(DataOutputStream data, double[] values) throws IOException {
        for (double value : values) {
            data.writeDouble(value);
        }
    }

    private static double[] readArray(DataInputStream data, int n) throws IOException {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = data.readDouble();
        }
        return values;
    }
}
