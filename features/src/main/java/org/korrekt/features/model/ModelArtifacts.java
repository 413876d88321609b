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
 * Format version 2 adds model kind 2, a compiled selection profile ({@link SelectionProfileModel}),
 * which carries its whole feature schema so that profiles on any table can be read back:
 *
 * <pre>
 *   magic            4 bytes   "KRKT"
 *   format version   int16     2
 *   model kind       int8      2 = selection profile
 *   schema name      UTF
 *   schema version   int32
 *   fingerprint      UTF
 *   feature count    int32     n
 *   per feature      9 x UTF   name, definition, unit, reason code, reason (sv), reason (en)
 *                              ("" when not explainable), encoding kind, source column, level
 *   rule set         UTF       a bundled rule set's file name, or ""
 *   -- logistic regression --
 *   bias, n weights, n means, n scales   float64
 *   -- trees --      TreeEnsembleModel body (its own version and layout)
 *   -- forest --     IsolationForestModel body (its own version and layout)
 *   -- combiner --   intercept and 5 weights, float64
 *   -- calibration - int8 kind (1 Platt: a, b; 2 isotonic: int32 m, m x (x, y)), float64
 *   -- trailer --    crc32 int64
 * </pre>
 *
 * Format version 3 adds model kind 3, a lone Smile 2.6 tree ensemble ({@link SmileForestModel}):
 * the format 1 header (schema name, version, fingerprint, feature names), then the model's body
 * ({@link SmileForestModel#write}, its own version and layout) and the CRC-32 trailer. Selection
 * profiles are still written as format 2.
 *
 * <p>No Java serialization is involved; every earlier format version stays readable (golden files
 * under the tests prove it).
 */
public final class ModelArtifacts {

    /** The newest format version this code writes and reads. */
    public static final int FORMAT_VERSION = 3;
    /** The format version of a lone logistic regression (kind 1), still written for it. */
    public static final int LOGISTIC_FORMAT_VERSION = 1;
    /** The format version of a selection profile (kind 2), still written for it. */
    public static final int PROFILE_FORMAT_VERSION = 2;
    /** The format version of a lone Smile tree ensemble (kind 3). */
    public static final int SMILE_FORMAT_VERSION = 3;

    /** File name of the artifact inside a model bundle. */
    public static final String FILE_NAME = "model.krkt";

    private static final byte[] MAGIC = "KRKT".getBytes(StandardCharsets.US_ASCII);
    private static final int KIND_LOGISTIC_REGRESSION = 1;
    private static final int KIND_SELECTION_PROFILE = 2;
    private static final int KIND_SMILE_FOREST = 3;
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
        data.writeShort(LOGISTIC_FORMAT_VERSION);
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
     * Reads a logistic-regression artifact (kind 1) and checks that it fits {@code expected}: same
     * fingerprint, same feature names in the same order.
     *
     * @throws ArtifactException if the bytes are not an artifact, are corrupt, use an unknown
     *     format version or model kind, hold another kind of model, or were trained on another schema
     */
    public static LogisticRegressionModel read(InputStream in, FeatureSchema expected) throws ArtifactException {
        CompiledModel model = readModel(in, expected);
        if (!(model instanceof LogisticRegressionModel)) {
            throw new ArtifactException(
                    "model artifact holds a " + model.getClass().getSimpleName() + ", not a logistic regression");
        }
        return (LogisticRegressionModel) model;
    }

    /**
     * Reads any artifact kind and checks that it fits {@code expected}.
     *
     * @throws ArtifactException if the bytes are not an artifact, are corrupt, use an unknown
     *     format version or model kind, or were trained on another schema
     */
    public static CompiledModel readModel(InputStream in, FeatureSchema expected) throws ArtifactException {
        Read read = readWithHeader(in);
        CompiledModel model = read.model();
        String fingerprint = model.schemaFingerprint();
        if (!fingerprint.equals(expected.fingerprint())) {
            String trained = read.schemaName() + " v" + read.schemaVersion() + " ";
            throw new ArtifactException("model was trained on feature schema " + trained + "(fingerprint "
                    + fingerprint + "), but the running schema is " + expected.name() + " v" + expected.version()
                    + " (fingerprint " + expected.fingerprint() + ")");
        }
        List<String> names;
        if (model instanceof LogisticRegressionModel logistic) {
            names = logistic.featureNames();
        } else if (model instanceof SmileForestModel forest) {
            names = forest.featureNames();
        } else {
            names = ((SelectionProfileModel) model).schema().names();
        }
        if (!names.equals(expected.names())) {
            throw new ArtifactException(
                    "model artifact's features " + names + " differ from the schema's " + expected.names());
        }
        return model;
    }

    /**
     * Reads any artifact kind without a schema to check against: a selection profile carries its
     * schema; a logistic regression only its feature names and fingerprint.
     *
     * @throws ArtifactException if the bytes are not an artifact, are corrupt, or use an unknown
     *     format version or model kind
     */
    public static CompiledModel readModel(InputStream in) throws ArtifactException {
        return readWithHeader(in).model();
    }

    /** A model read, with the schema name and version its header records. */
    private record Read(CompiledModel model, String schemaName, int schemaVersion) {}

    private static Read readWithHeader(InputStream in) throws ArtifactException {
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
            data.mark(1 << 16);
            String schemaName = data.readUTF();
            int schemaVersion = data.readInt();
            data.reset();
            CompiledModel model;
            if (kind == KIND_LOGISTIC_REGRESSION) {
                model = readLogistic(data);
            } else if (kind == KIND_SELECTION_PROFILE && format >= 2) {
                model = readProfile(data);
            } else if (kind == KIND_SMILE_FOREST && format >= SMILE_FORMAT_VERSION) {
                model = readSmileForest(data);
            } else {
                throw new ArtifactException("unknown model kind " + kind + " in a format " + format + " artifact");
            }
            if (data.available() != 8) {
                throw new ArtifactException(
                        "model artifact has " + (data.available() - 8) + " unexpected trailing bytes");
            }
            return new Read(model, schemaName, schemaVersion);
        } catch (EOFException e) {
            throw new ArtifactException("model artifact is truncated", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ArtifactException("model artifact is invalid: " + e.getMessage(), e);
        }
    }

    private static LogisticRegressionModel readLogistic(DataInputStream data) throws IOException {
        data.readUTF(); // schema name
        data.readInt(); // schema version
        String fingerprint = data.readUTF();
        int n = data.readInt();
        if (n < 1 || n > MAX_FEATURES) {
            throw new IOException("model artifact has " + n + " features");
        }
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(data.readUTF());
        }
        double bias = data.readDouble();
        double[] weights = readArray(data, n);
        double[] means = readArray(data, n);
        double[] scales = readArray(data, n);
        return new LogisticRegressionModel(fingerprint, names, weights, means, scales, bias);
    }

    /**
     * Writes a compiled Smile tree ensemble, trained on {@code schema}, as a format 3, kind 3
     * artifact to {@code out}. Does not close {@code out}.
     */
    public static void write(SmileForestModel model, FeatureSchema schema, OutputStream out) throws IOException {
        if (!model.schemaFingerprint().equals(schema.fingerprint())
                || !model.featureNames().equals(schema.names())) {
            throw new IllegalArgumentException("model was trained on schema " + model.schemaFingerprint() + ", not on "
                    + schema.name() + " v" + schema.version());
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(buffer);
        data.write(MAGIC);
        data.writeShort(SMILE_FORMAT_VERSION);
        data.writeByte(KIND_SMILE_FOREST);
        data.writeUTF(schema.name());
        data.writeInt(schema.version());
        data.writeUTF(schema.fingerprint());
        List<String> names = model.featureNames();
        data.writeInt(names.size());
        for (String name : names) {
            data.writeUTF(name);
        }
        model.write(data);
        data.flush();
        CRC32 crc = new CRC32();
        crc.update(buffer.toByteArray());
        data.writeLong(crc.getValue());
        data.flush();
        buffer.writeTo(out);
    }

    private static SmileForestModel readSmileForest(DataInputStream data) throws IOException, ArtifactException {
        data.readUTF(); // schema name
        data.readInt(); // schema version
        String fingerprint = data.readUTF();
        int n = data.readInt();
        if (n < 1 || n > MAX_FEATURES) {
            throw new IOException("model artifact has " + n + " features");
        }
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(data.readUTF());
        }
        return SmileForestModel.read(data, fingerprint, names);
    }

    /** Writes a compiled selection profile (format 2, kind 2) to {@code out}. Does not close {@code out}. */
    public static void write(SelectionProfileModel model, OutputStream out) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(buffer);
        data.write(MAGIC);
        data.writeShort(PROFILE_FORMAT_VERSION);
        data.writeByte(KIND_SELECTION_PROFILE);
        FeatureSchema schema = model.schema();
        data.writeUTF(schema.name());
        data.writeInt(schema.version());
        data.writeUTF(schema.fingerprint());
        data.writeInt(schema.size());
        for (int i = 0; i < schema.size(); i++) {
            org.korrekt.features.FeatureDefinition f = schema.feature(i);
            data.writeUTF(f.name());
            data.writeUTF(f.definition());
            data.writeUTF(f.unit());
            data.writeUTF(f.reasonCode() == null ? "" : f.reasonCode());
            data.writeUTF(f.reasonSv() == null ? "" : f.reasonSv());
            data.writeUTF(f.reasonEn() == null ? "" : f.reasonEn());
            SelectionProfileModel.EncodedInput input = model.encoding().get(i);
            data.writeUTF(input.kind());
            data.writeUTF(input.column());
            data.writeUTF(input.level());
        }
        data.writeUTF(model.ruleSet());
        LogisticRegressionModel logistic = model.logistic();
        data.writeDouble(logistic.bias());
        writeArray(data, logistic.weights());
        writeArray(data, logistic.means());
        writeArray(data, logistic.scales());
        model.trees().write(data);
        model.forest().write(data);
        data.writeDouble(model.combinerIntercept());
        writeArray(data, model.combinerWeights());
        model.calibration().write(data);
        data.flush();
        CRC32 crc = new CRC32();
        crc.update(buffer.toByteArray());
        data.writeLong(crc.getValue());
        data.flush();
        buffer.writeTo(out);
    }

    private static SelectionProfileModel readProfile(DataInputStream data) throws IOException, ArtifactException {
        String schemaName = data.readUTF();
        int schemaVersion = data.readInt();
        String fingerprint = data.readUTF();
        int n = data.readInt();
        if (n < 1 || n > MAX_FEATURES) {
            throw new IOException("model artifact has " + n + " features");
        }
        List<org.korrekt.features.FeatureDefinition> features = new ArrayList<>(n);
        List<SelectionProfileModel.EncodedInput> encoding = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = data.readUTF();
            String definition = data.readUTF();
            String unit = data.readUTF();
            String code = data.readUTF();
            String sv = data.readUTF();
            String en = data.readUTF();
            features.add(new org.korrekt.features.FeatureDefinition(
                    name,
                    definition,
                    unit,
                    code.isEmpty() ? null : code,
                    code.isEmpty() ? null : sv,
                    code.isEmpty() ? null : en));
            encoding.add(new SelectionProfileModel.EncodedInput(data.readUTF(), data.readUTF(), data.readUTF()));
        }
        FeatureSchema schema = new FeatureSchema(schemaName, schemaVersion, features);
        if (!schema.fingerprint().equals(fingerprint)) {
            throw new IOException("the artifact's feature definitions do not match its recorded fingerprint "
                    + fingerprint + " (computed " + schema.fingerprint() + ")");
        }
        String ruleSet = data.readUTF();
        double bias = data.readDouble();
        double[] weights = readArray(data, n);
        double[] means = readArray(data, n);
        double[] scales = readArray(data, n);
        LogisticRegressionModel logistic =
                new LogisticRegressionModel(fingerprint, schema.names(), weights, means, scales, bias);
        TreeEnsembleModel trees = TreeEnsembleModel.read(data, fingerprint, schema.names());
        IsolationForestModel forest = IsolationForestModel.read(data);
        double intercept = data.readDouble();
        double[] combiner = readArray(data, SelectionProfileModel.COMBINER_INPUTS);
        Calibration calibration = Calibration.read(data);
        return new SelectionProfileModel(
                schema, encoding, logistic, trees, forest, ruleSet, intercept, combiner, calibration);
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
