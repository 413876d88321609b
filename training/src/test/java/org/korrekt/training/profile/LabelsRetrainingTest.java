package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.history.Claim;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.Checksums;
import org.korrekt.features.model.CompiledModel;
import org.korrekt.features.model.ModelArtifacts;
import org.korrekt.features.model.SelectionProfileModel;
import org.korrekt.features.rules.CompiledRules;
import org.korrekt.training.evaluation.FairnessAudit;
import org.korrekt.training.evaluation.FairnessGate;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;

/**
 * The feedback loop closes: a labels export (investigators' outcomes with the claim features the
 * scoring service recorded) retrains a selection profile whose bundle carries the claim schema's
 * fingerprint and loads as the scoring side loads it. Without protected attributes in the export
 * the fairness gate says NOT_EVALUATED, never PASS; with them joined in, it judges.
 */
class LabelsRetrainingTest {

    private static final long SEED = 11;
    private static final Instant CREATED = Instant.parse("2025-01-20T08:00:00Z");

    private static GeneratedHistory history;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        System.out.println("LabelsRetrainingTest seed " + SEED);
        history = new HistoryGenerator(HistoryConfig.defaults(0.001, SEED)).generate((s, d, t) -> {});
    }

    @Test
    void anExportOfInvestigatedCasesRetrainsABundleTheScoringSideLoads() throws Exception {
        List<LabelsExport.Row> rows =
                RecordedFeaturesProfileTest.withMissingValues(LabelsExport.rows(history, Claim::investigated, SEED));
        assertThat(rows).hasSizeBetween(300, 3_000);
        Path file = LabelsExport.table(rows).writeParquet(dir.resolve("labels.parquet"));
        ProfileDefinition profile = ProfileDefinition.builtIn(ProfileDefinition.LABELS);

        ProfileData data = new ProfileDataReader(new Configuration()).read(profile, file.toUri(), s -> {});
        RecordedFeaturesProfileTest.assertFeaturesAsWritten(data, rows);
        TrainedSelectionProfile trained = new ProfileTrainer(profile, TrainingProgress.silent()).train(data);

        assertThat(trained.schema().fingerprint()).isEqualTo(ClaimFeatures.SCHEMA.fingerprint());
        // every case weighs 1 / its recorded chance of selection (normalised, capped): a case the random
        // control sample drew at 1 % stands for many applications, one its score selected for few
        double[] recorded = data.recordedPropensity();
        int[] labelled = ProfileTrainer.rows(data, ProfileData.DataSplit.TRAIN, true);
        double normaliser = Double.NaN;
        double naive = 0;
        double weighted = 0;
        double weights = 0;
        int capped = 0;
        for (int r : labelled) {
            double w = trained.trainingWeight(r, data.x()[r]);
            if (w == profile.weighting().maxWeight()) {
                capped++;
            } else {
                // uncapped, weight times chance is the one normaliser
                if (Double.isNaN(normaliser)) {
                    normaliser = w * recorded[r];
                }
                assertThat(w * recorded[r]).isCloseTo(normaliser, org.assertj.core.data.Offset.offset(1e-12));
            }
            naive += data.label()[r] ? 1 : 0;
            weighted += data.label()[r] ? w : 0;
            weights += w;
        }
        assertThat(capped).isLessThan(labelled.length / 10);
        int drawn = 0;
        int drawnIncorrect = 0;
        for (LabelsExport.Row row : rows) {
            if (row.randomControl()) {
                drawn++;
                drawnIncorrect += row.incorrect() ? 1 : 0;
            }
        }
        double randomRate = (double) drawnIncorrect / drawn;
        System.out.printf(
                "labels: %d labelled training rows, %d capped; incorrect rate unweighted %.3f, weighted %.3f,"
                        + " random control %.3f (%d rows)%n",
                labelled.length, capped, naive / labelled.length, weighted / weights, randomRate, drawn);
        assertThat(trained.bias().naiveRate())
                .isCloseTo(naive / labelled.length, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(trained.bias().weightedRate())
                .isCloseTo(weighted / weights, org.assertj.core.data.Offset.offset(1e-12));
        // the weights move the labelled rows' incorrect rate toward the random sample's, the unbiased one
        assertThat(Math.abs(weighted / weights - randomRate))
                .isLessThan(Math.abs(naive / labelled.length - randomRate));
        // the claim rules ran on the recorded feature vectors, as on computed ones
        assertThat(trained.rules()).isNotNull();
        assertThat(trained.results()).extracting(CapacityResult::scorer).contains("combined", "rules");
        // no protected attribute in the export: nothing judged, and the verdict says so
        assertThat(trained.evaluation().fairness().audits()).isEmpty();
        assertThat(trained.evaluation().verdict()).isEqualTo(FairnessGate.Outcome.NOT_EVALUATED);

        Path bundle = ProfileBundleWriter.write(
                dir.resolve("models"),
                trained,
                new ProfileBundleWriter.DataProvenance(
                        file.toUri().toString(), Map.of(file.toUri().toString(), Checksums.sha256Hex(file))),
                CREATED);

        assertThat(bundle.getParent()).isEqualTo(dir.resolve("models").resolve("labels"));
        BundleManifest manifest;
        try (InputStream in = Files.newInputStream(bundle.resolve(BundleManifest.FILE_NAME))) {
            manifest = BundleManifest.read(in);
        }
        assertThat(manifest.profile()).isEqualTo("labels");
        assertThat(manifest.version()).isEqualTo(bundle.getFileName().toString());
        assertThat(manifest.modelKind()).isEqualTo(BundleManifest.SELECTION_PROFILE);
        assertThat(manifest.schemaName()).isEqualTo(ClaimFeatures.SCHEMA.name());
        assertThat(manifest.schemaVersion()).isEqualTo(ClaimFeatures.SCHEMA.version());
        assertThat(manifest.schemaFingerprint()).isEqualTo(ClaimFeatures.SCHEMA.fingerprint());
        assertThat(manifest.gate()).isEqualTo(BundleManifest.GATE_NOT_EVALUATED);
        // what the scoring side's loader verifies: every listed file's checksum, then the artifact
        // against the running schema
        for (Map.Entry<String, String> listed : manifest.sha256().entrySet()) {
            assertThat(Checksums.sha256Hex(bundle.resolve(listed.getKey())))
                    .as(listed.getKey())
                    .isEqualTo(listed.getValue());
        }
        CompiledModel model;
        try (InputStream in = Files.newInputStream(bundle.resolve(ModelArtifacts.FILE_NAME))) {
            model = ModelArtifacts.readModel(in, ClaimFeatures.SCHEMA);
        }
        SelectionProfileModel loaded = (SelectionProfileModel) model;
        assertThat(loaded.schema().names()).isEqualTo(ClaimFeatures.SCHEMA.names());
        assertThat(loaded.ruleSet()).isEqualTo("claim-v1.rules.json");
        assertThat(loaded.encoding()).allMatch(e -> e.kind().equals("feature"));
        for (int r = 0; r < data.size(); r++) {
            assertThat(loaded.score(data.x()[r])).isEqualTo(trained.compiled().score(data.x()[r]));
        }
        aModelOfWeightZeroChangesNothingBesideTheRules(loaded, data.x());
        String evaluation = Files.readString(bundle.resolve(ProfileBundleWriter.EVALUATION));
        assertThat(evaluation)
                .contains("\"gateVerdict\" : \"NOT_EVALUATED\"")
                .contains("investigated cases only")
                .contains("Not audited for fairness: the labels carry no protected attributes");
        assertThat(Files.readString(bundle.resolve("provenance.json"))).contains("\"features\" : \"recorded\"");
        assertThat(Files.readString(bundle.resolve("metrics.json")))
                .contains("\"weighting\" : \"recorded-propensity\"");
    }

    @Test
    void fourWeeksOfLabelsWithProtectedAttributesJoinedInTrainAndAreJudged() throws Exception {
        LocalDate from = LocalDate.of(2024, 3, 4);
        LocalDate to = from.plusWeeks(4);
        List<LabelsExport.Row> rows = LabelsExport.rows(
                history,
                c -> !c.application().submittedOn().isBefore(from)
                        && c.application().submittedOn().isBefore(to),
                SEED);
        Path file = LabelsExport.table(rows)
                .withGroups(LabelsExport.GROUP_COLUMNS.toArray(new String[0]))
                .writeParquet(dir.resolve("weeks.parquet"));
        ProfileDefinition profile = ProfileDefinition.builtIn(ProfileDefinition.LABELS);

        ProfileData data = new ProfileDataReader(new Configuration()).read(profile, file.toUri(), s -> {});
        TrainedSelectionProfile trained = new ProfileTrainer(profile, TrainingProgress.silent()).train(data);

        assertThat(trained.split().byTime()).isTrue();
        assertThat(trained.split().testFrom()).isAfter(from).isBefore(to);
        assertThat(trained.counts().test()).isPositive();
        // the audit covers the joined columns, and the gate judges the ones it names
        assertThat(trained.evaluation().fairness().audits())
                .extracting(FairnessAudit.AttributeAudit::attribute)
                .containsExactlyElementsOf(LabelsExport.GROUP_COLUMNS);
        assertThat(trained.evaluation().verdict()).isIn(FairnessGate.Outcome.PASS, FairnessGate.Outcome.FAIL);
    }

    /**
     * The combiner and its calibration do not weigh rows by propensity (a fit of two parameters on a
     * few hundred rows must not hang on one row of weight 50); the prior shift does. So a calibration
     * row whose recorded chance of selection changes a hundredfold leaves the components, the
     * combiner and the calibration's slope as they were, and moves only the shift.
     */
    @Test
    void aCalibrationRowsPropensityMovesThePriorShiftButNotTheCalibrationSlope() throws Exception {
        List<LabelsExport.Row> rows = LabelsExport.rows(history, Claim::investigated, SEED);
        ProfileDefinition profile = ProfileDefinition.builtIn(ProfileDefinition.LABELS);
        Path file = LabelsExport.table(rows).writeParquet(dir.resolve("labels.parquet"));
        ProfileData data = new ProfileDataReader(new Configuration()).read(profile, file.toUri(), s -> {});
        // the newest labelled validation row: it calibrates, and nothing else learns from it
        int newest = -1;
        for (int r : ProfileTrainer.rows(data, ProfileData.DataSplit.VALIDATION, true)) {
            if (newest < 0 || data.days()[r] >= data.days()[newest]) {
                newest = r;
            }
        }
        assertThat(newest).isNotNegative();
        String decision = data.ids()[newest];
        // a likely case becomes a rare one (weight up to 100 times as large), or the other way round
        double other = data.recordedPropensity()[newest] >= 0.1 ? 0.001 : 1;
        List<LabelsExport.Row> rare = rows.stream()
                .map(row -> row.decisionId().equals(decision) ? row.withSelectionPropensity(other) : row)
                .toList();
        Path rareFile = LabelsExport.table(rare).writeParquet(dir.resolve("rare.parquet"));
        ProfileData rareData = new ProfileDataReader(new Configuration()).read(profile, rareFile.toUri(), s -> {});

        TrainedSelectionProfile trained = new ProfileTrainer(profile, TrainingProgress.silent()).train(data);
        TrainedSelectionProfile rareTrained = new ProfileTrainer(profile, TrainingProgress.silent()).train(rareData);

        assertThat(rareTrained.stacker().weights())
                .containsExactly(trained.stacker().weights());
        assertThat(rareTrained.stacker().intercept())
                .isEqualTo(trained.stacker().intercept());
        assertThat(rareTrained.calibration().slope())
                .isEqualTo(trained.calibration().slope());
        assertThat(trained.prior()).isNotNull();
        assertThat(rareTrained.prior().shift()).isNotEqualTo(trained.prior().shift());
    }

    /**
     * The served profile skips a model of weight 0. With the rules beside the models (claim-v1),
     * every pattern of zero weights, the rule weights' included, must give the log-odds, score and
     * contributions of the combiner's formula, computed here from each model and rule on its own.
     */
    private static void aModelOfWeightZeroChangesNothingBesideTheRules(SelectionProfileModel trained, double[][] xs) {
        int n = trained.featureCount();
        double[] w0 = trained.combinerWeights();
        double slope = trained.calibration().slope();
        double c = trained.forest().expectedPathLength();
        CompiledRules rules = CompiledRules.bundled(trained.ruleSet(), trained.schema());
        int[] hits = new int[rules.size()];
        double[] lr = new double[n];
        double[] tree = new double[n];
        double[] forest = new double[n];
        double[] out = new double[n];
        int rowsWithHits = 0;
        for (int zeros = 0; zeros < 32; zeros++) {
            double[] w = w0.clone();
            for (int i = 0; i < w.length; i++) {
                if ((zeros & (1 << i)) != 0) {
                    w[i] = 0;
                }
            }
            SelectionProfileModel profile = new SelectionProfileModel(
                    trained.schema(),
                    trained.encoding(),
                    trained.logistic(),
                    trained.trees(),
                    trained.forest(),
                    trained.ruleSet(),
                    trained.combinerIntercept(),
                    w,
                    trained.calibration());
            for (int r = 0; r < xs.length; r += 5) {
                double[] x = xs[r];
                double[] expected = new double[n];
                trained.logistic().contributions(x, lr);
                trained.trees().contributions(x, tree);
                trained.forest().attributions(x, forest);
                for (int i = 0; i < n; i++) {
                    expected[i] = w[0] * lr[i] + w[1] * tree[i] + (c > 0 ? w[2] * forest[i] / c : 0);
                }
                double z = trained.combinerIntercept()
                        + w[0] * trained.logistic().logOdds(x)
                        + w[1] * trained.trees().logOdds(x)
                        + w[2] * trained.forestShortfall(x);
                int count = rules.evaluate(x, hits);
                for (int h = 0; h < count; h++) {
                    org.korrekt.features.rules.Severity severity =
                            rules.rule(hits[h]).severity();
                    double weight = severity == org.korrekt.features.rules.Severity.HIGH
                            ? w[3]
                            : severity == org.korrekt.features.rules.Severity.MEDIUM ? w[4] : 0;
                    z += weight;
                    expected[rules.decisiveFeature(hits[h])] += weight;
                }
                rowsWithHits += zeros == 0 && count > 0 ? 1 : 0;
                assertThat(profile.combinerLogOdds(x)).isCloseTo(z, within(1e-12));
                assertThat(profile.score(x)).isCloseTo(trained.calibration().probability(z), within(1e-12));
                profile.contributions(x, out);
                for (int i = 0; i < n; i++) {
                    assertThat(out[i]).isCloseTo(slope * expected[i], within(1e-9));
                }
            }
        }
        assertThat(rowsWithHits)
                .as("rows where a rule hits, so that the rules count in this check")
                .isPositive();
    }
}
