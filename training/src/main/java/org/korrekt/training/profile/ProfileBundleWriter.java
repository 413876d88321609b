package org.korrekt.training.profile;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.Calibration;
import org.korrekt.features.model.Checksums;
import org.korrekt.features.model.ModelArtifacts;
import org.korrekt.features.model.SelectionProfileModel;
import org.korrekt.training.evaluation.AuditReport;
import org.korrekt.training.report.ReportHtml;
import org.korrekt.training.train.ModelBundleWriter;

/**
 * Writes a trained selection profile as an immutable, versioned bundle:
 *
 * <pre>
 *   MODELS/PROFILE/PROFILE-yyyyMMdd-HHmmss-HASH/
 *     model.krkt               the compiled profile (korrekt's artifact, format 2)
 *     tribuo-logistic.tribuo   the logistic regression as Tribuo trained it
 *     tribuo-trees.tribuo      the gradient-boosted trees as Tribuo trained them
 *     challenger-smile.krkt    the Smile challenger compiled (format 3), when the profile asks for one
 *     metrics.json             test-period results per scorer, selection bias, equality checks
 *     provenance.json          data digests, profile settings, split, seed, library and platform versions
 *     evaluation.json          test-period evaluation, fairness audit and gate, model card
 *     report.html              the same with charts, self-contained
 *     report.md                the same in words and tables
 *     bundle.json              manifest: profile, version, schema, thresholds, SHA-256 of every file
 * </pre>
 *
 * HASH is the first 12 hex digits of the artifact's SHA-256. The bundle is assembled in a hidden
 * temporary folder and moved into place in one step.
 */
public final class ProfileBundleWriter {

    /** The model kind the manifest records for a compiled selection profile. */
    public static final String MODEL_KIND = BundleManifest.SELECTION_PROFILE;
    /** The test-period evaluation, fairness audit and model card that report.html renders. */
    public static final String EVALUATION = "evaluation.json";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ProfileBundleWriter() {}

    /**
     * What the bundle records about its data.
     *
     * @param source the data location as given
     * @param fileDigests SHA-256 of each data file, by path
     */
    public record DataProvenance(String source, Map<String, String> fileDigests) {
        public DataProvenance {
            fileDigests = Map.copyOf(fileDigests);
        }
    }

    /** Writes the bundle under {@code modelsDir/PROFILE/} and returns its folder. */
    public static Path write(Path modelsDir, TrainedSelectionProfile trained, DataProvenance data, Instant createdAt)
            throws IOException {
        String name = trained.profile().name();
        ByteArrayOutputStream artifact = new ByteArrayOutputStream();
        ModelArtifacts.write(trained.compiled(), artifact);
        byte[] bytes = artifact.toByteArray();
        String hash = java.util.HexFormat.of()
                .formatHex(Checksums.newSha256().digest(bytes))
                .substring(0, 12);
        String version = name + "-" + STAMP.format(createdAt) + "-" + hash;
        Path target = modelsDir.resolve(name).resolve(version);
        Path staging = ModelBundleWriter.staging(target);
        try {
            Files.write(staging.resolve(ModelArtifacts.FILE_NAME), bytes);
            trained.logistic().tribuo().serializeToFile(staging.resolve("tribuo-logistic.tribuo"));
            trained.trees().tribuoModel().serializeToFile(staging.resolve("tribuo-trees.tribuo"));
            SmileChallenger challenger = trained.challenger();
            if (challenger != null) {
                try (OutputStream out = Files.newOutputStream(staging.resolve(SmileChallenger.FILE_NAME))) {
                    ModelArtifacts.write(challenger.compiled(), trained.schema(), out);
                }
            }
            ModelBundleWriter.writeJson(staging.resolve("metrics.json"), g -> metrics(g, trained));
            ModelBundleWriter.writeJson(
                    staging.resolve("provenance.json"), g -> provenance(g, trained, data, createdAt));
            ModelBundleWriter.writeJson(staging.resolve(EVALUATION), g -> trained.evaluation()
                    .write(g, trained, version, createdAt.toString()));
            ReportHtml.write(staging);
            Files.writeString(staging.resolve("report.md"), ProfileSummary.markdown(trained, version));
            Map<String, String> digests = new LinkedHashMap<>();
            List<String> files = new ArrayList<>(List.of(
                    ModelArtifacts.FILE_NAME,
                    "tribuo-logistic.tribuo",
                    "tribuo-trees.tribuo",
                    "metrics.json",
                    "provenance.json",
                    EVALUATION,
                    ReportHtml.FILE_NAME,
                    "report.md"));
            if (challenger != null) {
                files.add(SmileChallenger.FILE_NAME);
            }
            for (String file : files) {
                digests.put(file, Checksums.sha256Hex(staging.resolve(file)));
            }
            BundleManifest manifest = BundleManifest.of(
                            name, version, createdAt, MODEL_KIND, trained.schema(), trained.thresholds(), digests)
                    .withGate(trained.evaluation().verdict().name())
                    .withScores(trained.scores());
            return ModelBundleWriter.moveIntoPlace(staging, manifest, target);
        } finally {
            ModelBundleWriter.deleteRecursively(staging);
        }
    }

    private static void metrics(JsonGenerator g, TrainedSelectionProfile t) throws IOException {
        ProfileData.DataSplit split = t.split();
        g.writeStringField(
                "evaluatedOn",
                split.byTime()
                        ? "test period: rows from " + split.testFrom() + " to " + split.last()
                        : "random test share (seed " + split.seed() + ")");
        g.writeStringField("label", t.evaluation().labelNote());
        g.writeStringField("ranking", "score x amount at stake, highest first; the top capacity share is checked");
        g.writeNumberField("capacity", t.profile().combiner().capacity());
        g.writeArrayFieldStart("scorers");
        for (CapacityResult r : t.results()) {
            result(g, r);
        }
        g.writeEndArray();
        g.writeFieldName("combinedVersusEach");
        CapacityComparison.write(g, t.comparisons());
        combiner(g, t);
        g.writeObjectFieldStart("selectionBias");
        SelectionBias b = t.bias();
        g.writeNumberField("labelledShareOfTrainingRows", b.labelledShare());
        g.writeStringField("weighting", t.profile().weighting().method());
        g.writeNumberField("incorrectRateLabelledUnweighted", b.naiveRate());
        g.writeNumberField("incorrectRateLabelledWeighted", b.weightedRate());
        // null where the table labels only investigated rows
        AuditReport.number(g, "incorrectRateAllTrainingRows", b.allRowsRate());
        PriorShift prior = t.prior();
        if (prior == null) {
            g.writeStringField(
                    "priorShift",
                    "none: "
                            + ("none".equals(t.profile().combiner().prior())
                                    ? "the profile turns it off"
                                    : "fewer than " + PriorShift.MIN_RANDOM_ROWS + " labelled random-control rows"));
        } else {
            g.writeObjectFieldStart("priorShift");
            g.writeNumberField("randomControlRows", prior.randomRows());
            g.writeNumberField("randomControlIncorrect", prior.randomIncorrect());
            g.writeNumberField("estimatedIncorrectRate", prior.rate());
            g.writeNumberField("meanProbabilityBefore", prior.meanBefore());
            g.writeNumberField("logOddsShift", prior.shift());
            g.writeEndObject();
        }
        g.writeFieldName("weightedLogistic");
        result(g, b.weightedLogistic());
        if (b.unweightedLogistic() != null) {
            g.writeFieldName("unweightedLogistic");
            result(g, b.unweightedLogistic());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("equality");
        g.writeNumberField("logisticVsTribuoMaxAbs", t.logistic().maxDifference());
        g.writeNumberField("logisticRowsChecked", t.logistic().rowsChecked());
        g.writeNumberField("treesVsTribuoMaxAbs", t.treesMaxDifference());
        g.writeNumberField("compiledProfileVsPipelineMaxAbs", t.compiledMaxDifference());
        if (t.challenger() != null) {
            g.writeNumberField("challengerVsSmileMaxAbs", t.challenger().maxDifference());
            g.writeNumberField("challengerRowsChecked", t.challenger().rowsChecked());
            g.writeBooleanField("challengerResampledByWeight", t.challenger().resampled());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("stageMillis");
        for (Map.Entry<String, Long> e : t.millis().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /**
     * The combiner as fitted: its intercept and weights on the inputs' own scales (a model of weight
     * 0 is not evaluated when scoring), and the calibration, with the prior shift if one was made.
     */
    private static void combiner(JsonGenerator g, TrainedSelectionProfile t) throws IOException {
        SelectionProfileModel compiled = t.compiled();
        double[] w = compiled.combinerWeights();
        g.writeObjectFieldStart("combiner");
        g.writeNumberField("rows", t.combinerRows());
        g.writeNumberField("intercept", compiled.combinerIntercept());
        g.writeObjectFieldStart("weights");
        for (int i = 0; i < w.length; i++) {
            g.writeNumberField(ProfileSummary.COMBINER_INPUTS.get(i), w[i]);
        }
        g.writeEndObject();
        Calibration calibration = compiled.calibration();
        g.writeStringField("calibration", calibration.isPlatt() ? "platt" : "isotonic");
        g.writeNumberField("calibrationRows", t.calibrationRows());
        if (calibration.isPlatt()) {
            g.writeNumberField("plattSlope", calibration.slope());
            g.writeNumberField("plattIntercept", calibration.intercept());
        }
        g.writeEndObject();
    }

    private static void result(JsonGenerator g, CapacityResult r) throws IOException {
        g.writeStartObject();
        g.writeStringField("scorer", r.scorer());
        g.writeNumberField("rows", r.rows());
        g.writeNumberField("positives", r.positives());
        g.writeNumberField("rocAuc", r.rocAuc());
        g.writeNumberField("checked", r.checked());
        g.writeNumberField("found", r.found());
        AuditReport.number(g, "precision", r.precision());
        g.writeNumberField("incorrectSekFound", Math.round(r.incorrectSekFound()));
        g.writeNumberField("incorrectSekTotal", Math.round(r.incorrectSekTotal()));
        // null, not "NaN", when the test rows hold no incorrect SEK
        AuditReport.number(g, "shareOfIncorrectSekFound", r.shareOfSekFound());
        g.writeEndObject();
    }

    private static void provenance(JsonGenerator g, TrainedSelectionProfile t, DataProvenance data, Instant createdAt)
            throws IOException {
        ProfileDefinition p = t.profile();
        g.writeStringField("createdAt", createdAt.toString());
        g.writeObjectFieldStart("data");
        g.writeStringField("source", data.source());
        g.writeNumberField("rowsRead", t.counts().read());
        g.writeNumberField("rowsKept", t.counts().kept());
        g.writeArrayFieldStart("warnings");
        for (String warning : t.dataWarnings()) {
            g.writeString(warning);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("sha256");
        for (Map.Entry<String, String> file : new TreeMap<>(data.fileDigests()).entrySet()) {
            g.writeStringField(file.getKey(), file.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
        ProfileData.DataSplit split = t.split();
        g.writeObjectFieldStart("split");
        g.writeStringField("kind", split.byTime() ? "time" : "random");
        g.writeStringField("first", split.first().toString());
        if (split.byTime()) {
            g.writeStringField("validationFrom", split.validationFrom().toString());
            g.writeStringField("testFrom", split.testFrom().toString());
        }
        g.writeStringField("last", split.last().toString());
        g.writeNumberField("seed", split.seed());
        TrainedSelectionProfile.Counts c = t.counts();
        g.writeNumberField("trainRows", c.train());
        g.writeNumberField("trainLabelled", c.trainLabelled());
        g.writeNumberField("validationRows", c.validation());
        g.writeNumberField("validationLabelled", c.validationLabelled());
        g.writeNumberField("testRows", c.test());
        g.writeEndObject();
        // The profile as a file: `korrekt train --profile` on it trains with the same settings.
        g.writeFieldName("profile");
        ProfileFileWriter.write(p, g);
        g.writeObjectFieldStart("featureSchema");
        g.writeStringField("name", t.schema().name());
        g.writeNumberField("version", t.schema().version());
        g.writeStringField("fingerprint", t.schema().fingerprint());
        g.writeArrayFieldStart("encoding");
        for (ProfileData.EncodedFeature f : t.encoding()) {
            g.writeString(f.name() + " <- " + f.kind()
                    + (f.column() == null ? "" : " " + f.column())
                    + (f.level() == null ? "" : " = " + f.level()));
        }
        g.writeEndArray();
        g.writeEndObject();
        ModelBundleWriter.writeSoftware(g);
        g.writeStringField("xgboost", "xgboost4j " + jarVersion(ml.dmlc.xgboost4j.java.Booster.class));
        if (t.challenger() != null) {
            g.writeStringField("smile", "smile-core " + jarVersion(smile.classification.RandomForest.class));
        }
        g.writeStringField(
                "tribuoLogisticProvenance",
                t.logistic().tribuo().getProvenance().toString());
        g.writeStringField(
                "tribuoTreesProvenance", t.trees().tribuoModel().getProvenance().toString());
    }

    /** The implementation version in the manifest of the jar that holds {@code type}, lower case. */
    private static String jarVersion(Class<?> type) {
        Package p = type.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        return version == null ? "(version not in its jar manifest)" : version.toLowerCase(Locale.ROOT);
    }
}
