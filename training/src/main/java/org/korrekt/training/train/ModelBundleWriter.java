package org.korrekt.training.train;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.Checksums;
import org.korrekt.features.model.ModelArtifacts;
import org.tribuo.Tribuo;

/**
 * Writes a trained profile as a versioned model bundle, the unit the scoring service loads:
 *
 * <pre>
 *   MODELS/PROFILE/VERSION/
 *     model.krkt           the compiled artifact (korrekt's format)
 *     tribuo-model.tribuo  the model as Tribuo trained it (Tribuo's protobuf format)
 *     metrics.json         test-period metrics
 *     provenance.json      data digests, configuration, seed, library and platform versions
 *     report.html          a self-contained human-readable report
 *     bundle.json          the manifest: profile, version, schema, decision policy, SHA-256 of every file
 * </pre>
 *
 * The bundle is written to a temporary folder beside its destination and moved into place in
 * one step, so a reader never sees a half-written bundle.
 */
public final class ModelBundleWriter {

    /** File name of the model as Tribuo trained it. */
    public static final String TRIBUO_MODEL = "tribuo-model.tribuo";

    private static final DateTimeFormatter VERSION_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = new JsonFactory();
    /**
     * Staging folders being assembled. A bundle that fails to write removes its own; these are
     * removed by a shutdown hook when the JVM stops first (Ctrl-C, SIGTERM), so an interrupted
     * training leaves no hidden half-written folder beside the bundles.
     */
    private static final Set<Path> STAGING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ModelBundleWriter::deleteStaging, "korrekt-staging-cleanup"));
    }

    private ModelBundleWriter() {}

    /**
     * What the bundle records about the data it was trained on.
     *
     * @param source the table's URI as given
     * @param fileDigests SHA-256 of each data file, by file name
     * @param rows rows read
     * @param labelColumn the column the label came from
     */
    public record DataProvenance(String source, Map<String, String> fileDigests, long rows, String labelColumn) {
        public DataProvenance {
            fileDigests = Map.copyOf(fileDigests);
        }
    }

    /** A default version string for a bundle created at {@code instant}, e.g. {@code 20261122T153000Z}. */
    public static String versionAt(Instant instant) {
        return VERSION_FORMAT.format(instant);
    }

    /**
     * Writes the bundle under {@code modelsDir/profile/version}.
     *
     * @return the bundle's folder
     * @throws FileAlreadyExistsException if that version exists already
     */
    public static Path write(
            Path modelsDir, String version, TrainedProfile profile, DataProvenance data, Instant createdAt)
            throws IOException {
        Path target = modelsDir.resolve(profile.config().profile()).resolve(version);
        Path staging = staging(target);
        try {
            FeatureSchema schema = profile.schema();
            try (OutputStream out = Files.newOutputStream(staging.resolve(ModelArtifacts.FILE_NAME))) {
                ModelArtifacts.write(profile.compiled(), schema, out);
            }
            profile.tribuoModel().serializeToFile(staging.resolve(TRIBUO_MODEL));
            writeJson(staging.resolve("metrics.json"), g -> writeMetrics(g, profile));
            writeJson(staging.resolve("provenance.json"), g -> writeProvenance(g, profile, data, createdAt));
            Files.writeString(staging.resolve("report.html"), ModelReport.html(profile, version, data, createdAt));
            Map<String, String> digests = new LinkedHashMap<>();
            for (String file :
                    List.of(ModelArtifacts.FILE_NAME, TRIBUO_MODEL, "metrics.json", "provenance.json", "report.html")) {
                digests.put(file, Checksums.sha256Hex(staging.resolve(file)));
            }
            BundleManifest manifest = BundleManifest.of(
                            profile.config().profile(),
                            version,
                            createdAt,
                            BundleManifest.LOGISTIC_REGRESSION,
                            schema,
                            profile.policy(),
                            digests)
                    .withScores(profile.scores());
            return moveIntoPlace(staging, manifest, target);
        } finally {
            deleteRecursively(staging);
        }
    }

    /**
     * A hidden temporary folder beside {@code target} to assemble a bundle in.
     *
     * @throws FileAlreadyExistsException if {@code target} exists already
     */
    public static Path staging(Path target) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "model bundle version exists already");
        }
        Path profileDir = target.getParent();
        Files.createDirectories(profileDir);
        Path staging = Files.createTempDirectory(profileDir, "." + target.getFileName() + ".tmp-");
        if (Files.getFileStore(staging).supportsFileAttributeView(PosixFileAttributeView.class)) {
            // Temporary folders are private; a bundle is read by the scoring service's user too.
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        STAGING.add(staging);
        return staging;
    }

    /** Writes the manifest last, then moves the assembled bundle into place in one step. */
    public static Path moveIntoPlace(Path staging, BundleManifest manifest, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(staging.resolve(BundleManifest.FILE_NAME))) {
            manifest.write(out);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
        return target;
    }

    /** What goes inside a JSON file's top-level object. */
    public interface JsonBody {
        /** Writes the fields. */
        void write(JsonGenerator g) throws IOException;
    }

    /** Writes an indented JSON file holding one object. */
    public static void writeJson(Path file, JsonBody body) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
    }

    private static void writeMetrics(JsonGenerator g, TrainedProfile profile) throws IOException {
        ProfileMetrics m = profile.metrics();
        g.writeStringField("evaluatedOn", "test period: applications submitted on or after " + profile.splitDate());
        g.writeStringField("label", "ground truth is_incorrect");
        g.writeNumberField("testRows", profile.testRows());
        g.writeNumberField("rocAuc", m.rocAuc());
        g.writeNumberField("brier", m.brier());
        g.writeNumberField("logLoss", m.logLoss());
        g.writeNumberField("positiveRate", m.positiveRate());
        g.writeNumberField("precisionTop1Percent", m.precisionTop1Percent());
        g.writeNumberField("precisionTop5Percent", m.precisionTop5Percent());
        g.writeNumberField("maxAbsDifferenceVsTribuo", m.maxAbsDifferenceVsTribuo());
    }

    private static void writeProvenance(JsonGenerator g, TrainedProfile profile, DataProvenance data, Instant createdAt)
            throws IOException {
        TrainingConfig config = profile.config();
        g.writeStringField("createdAt", createdAt.toString());
        g.writeObjectFieldStart("data");
        g.writeStringField("source", data.source());
        g.writeNumberField("rows", data.rows());
        g.writeStringField("labelColumn", data.labelColumn());
        g.writeObjectFieldStart("sha256");
        for (Map.Entry<String, String> file : new TreeMap<>(data.fileDigests()).entrySet()) {
            g.writeStringField(file.getKey(), file.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("split");
        g.writeStringField("kind", "time");
        g.writeStringField("testFrom", profile.splitDate().toString());
        g.writeNumberField("trainRows", profile.trainRows());
        g.writeNumberField("testRows", profile.testRows());
        g.writeEndObject();
        g.writeObjectFieldStart("config");
        g.writeStringField("profile", config.profile());
        g.writeStringField("model", "logistic regression (Tribuo LinearSGDTrainer, LogMulticlass, AdaGrad)");
        g.writeNumberField("epochs", config.epochs());
        g.writeNumberField("learningRate", config.learningRate());
        g.writeNumberField("testShare", config.testShare());
        g.writeNumberField("seed", config.seed());
        g.writeEndObject();
        g.writeObjectFieldStart("featureSchema");
        g.writeStringField("name", profile.schema().name());
        g.writeNumberField("version", profile.schema().version());
        g.writeStringField("fingerprint", profile.schema().fingerprint());
        g.writeEndObject();
        writeSoftware(g);
        g.writeStringField(
                "tribuoProvenance", profile.tribuoModel().getProvenance().toString());
    }

    /** The {@code software} object of a provenance file: korrekt, Tribuo, JVM, OS and architecture. */
    public static void writeSoftware(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("software");
        g.writeStringField("korrekt", org.korrekt.features.KorrektVersion.get());
        g.writeStringField("tribuo", Tribuo.VERSION);
        g.writeStringField("java", System.getProperty("java.version"));
        g.writeStringField("javaVendor", System.getProperty("java.vendor"));
        g.writeStringField("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        g.writeStringField("arch", System.getProperty("os.arch"));
        g.writeEndObject();
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            STAGING.remove(dir);
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(paths::add);
        }
        paths.sort(Comparator.reverseOrder());
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        STAGING.remove(dir);
    }

    private static void deleteStaging() {
        for (Path dir : STAGING) {
            try {
                deleteRecursively(dir);
            } catch (IOException | UncheckedIOException e) {
                // best effort while the JVM stops: the writing thread may still be adding files
                System.err.println("could not remove the unfinished bundle folder " + dir + ": " + e.getMessage());
            }
        }
    }
}
