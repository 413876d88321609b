package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.CompiledModel;
import org.korrekt.features.model.ModelArtifacts;
import org.korrekt.features.model.SelectionProfileModel;
import org.korrekt.features.model.SmileForestModel;
import org.korrekt.training.cli.TrainingCli;
import org.korrekt.training.data.HistoryWriter;
import org.korrekt.training.data.TestParquet;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;

/**
 * A claims table korrekt has never seen, a CSV with numeric, categorical and date columns and a
 * yes/no label, described by a profile file alone: {@code korrekt train} reads it, trains every
 * component, and writes a bundle whose compiled profile reads back with its own schema and scores
 * what the pipeline scored.
 */
class ForeignTableProfileTest {

    private static final long SEED = 7;

    @Test
    void aProfileFileTrainsOnAnUnseenCsvTable(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 4_000);
        Path profile = dir.resolve("county.profile.json");
        Files.writeString(profile, """
                {
                  "name": "county-care",
                  "description": "A county's home-care claims.",
                  "features": "columns",
                  "columns": {
                    "id": "claim_ref",
                    "time": "filed",
                    "label": "overpaid",
                    "positive": "yes",
                    "amount": "amount",
                    "numeric": ["hours", "visits"],
                    "categorical": ["region", "agency"],
                    "dates": ["care_start"],
                    "excluded": ["gender"]
                  },
                  "models": { "trees": { "trees": 40 }, "isolationForest": { "trees": 50 } },
                  "split": { "seed": 3 }
                }
                """);
        Path models = dir.resolve("models");
        Run run = train(profile, csv, models);
        String printed = run.out();
        assertThat(run.exit()).as(printed + run.err()).isZero();
        assertThat(run.err()).doesNotContain("WARNING");
        // a CSV's rows are counted as they are read
        assertThat(run.err()).containsPattern("Reading county-care .* 4000/\\? ");
        assertThat(printed).contains("| combined |").contains("| trees |").contains("| forest |");
        // the lead over each scorer with its bootstrap interval, and the same over the best in the summary
        assertThat(printed)
                .contains(
                        "| combined minus | incorrect SEK | 95 % interval | draws with the combined ahead | verdict |")
                .containsPattern("\\| logistic \\| -?[0-9,]+ \\| -?[0-9,]+ to -?[0-9,]+ \\| [0-9.]+ % \\|"
                        + " (ahead|behind|within noise) \\|")
                .containsPattern("\\| county-care \\| 4,000 \\| .* SEK \\([+-][0-9,]+ to [+-][0-9,]+\\)");

        Path bundle = onlyBundle(models.resolve("county-care"));
        assertThat(bundle.getFileName().toString()).matches("county-care-\\d{8}-\\d{6}-[0-9a-f]{12}");
        BundleManifest manifest;
        try (InputStream in = Files.newInputStream(bundle.resolve(BundleManifest.FILE_NAME))) {
            manifest = BundleManifest.read(in);
        }
        assertThat(manifest.modelKind()).isEqualTo(BundleManifest.SELECTION_PROFILE);
        CompiledModel model;
        try (InputStream in = Files.newInputStream(bundle.resolve(ModelArtifacts.FILE_NAME))) {
            model = ModelArtifacts.readModel(in);
        }
        SelectionProfileModel profileModel = (SelectionProfileModel) model;
        assertThat(profileModel.schema().fingerprint()).isEqualTo(manifest.schemaFingerprint());
        assertThat(profileModel.schema().names())
                .contains("hours", "visits", "care_start_days_after_filed")
                .anyMatch(n -> n.startsWith("region_is_"))
                .noneMatch(n -> n.contains("gender"));
        assertThat(profileModel.encoding())
                .anyMatch(e -> e.kind().equals("one-hot") && e.column().equals("region"));
        String metrics = Files.readString(bundle.resolve("metrics.json"));
        assertThat(metrics).contains("\"scorer\" : \"combined\"");
        // the combiner's weights, as served, are in metrics.json and report.md
        java.util.Map<?, ?> combiner;
        try (InputStream in = Files.newInputStream(bundle.resolve("metrics.json"))) {
            combiner = (java.util.Map<?, ?>) ((java.util.Map<?, ?>) Json.read(in, "metrics.json")).get("combiner");
        }
        java.util.Map<?, ?> weights = (java.util.Map<?, ?>) combiner.get("weights");
        double[] served = profileModel.combinerWeights();
        for (int i = 0; i < served.length; i++) {
            assertThat(((Number) weights.get(ProfileSummary.COMBINER_INPUTS.get(i))).doubleValue())
                    .isEqualTo(served[i]);
        }
        assertThat(((Number) combiner.get("plattSlope")).doubleValue())
                .isEqualTo(profileModel.calibration().slope());
        String report = Files.readString(bundle.resolve("report.md"));
        assertThat(report).contains("## The combiner", "| trees, log-odds | ");
        // the calibration is said to include the prior shift exactly when one was made
        assertThat(report.contains("(the prior shift included)")).isEqualTo(metrics.contains("\"priorShift\" : {"));
        // the provenance holds the profile as a file that reads back as the one trained
        Object provenance;
        try (InputStream in = Files.newInputStream(bundle.resolve("provenance.json"))) {
            provenance = Json.read(in, "provenance.json");
        }
        assertThat(ProfileDefinition.of(((java.util.Map<?, ?>) provenance).get("profile"), "provenance.json"))
                .isEqualTo(ProfileDefinition.read(profile));

        // the profile separates the classes it was built on, and its reasons add up (Platt calibration)
        double[] x = new double[profileModel.featureCount()];
        double[] contributions = new double[x.length];
        SplittableRandom random = new SplittableRandom(SEED);
        for (int row = 0; row < 500; row++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = profileModel.encoding().get(i).kind().equals("one-hot")
                        ? random.nextInt(2)
                        : random.nextDouble() * 40;
            }
            if (row % 7 == 0) {
                x[0] = Double.NaN;
            }
            double p = profileModel.score(x);
            profileModel.contributions(x, contributions);
            double sum = profileModel.baseLogOdds();
            for (double c : contributions) {
                sum += c;
            }
            assertThat(sum).isCloseTo(Math.log(p / (1 - p)), org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    /**
     * The same table with its rows in another order (sorted by another column, or written as other
     * part files) trains the same bundle: the rows are put in order of time and id first. Before,
     * the folds, the trees' sub-samples and the forest's samples followed the table's order, and a
     * data scientist's table trained four ways gave four bundles.
     */
    @Test
    void theTablesRowOrderDoesNotChangeTheBundle(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 3_000);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
        java.util.Collections.shuffle(rows, new java.util.Random(SEED));
        Path shuffled = dir.resolve("shuffled.csv");
        List<String> reordered = new ArrayList<>(List.of(lines.get(0)));
        reordered.addAll(rows);
        Files.write(shuffled, reordered, StandardCharsets.UTF_8);
        Path profile = dir.resolve("county.profile.json");
        Files.writeString(profile, """
                {
                  "name": "county-care",
                  "features": "columns",
                  "columns": {
                    "id": "claim_ref", "time": "filed", "label": "overpaid", "positive": "yes", "amount": "amount",
                    "numeric": ["hours", "visits"], "categorical": ["region", "agency"], "dates": ["care_start"],
                    "excluded": ["gender"]
                  },
                  "models": { "trees": { "trees": 30 }, "isolationForest": { "trees": 30 } }
                }
                """);
        List<byte[]> artifacts = new ArrayList<>();
        for (Path table : List.of(csv, shuffled)) {
            Path models = dir.resolve("models-" + table.getFileName());
            Run run = train(profile, table, models);
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            artifacts.add(
                    Files.readAllBytes(onlyBundle(models.resolve("county-care")).resolve(ModelArtifacts.FILE_NAME)));
        }
        assertThat(artifacts.get(1)).isEqualTo(artifacts.get(0));
    }

    /**
     * The same table as Spark writes it to HDFS: a folder per region ({@code region=north}, a
     * column of no file), money as DECIMAL, a date-time as INT96, a boolean label, and one part
     * file without a column the others have. The profile that reads the CSV reads it as it is.
     */
    @Test
    void aPartitionedParquetTableAsSparkWritesItTrainsWithTheCsvsProfile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 4_000);
        MessageType schema = new MessageType(
                "spark_schema",
                TestParquet.text("claim_ref"),
                TestParquet.date("filed"),
                Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.decimalType(2, 18))
                        .named("amount"),
                Types.optional(PrimitiveTypeName.DOUBLE).named("hours"),
                Types.optional(PrimitiveTypeName.INT32).named("visits"),
                TestParquet.text("agency"),
                Types.optional(PrimitiveTypeName.INT96).named("care_start"),
                TestParquet.text("gender"),
                Types.optional(PrimitiveTypeName.BOOLEAN).named("overpaid"));
        java.util.Map<String, List<String[]>> byRegion = new java.util.TreeMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.replace("\"", "").split(",", -1);
            byRegion.computeIfAbsent(cells[5], r -> new ArrayList<>()).add(cells);
        }
        Path table = dir.resolve("claims");
        for (java.util.Map.Entry<String, List<String[]>> region : byRegion.entrySet()) {
            // the west's file was written before the table had an agency column
            boolean agency = !region.getKey().equals("west");
            MessageType fileSchema = agency
                    ? schema
                    : new MessageType(
                            schema.getName(),
                            schema.getFields().stream()
                                    .filter(f -> !f.getName().equals("agency"))
                                    .toList());
            Path file = Files.createDirectories(table.resolve("region=" + region.getKey()))
                    .resolve("part-00000-c000.snappy.parquet");
            List<String[]> rows = region.getValue();
            TestParquet.write(file, fileSchema, rows.size(), (g, r) -> {
                String[] c = rows.get(r);
                g.add("claim_ref", c[0]);
                g.add("filed", (int) LocalDate.parse(c[1]).toEpochDay());
                g.add("amount", new java.math.BigDecimal(c[2]).movePointRight(2).longValueExact());
                if (!c[3].isEmpty()) {
                    g.add("hours", Double.parseDouble(c[3]));
                }
                g.add("visits", Integer.parseInt(c[4]));
                if (agency) {
                    g.add("agency", c[6]);
                }
                // 08:30 on the day of care_start, UTC
                java.nio.ByteBuffer time = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                time.putLong(30_600_000_000_000L)
                        .putInt((int) (LocalDate.parse(c[7]).toEpochDay() + 2_440_588L));
                g.add("care_start", Binary.fromConstantByteArray(time.array()));
                g.add("gender", c[8]);
                g.add("overpaid", c[9].equals("yes"));
            });
        }
        Path profile = dir.resolve("county.profile.json");
        Files.writeString(profile, """
                {"name": "county-care", "features": "columns",
                 "columns": {"id": "claim_ref", "time": "filed", "label": "overpaid", "positive": "yes",
                   "amount": "amount", "numeric": ["hours", "visits"], "categorical": ["region", "agency"],
                   "dates": ["care_start"], "excluded": ["gender"]},
                 "models": { "trees": { "trees": 40 }, "isolationForest": { "trees": 50 } }}
                """);

        Run run = train(profile, Path.of(table + "/region=*"), dir.resolve("models"));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.err())
                .containsOnlyOnce("WARNING: county-care: column 'agency' is in 3 of the 4 part files; it is missing in"
                        + " every row of the other 1 (the first: ")
                .contains("region=west/part-00000-c000.snappy.parquet)");
        assertThat(run.out()).containsPattern("\\| county-care \\| 4,000 \\|");
        // the rows to read are known from the part files' footers, so the bar counts to them
        assertThat(run.err()).containsPattern("Reading county-care 100% .* 4000/4000 ");
        Path bundle = onlyBundle(dir.resolve("models").resolve("county-care"));
        SelectionProfileModel model;
        try (InputStream in = Files.newInputStream(bundle.resolve(ModelArtifacts.FILE_NAME))) {
            model = (SelectionProfileModel) ModelArtifacts.readModel(in);
        }
        // the folders' regions and the INT96 dates became features
        assertThat(model.schema().names())
                .contains("region_is_north", "region_is_south", "care_start_days_after_filed")
                .anyMatch(n -> n.startsWith("agency_is_"));
    }

    @Test
    void aRowErrorInAParquetFileNamesTheFileOnce(@TempDir Path dir) throws Exception {
        MessageType schema = new MessageType(
                "t",
                TestParquet.text("claim_ref"),
                TestParquet.date("filed"),
                Types.optional(PrimitiveTypeName.DOUBLE).named("amount"),
                Types.optional(PrimitiveTypeName.DOUBLE).named("hours"),
                Types.optional(PrimitiveTypeName.DOUBLE).named("visits"),
                Types.optional(PrimitiveTypeName.BOOLEAN).named("overpaid"));
        Path file = dir.resolve("claims.parquet");
        TestParquet.write(file, schema, 3, (g, r) -> {
            g.add("claim_ref", "C" + r);
            g.add("filed", 19_500 + r);
            g.add("amount", r == 1 ? -5.0 : 100.0);
            g.add("overpaid", r == 0);
        });

        Run run = train(plainProfile(dir), file, dir.resolve("m"));

        assertThat(run.exit()).isEqualTo(2);
        String message = run.errorLine();
        assertThat(message)
                .startsWith("korrekt train: file:" + file + ", row 2: row C1 has the amount -5.0")
                .containsOnlyOnce(file.getFileName().toString());
    }

    /**
     * Columns no model can use, incorrect amounts above the amount and a date after today are legal:
     * the training goes on, and says so on the console, in report.md and in provenance.json.
     */
    @Test
    void warnsOfWhatIsLegalButLikelyAMistakeAndTrains(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 4_000);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(0, lines.get(0) + ",note,caseworker,overpaid_sek");
        String inflated = null;
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            double amount = Double.parseDouble(cells[2]);
            boolean overpaid = cells[9].equals("yes");
            // the first overpaid row's incorrect amount is three times its amount, the others' half
            boolean inflate = overpaid && inflated == null;
            if (inflate) {
                inflated = cells[0];
            }
            String incorrect = overpaid ? String.valueOf(inflate ? 3 * amount : amount / 2) : "";
            String line = lines.get(i) + ",,W" + i + "," + incorrect;
            lines.set(i, i == 9 ? line.replaceFirst(",2023-\\d\\d-\\d\\d,", ",2099-06-01,") : line);
        }
        Files.write(csv, lines);
        Path profile = dir.resolve("county.profile.json");
        Files.writeString(profile, """
                {
                  "name": "county-care",
                  "columns": {
                    "id": "claim_ref", "time": "filed", "label": "overpaid", "positive": "yes", "amount": "amount",
                    "incorrectAmount": "overpaid_sek",
                    "numeric": ["hours", "visits", "note"], "categorical": ["region", "agency", "caseworker"]
                  },
                  "models": { "trees": { "trees": 20 }, "isolationForest": { "trees": 20 } }
                }
                """);

        Run run = train(profile, csv, dir.resolve("models"));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        String[] warnings = {
            "column 'note' is empty in every training row, so no model can learn from it",
            "column 'caseworker' yields no feature: none of its ",
            "1 row(s) have an incorrect amount above their amount at stake (the largest excess: row " + inflated + ",",
            "1 row(s) are dated after today (",
            "), the latest 2099-06-01; is the time column the day of application?"
        };
        assertThat(run.err())
                .contains("WARNING: county-care: column 'note' is empty")
                .contains(warnings);
        Path bundle = onlyBundle(dir.resolve("models/county-care"));
        assertThat(Files.readString(bundle.resolve("report.md")))
                .contains("Warnings about the data (training went on):\n\n- column 'note' is empty")
                .contains(warnings);
        assertThat(Files.readString(bundle.resolve("provenance.json")))
                .contains("\"warnings\" : [ \"column 'note' is empty")
                .contains(warnings);
    }

    /**
     * One amount out of all proportion on a training row (10^200 SEK among amounts of thousands):
     * the combiner weighed rows by their amount, so that one row decided it, all its weights came
     * out 0 and the profile ranked by amount alone (ROC AUC 0.5). The row is named, its weight
     * bounded, and the profile still separates the classes.
     */
    @Test
    void anAmountOutOfAllProportionIsNamedAndDoesNotDecideTheCombiner(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeInvestigatedTable(csv);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        // the oldest correct payment: a training row the combiner learns from
        int oldest = -1;
        for (int i = 1; i < lines.size(); i++) {
            String[] row = lines.get(i).split(",", -1);
            if (row[9].equals("yes")
                    && row[10].equals("true")
                    && (oldest < 0 || row[1].compareTo(lines.get(oldest).split(",")[1]) < 0)) {
                oldest = i;
            }
        }
        String[] cells = lines.get(oldest).split(",", -1);
        cells[2] = "1e200";
        lines.set(oldest, String.join(",", cells));
        Files.write(csv, lines);

        Run run = train(investigatedProfile(dir), csv, dir.resolve("models"));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.err())
                .contains("1 row(s) have an amount at stake over 1,000 times the median (")
                .contains("the largest row " + cells[0] + " with 1.000e+200 SEK");
        Path bundle = onlyBundle(dir.resolve("models/county-care"));
        java.util.Map<?, ?> metrics;
        try (InputStream in = Files.newInputStream(bundle.resolve("metrics.json"))) {
            metrics = (java.util.Map<?, ?>) Json.read(in, "metrics.json");
        }
        java.util.Map<?, ?> combined = (java.util.Map<?, ?>) ((List<?>) metrics.get("scorers")).get(0);
        assertThat(((Number) combined.get("rocAuc")).doubleValue()).isGreaterThan(0.7);
        java.util.Map<?, ?> combiner = (java.util.Map<?, ?>) metrics.get("combiner");
        assertThat(((Number) combiner.get("plattSlope")).doubleValue()).isGreaterThan(0.1);
    }

    /**
     * The optional Smile 2.6 challenger: trained on the labelled training rows, compiled, equal to
     * Smile on every test row (those with a missing value too, which Smile could not train on),
     * evaluated beside the components, and written to the bundle as its own artifact.
     */
    @Test
    void aSemicolonSeparatedExportWithDecimalCommasReadsAsTheCommaSeparatedTable(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 1_000);
        // as a spreadsheet set to Swedish saves the same table: semicolons between fields, decimal commas
        Path swedish = dir.resolve("claims-sv.csv");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            lines.add(String.join(";", line.split(",", -1)).replace('.', ','));
        }
        Files.write(swedish, lines);
        assertThat(lines.get(1)).contains(";").containsPattern(";[0-9]+,[0-9]{2};");
        ProfileDefinition profile = ProfileDefinition.read(countyProfile(dir, "{}"));
        ProfileDataReader reader = new ProfileDataReader(new Configuration());

        ProfileData comma = reader.read(profile, csv.toUri(), table -> {});
        ProfileData semicolon = reader.read(profile, swedish.toUri(), table -> {});

        assertThat(semicolon.ids()).containsExactly(comma.ids());
        assertThat(semicolon.schema().names()).isEqualTo(comma.schema().names());
        // bit for bit, a missing value (NaN) where the comma table has one
        assertThat(java.util.Arrays.deepEquals(semicolon.x(), comma.x()))
                .as("feature vectors equal")
                .isTrue();
        assertThat(semicolon.amount()).containsExactly(comma.amount());
        assertThat(semicolon.label()).containsExactly(comma.label());
        assertThat(semicolon.split().part()).containsExactly(comma.split().part());
        // the hours of one row in 50 are missing in both: the table's first row's, not its second's
        int hours = comma.schema().names().indexOf("hours");
        List<String> ids = List.of(semicolon.ids());
        assertThat(Double.isNaN(semicolon.x()[ids.indexOf(lines.get(1).split(";")[0])][hours]))
                .isTrue();
        assertThat(semicolon.x()[ids.indexOf(lines.get(2).split(";")[0])][hours])
                .isGreaterThan(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"random-forest", "gradient-boosting"})
    void aSmileChallengerIsCompiledEqualToSmileAndEvaluatedBesideTheComponents(String kind, @TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 4_000);
        ProfileDefinition profile = ProfileDefinition.read(countyProfile(dir, """
                {
                  "trees": { "trees": 40 }, "isolationForest": { "trees": 50 },
                  "smile": { "kind": "%s", "trees": 60 }
                }""".formatted(kind)));
        ProfileData data = new ProfileDataReader(new org.apache.hadoop.conf.Configuration())
                .read(profile, csv.toUri(), table -> {});
        TrainedSelectionProfile trained = new ProfileTrainer(profile, TrainingProgress.silent()).train(data);

        SmileChallenger challenger = trained.challenger();
        assertThat(challenger).isNotNull();
        assertThat(challenger.compiled().treeCount()).isEqualTo(60);
        assertThat(challenger.compiled().kind())
                .isEqualTo(
                        kind.equals("random-forest")
                                ? SmileForestModel.Kind.RANDOM_FOREST
                                : SmileForestModel.Kind.GRADIENT_BOOSTING);
        // every test row, as the pipeline checked them; the missing hours (every 50th row) among them
        int[] test = ProfileTrainer.rows(data, ProfileData.DataSplit.TEST, false);
        assertThat(challenger.rowsChecked()).isEqualTo(test.length);
        assertThat(challenger.maxDifference()).isLessThanOrEqualTo(1e-9);
        int missing = 0;
        for (int r : test) {
            double[] x = data.x()[r];
            assertThat(challenger.compiled().score(x))
                    .isCloseTo(challenger.smileProbability(x), org.assertj.core.data.Offset.offset(1e-9));
            int hours = data.schema().names().indexOf("hours");
            if (Double.isNaN(x[hours])) {
                missing++;
                // served as NaN, the row takes the path a row trained on as the largest double takes
                double[] asTrained = x.clone();
                asTrained[hours] = Double.MAX_VALUE;
                assertThat(challenger.compiled().score(x)).isEqualTo(challenger.smileProbability(asTrained));
            }
        }
        assertThat(missing).isPositive();
        // a row missing every value goes right at every split, in Smile and compiled alike
        double[] empty = new double[data.schema().size()];
        java.util.Arrays.fill(empty, Double.NaN);
        assertThat(challenger.compiled().score(empty))
                .isCloseTo(challenger.smileProbability(empty), org.assertj.core.data.Offset.offset(1e-9));

        String name = SmileChallenger.scorerName(profile.challenger());
        assertThat(trained.results()).extracting(CapacityResult::scorer).contains("combined", name);

        Path bundle = ProfileBundleWriter.write(
                dir.resolve("models"),
                trained,
                new ProfileBundleWriter.DataProvenance(csv.toUri().toString(), java.util.Map.of()),
                java.time.Instant.parse("2026-11-23T00:00:00Z"));
        BundleManifest manifest;
        try (InputStream in = Files.newInputStream(bundle.resolve(BundleManifest.FILE_NAME))) {
            manifest = BundleManifest.read(in);
        }
        assertThat(manifest.sha256()).containsKey(SmileChallenger.FILE_NAME);
        CompiledModel read;
        try (InputStream in = Files.newInputStream(bundle.resolve(SmileChallenger.FILE_NAME))) {
            read = ModelArtifacts.readModel(in);
        }
        for (int r : test) {
            assertThat(read.score(data.x()[r])).isEqualTo(challenger.compiled().score(data.x()[r]));
        }
        assertThat(Files.readString(bundle.resolve("metrics.json")))
                .contains("\"scorer\" : \"" + name + "\"")
                .contains("\"challengerVsSmileMaxAbs\"");
        assertThat(Files.readString(bundle.resolve("report.md"))).contains("| " + name + " |");
        assertThat(Files.readString(bundle.resolve("provenance.json")))
                .contains("\"smile\" : \"smile-core 2.6.")
                .contains("\"smile\" : {\n        \"kind\" : \"" + kind + "\"");
    }

    @Test
    void aProfileThatNamesAMissingColumnSaysWhichColumnsExist(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 200);
        Path profile = dir.resolve("bad.profile.json");
        Files.writeString(profile, """
                {"name": "bad", "columns": {"id": "claim_ref", "time": "filed", "label": "overpaid",
                 "amount": "amount", "numeric": ["hourz"]}}
                """);
        Run run = train(profile, csv, dir.resolve("m"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("no column 'hourz'")
                .contains("visits")
                .contains("(fields separated by commas, as read from its header)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2 | '' | row C7 has no amount in column 'amount'; every row needs a finite amount at stake of 0 or more",
                "2 | Infinity | row C7 has the amount Infinity in column 'amount'",
                "2 | -5 | row C7 has the amount -5.0 in column 'amount'",
                "9 | maybe | row C7 has 'maybe' in column 'overpaid', which is neither yes nor no (the positive value is"
                        + " 'yes')",
                "9 | '' | row C7 has no label in column 'overpaid'; without an \"investigated\" column every row must be"
                        + " labelled",
                "0 | C8 | row 9 of the table repeats the id C8 of an earlier row; every row needs its own id in column"
                        + " 'claim_ref'",
                "0 | '' | row 8: no id in column 'claim_ref'",
                "3 | Infinity | row C7 has Infinity in numeric column 'hours'; a number must be finite, or missing"
                        + " (empty, or NA, N/A, NaN, NULL or #N/A)",
                "3 | 1e400 | row C7 has Infinity in numeric column 'hours'",
                "3 | 5f | row 8 (claim_ref C7): column 'hours' should be numeric but holds '5f'",
                "3 | 0x1p3 | row 8 (claim_ref C7): column 'hours' should be numeric but holds '0x1p3'",
                "2 | \"12,500\" | row 8 (claim_ref C7): column 'amount' holds '12,500', which could be 12500 (with a"
                        + " thousands separator) or 12.500 (with a decimal comma); in a file separated by commas",
                "1 | 2023-08-199 | row 8 (claim_ref C7): column 'filed' should hold ISO dates (yyyy-MM-dd) but holds"
                        + " '2023-08-199'"
            })
    void refusesARowItCouldNotRankOrLearnFrom(int field, String value, String message, @TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 200);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("C7,")) {
                String[] cells = lines.get(i).split(",", -1);
                cells[field] = value;
                lines.set(i, String.join(",", cells));
            }
        }
        Files.write(csv, lines);
        Path profile = plainProfile(dir);
        Run run = train(profile, csv, dir.resolve("m"));
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("korrekt train: " + csv + ": " + message).doesNotContain("\tat ");
        assertThat(dir.resolve("m").resolve("p")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "yes | -100 | row C7 has the incorrect amount -100.0 in column 'overpaid_sek'; an incorrect amount is a"
                        + " finite number of 0 or more, or missing (0)",
                "no | 100 | row C7 has the incorrect amount 100.0 in column 'overpaid_sek' but is not labelled"
                        + " incorrect ('overpaid' is not 'yes'); a correct payment has no incorrect amount"
            })
    void refusesAnIncorrectAmountThatCannotBeCounted(String label, String incorrect, String message, @TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 200);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(0, lines.get(0) + ",overpaid_sek,household");
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("C7,")) {
                line = line.substring(0, line.lastIndexOf(',') + 1) + label + "," + incorrect;
            } else {
                line = line + (line.endsWith(",yes") ? ",250" : ",");
            }
            lines.set(i, line + ",h" + i % 7);
        }
        Files.write(csv, lines);
        Path profile = dir.resolve("p.profile.json");
        Files.writeString(profile, """
                {"name": "p", "columns": {"id": "claim_ref", "group": "household", "time": "filed",
                 "label": "overpaid", "positive": "yes", "amount": "amount", "incorrectAmount": "overpaid_sek",
                 "numeric": ["hours", "visits"]}}
                """);
        Run run = train(profile, csv, dir.resolve("m"));
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("korrekt train: " + csv + ": " + message).doesNotContain("\tat ");

        // the same table without the bad row trains; a group column the table lacks is named
        lines.removeIf(line -> line.startsWith("C7,"));
        Files.write(csv, lines);
        assertThat(train(profile, csv, dir.resolve("m")).exit()).isZero();
        Files.writeString(profile, Files.readString(profile).replace("\"household\"", "\"family\""));
        Run noGroup = train(profile, csv, dir.resolve("m2"));
        assertThat(noGroup.exit()).isEqualTo(2);
        assertThat(noGroup.err()).contains("no column 'family'");
    }

    @Test
    void saysSoWhenTheTestRowsHoldNoIncorrectSek(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 1_500);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(0, lines.get(0) + ",overpaid_sek");
        for (int i = 1; i < lines.size(); i++) {
            lines.set(i, lines.get(i) + ",");
        }
        Files.write(csv, lines);
        Path profile = dir.resolve("p.profile.json");
        Files.writeString(profile, """
                {"name": "p", "columns": {"id": "claim_ref", "time": "filed", "label": "overpaid", "positive": "yes",
                 "amount": "amount", "incorrectAmount": "overpaid_sek", "numeric": ["hours", "visits"]},
                 "models": { "trees": { "trees": 20 }, "isolationForest": { "trees": 20 } }}
                """);
        Path models = dir.resolve("m");
        Run run = train(profile, csv, models);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Note: the test rows hold no incorrect SEK (column 'overpaid_sek' is empty or 0 there), so"
                        + " the SEK figures above say nothing about the scorers.");
        // a share of no incorrect SEK is undefined, and says so
        assertThat(run.out())
                .containsPattern("\\| combined \\| [0-9.]+ \\| .* \\| 0 \\| n/a \\|")
                .doesNotContain("NaN");
        Path bundle = onlyBundle(models.resolve("p"));
        // JSON has no NaN: a share of nothing is null
        assertThat(Files.readString(bundle.resolve("metrics.json")))
                .contains("\"shareOfIncorrectSekFound\" : null")
                .doesNotContain("NaN");
    }

    @Test
    void saysWhatIsWrongWithTheDataOrOutputPathWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 200);
        Path profile = plainProfile(dir);
        Path missing = dir.resolve("nope.csv");
        Run noFile = train(profile, missing, dir.resolve("m"));
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err())
                .contains("korrekt train: cannot read " + missing + ": no such file or folder: " + missing);

        Path fake = dir.resolve("fake.parquet");
        Files.writeString(fake, "not parquet\n");
        Run notParquet = train(profile, fake, dir.resolve("m"));
        assertThat(notParquet.exit()).isEqualTo(2);
        assertThat(notParquet.err())
                .contains("korrekt train: cannot read " + fake + ": ")
                .contains("is not a Parquet file");

        Files.writeString(csv, Files.readString(csv) + "C9999,2023-05-01,100,1,1,north,a,2023-04-01,f,no,extra\n");
        Run ragged = train(profile, csv, dir.resolve("m"));
        assertThat(ragged.exit()).isEqualTo(2);
        assertThat(ragged.err())
                .contains("korrekt train: cannot read " + csv + ": " + csv + " line 202: expected 10"
                        + " fields, found 11");

        Path file = dir.resolve("a-file");
        Files.writeString(file, "");
        Run outIsFile = train(profile, csv, file);
        assertThat(outIsFile.exit()).isEqualTo(2);
        assertThat(outIsFile.err()).contains("korrekt train: --out " + file + " is a file; it must be a folder");

        // a bundle, or a folder in one, is not a models folder: bundles are immutable
        Path bundle = Files.createDirectories(dir.resolve("models/p/p-20260101-000000-0123456789ab"));
        Files.writeString(bundle.resolve(BundleManifest.FILE_NAME), "{}");
        Run intoBundle = train(profile, csv, bundle);
        assertThat(intoBundle.exit()).isEqualTo(2);
        assertThat(intoBundle.err())
                .contains("korrekt train: --out " + bundle + " is the bundle " + bundle + "; give the models folder");
        Run insideBundle = train(profile, csv, bundle.resolve("sub"));
        assertThat(insideBundle.exit()).isEqualTo(2);
        assertThat(insideBundle.err()).contains(" is inside the bundle " + bundle);
        assertThat(bundle.resolve("sub")).doesNotExist();
        try (Stream<Path> inside = Files.list(bundle)) {
            assertThat(inside).hasSize(1);
        }
        for (Run run : List.of(noFile, notParquet, ragged, outIsFile, intoBundle, insideBundle)) {
            assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void aFolderOfDifferentTablesIsNamedAsSuch(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history");
        new HistoryWriter(new Configuration())
                .write(
                        new HistoryGenerator(HistoryConfig.defaults(0.0005, SEED)).generate((stage, done, total) -> {}),
                        history.toUri(),
                        (table, written, total) -> {});
        Run run = train(plainProfile(dir), history, dir.resolve("m"));
        assertThat(run.exit()).isEqualTo(2);
        // one line, naming the table once, and whose columns were looked at
        String message = run.errorLine();
        assertThat(message)
                .containsOnlyOnce(history.toUri().toString())
                .contains("has no column 'claim_ref'; its columns are [")
                .containsPattern("\\(those of its \\d+ part files; a folder or glob must hold the part files of one"
                        + " table\\)");
    }

    /**
     * One incorrect case among the labelled training rows is enough for the components but not for
     * the combiner's out-of-fold scores: the fold without it is named, not a Tribuo error.
     */
    @Test
    void aSingleIncorrectTrainingCaseIsRefusedSayingWhy(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 400);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        boolean kept = false;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.split(",")[1].compareTo("2023-09-01") < 0 && line.endsWith(",yes")) {
                if (kept) {
                    lines.set(i, line.substring(0, line.length() - "yes".length()) + "no");
                }
                kept = true;
            }
        }
        Files.write(csv, lines);
        Run run = train(plainProfile(dir), csv, dir.resolve("m"));
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.err())
                .containsPattern("korrekt train: profile p: the labelled training \\(all but fold [1-5] of 5, for the"
                        + " combiner's out-of-fold scores\\) rows hold 0 positive of [0-9]+; training needs both"
                        + " classes there")
                .doesNotContain("two-class model");
    }

    /**
     * A real table labels the investigated rows only. The scorers are evaluated on the test rows
     * whose label is known, not with the others counted as correct; the fairness audit covers every
     * test row and estimates error rates with the random control sample; and nothing calls the
     * labels a ground truth.
     */
    @Test
    void aTableThatLabelsOnlyInvestigatedRowsIsEvaluatedOnThemAndSaysSo(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("claims.csv");
        int investigated = writeInvestigatedTable(table);
        Path models = dir.resolve("models");
        Run run = train(investigatedProfile(dir), table, models);
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(investigated).isBetween(800, 2_000);
        Path bundle = onlyBundle(models.resolve("county-care"));
        java.util.Map<?, ?> metrics;
        try (InputStream in = Files.newInputStream(bundle.resolve("metrics.json"))) {
            metrics = (java.util.Map<?, ?>) Json.read(in, "metrics.json");
        }
        java.util.Map<?, ?> evaluation;
        try (InputStream in = Files.newInputStream(bundle.resolve("evaluation.json"))) {
            evaluation = (java.util.Map<?, ?>) Json.read(in, "evaluation.json");
        }
        String evaluatedOn = (String) evaluation.get("evaluatedOn");
        int testRows = Integer.parseInt(evaluatedOn.replaceAll("^test period: (\\d+) rows.*$", "$1"));
        java.util.Map<?, ?> combined = (java.util.Map<?, ?>) ((List<?>) metrics.get("scorers")).get(0);
        int evaluated = ((Number) combined.get("rows")).intValue();
        // the investigated test rows only: the others are not counted as correct payments
        assertThat(evaluated).isLessThan(testRows / 2).isGreaterThan(testRows / 10);
        assertThat((String) metrics.get("label"))
                .contains("the label of the " + evaluated + " test rows whose label is known (investigated) of "
                        + testRows)
                .doesNotContain("ground truth");
        assertThat(evaluation.get("labelNote")).isEqualTo(metrics.get("label"));
        assertThat(((java.util.Map<?, ?>) metrics.get("selectionBias")).get("incorrectRateAllTrainingRows"))
                .isNull();
        java.util.Map<?, ?> fairness = (java.util.Map<?, ?>) evaluation.get("fairness");
        java.util.Map<?, ?> gender = (java.util.Map<?, ?>) ((List<?>) fairness.get("attributes")).get(0);
        assertThat(gender.get("outcomesComplete")).isEqualTo(false);
        long auditedRows = ((List<?>) gender.get("groups"))
                .stream()
                        .mapToLong(g -> ((Number) ((java.util.Map<?, ?>) g).get("rows")).longValue())
                        .sum();
        assertThat(auditedRows).isEqualTo(testRows);
        assertThat((String) fairness.get("outcome")).doesNotContain("ground truth");
        assertThat(Files.readString(bundle.resolve("report.md"))).doesNotContain("ground truth");
        // the capacity is a share of the labelled test rows, and a share of a few hundred is a few rows
        int checked = ((Number) combined.get("checked")).intValue();
        assertThat(checked).isLessThan(ProfileSummary.FEW_CHECKED);
        assertThat(Files.readString(bundle.resolve("report.md")))
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "## Test period at a capacity of 1.0 %% of the %,d test rows whose label is known (of %,d)",
                        evaluated,
                        testRows))
                .contains("**The test figures at capacity rest on " + checked + " checked rows");
        assertThat(run.out())
                .contains("WARNING: county-care: The test figures at capacity rest on " + checked
                        + " checked rows (1.0 %" + " of the " + evaluated + " test rows whose label is known)");
    }

    /** A case the random control sample drew must have been checked: its outcome is what measures the bias. */
    @Test
    void refusesARandomControlCaseThatWasNotInvestigated(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 200);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(0, lines.get(0) + ",checked,random_draw");
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            lines.set(i, line + (line.startsWith("C7,") ? ",no,yes" : i % 10 == 0 ? ",yes,yes" : ",yes,no"));
        }
        Files.write(csv, lines);
        Path profile = dir.resolve("p.profile.json");
        Files.writeString(profile, """
                {"name": "p", "columns": {"id": "claim_ref", "time": "filed", "label": "overpaid", "positive": "yes",
                 "amount": "amount", "investigated": "checked", "randomControl": "random_draw",
                 "numeric": ["hours", "visits"]}}
                """);
        Run run = train(profile, csv, dir.resolve("m"));
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .contains("korrekt train: " + csv + ": row C7 is in the random control sample ('random_draw') but was"
                        + " not investigated ('checked')")
                .doesNotContain("\tat ");
        // checked, it trains
        lines.replaceAll(l -> l.startsWith("C7,") ? l.replace(",no,yes", ",yes,yes") : l);
        Files.write(csv, lines);
        Run fixed = train(profile, csv, dir.resolve("m"));
        assertThat(fixed.exit()).as(fixed.out() + fixed.err()).isZero();
    }

    /** The county-care profile of {@link #writeTable}'s columns, with {@code models} (a JSON object). */
    @Test
    void aBundleThatFailsItsFairnessGateSaysSoOnTheConsole(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        writeTable(csv, 2_000);
        Path profile = dir.resolve("strict.profile.json");
        // a gate no selection can pass: the groups' rates must agree to a thousandth
        Files.writeString(profile, """
                {"name": "strict", "columns": {"id": "claim_ref", "time": "filed", "label": "overpaid",
                  "positive": "yes", "amount": "amount", "numeric": ["hours", "visits"], "excluded": ["gender"]},
                 "models": {"trees": {"trees": 20}, "isolationForest": {"trees": 20}},
                 "audit": {"groups": ["gender"], "gate": {"bounds": {"selectionRateRatio": [0.999, 1.001]},
                   "attributes": ["gender"], "minGroupRows": 1}}}
                """);
        Path models = dir.resolve("models");

        Run run = train(profile, csv, models);

        assertThat(run.exit()).as(run.err()).isZero();
        Path bundle = onlyBundle(models.resolve("strict"));
        BundleManifest manifest;
        try (InputStream in = Files.newInputStream(bundle.resolve(BundleManifest.FILE_NAME))) {
            manifest = BundleManifest.read(in);
        }
        assertThat(manifest.gate()).isEqualTo(BundleManifest.GATE_FAIL);
        // the line names the group and figure, and says the test period cannot show that disparity
        assertThat(run.out())
                .containsPattern("WARNING: the strict bundle FAILED its fairness gate \\(gate FAIL\\): gender=\\w+:"
                        + " selectionRateRatio \\d+\\.\\d{3} \\(\\d+\\.\\d{3}-\\d+\\.\\d{3}\\) outside \\[0\\.999, 1\\.001\\]"
                        + " \\(details: report.html and evaluation.json in the bundle\\)\\. The 95 % interval of 1 of 1"
                        + " reaches into the bounds: the gate decides on the estimate")
                .contains(
                        "The scoring service will not serve it unless someone records why with: korrekt override-gate "
                                + bundle + " --reason \"...\" --by NAME");
    }

    private static Path countyProfile(Path dir, String models) throws Exception {
        Path file = dir.resolve("county.profile.json");
        Files.writeString(file, """
                {
                  "name": "county-care",
                  "columns": {
                    "id": "claim_ref", "time": "filed", "label": "overpaid", "positive": "yes", "amount": "amount",
                    "numeric": ["hours", "visits"], "categorical": ["region", "agency"], "dates": ["care_start"],
                    "excluded": ["gender"]
                  },
                  "models": %s
                }
                """.formatted(models));
        return file;
    }

    /**
     * The table of {@link #writeTable} as a real table holds it: a label for the investigated rows
     * only (earlier controls picked long hours; a random control sample of 5 % of everything), blank
     * elsewhere, with the columns {@code checked} and {@code random_draw}.
     *
     * @return the rows investigated
     */
    private static int writeInvestigatedTable(Path csv) throws Exception {
        writeTable(csv, 4_000);
        List<String> lines = Files.readAllLines(csv);
        SplittableRandom random = new SplittableRandom(SEED + 1);
        StringBuilder out = new StringBuilder(lines.get(0) + ",checked,random_draw\n");
        int investigated = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            boolean draw = random.nextDouble() < 0.05;
            boolean checked =
                    draw || (!cells[3].isEmpty() && Double.parseDouble(cells[3]) > 110) && random.nextDouble() < 0.6;
            investigated += checked ? 1 : 0;
            out.append(line, 0, line.lastIndexOf(',') + 1)
                    .append(checked ? cells[cells.length - 1] : "")
                    .append(',')
                    .append(checked)
                    .append(',')
                    .append(draw)
                    .append('\n');
        }
        Files.writeString(csv, out);
        return investigated;
    }

    /** The profile of {@link #writeInvestigatedTable}'s table, auditing gender, as {@code dir/county.profile.json}. */
    private static Path investigatedProfile(Path dir) throws Exception {
        Path profile = dir.resolve("county.profile.json");
        Files.writeString(profile, """
                {
                  "name": "county-care",
                  "columns": {
                    "id": "claim_ref", "time": "filed", "label": "overpaid", "positive": "yes", "amount": "amount",
                    "investigated": "checked", "randomControl": "random_draw",
                    "numeric": ["hours", "visits"], "categorical": ["region", "agency"], "excluded": ["gender"]
                  },
                  "models": { "trees": { "trees": 40 }, "isolationForest": { "trees": 50 } },
                  "audit": { "groups": ["gender"] }
                }
                """);
        return profile;
    }

    /** A profile of the table's numeric columns with every setting at its default, as {@code dir/p.profile.json}. */
    private static Path plainProfile(Path dir) throws Exception {
        Path profile = dir.resolve("p.profile.json");
        Files.writeString(profile, """
                {"name": "p", "columns": {"id": "claim_ref", "time": "filed", "label": "overpaid", "positive": "yes",
                 "amount": "amount", "numeric": ["hours", "visits"]}}
                """);
        return profile;
    }

    /** The one bundle in a profile's folder of bundles (not the hidden folders of one being written). */
    private static Path onlyBundle(Path profileFolder) throws IOException {
        try (Stream<Path> list = Files.list(profileFolder)) {
            List<Path> bundles = list.filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
            assertThat(bundles).hasSize(1);
            return bundles.get(0);
        }
    }

    record Run(int exit, String out, String err) {
        /** The line that says why the training stopped. */
        String errorLine() {
            return err.lines()
                    .filter(line -> line.startsWith("korrekt train: "))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** Runs {@code korrekt train} in-process, capturing what it prints. */
    private static Run train(Path profile, Path data, Path models) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = TrainingCli.commandLine()
                    .execute(
                            "train",
                            "--profile",
                            profile.toString(),
                            "--data",
                            data.toString(),
                            "--out",
                            models.toString());
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
    }

    /** Overpaid claims have many hours for few visits, in region "north" or with agency "b". */
    private static void writeTable(Path csv, int rows) throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        StringBuilder s =
                new StringBuilder("claim_ref,filed,amount,hours,visits,region,agency,care_start,gender,overpaid\n");
        String[] regions = {"north", "south", "east", "west"};
        String[] agencies = {"a", "b", "c"};
        LocalDate first = LocalDate.of(2023, 1, 1);
        for (int i = 0; i < rows; i++) {
            LocalDate filed = first.plusDays(random.nextInt(365));
            double hours = 10 + random.nextDouble() * 150;
            int visits = 1 + random.nextInt(30);
            String region = regions[random.nextInt(regions.length)];
            String agency = agencies[random.nextInt(agencies.length)];
            double risk = hours / (visits * 4.0) + (region.equals("north") ? 1.5 : 0) + (agency.equals("b") ? 1 : 0);
            boolean overpaid = random.nextDouble() < 1 / (1 + Math.exp(-(risk - 3)));
            String hoursCell = i % 50 == 0 ? "" : String.format(java.util.Locale.ROOT, "%.1f", hours);
            s.append("C")
                    .append(i)
                    .append(',')
                    .append(filed)
                    .append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.2f", 500 + hours * 300))
                    .append(',')
                    .append(hoursCell)
                    .append(',')
                    .append(visits)
                    .append(',')
                    .append(region)
                    .append(',')
                    .append('"')
                    .append(agency)
                    .append('"')
                    .append(',')
                    .append(filed.minusDays(random.nextInt(90)))
                    .append(',')
                    .append(random.nextBoolean() ? "f" : "m")
                    .append(',')
                    .append(overpaid ? "yes" : "no")
                    .append('\n');
        }
        Files.writeString(csv, s.toString());
    }
}
