package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileDefinitionTest {

    @Test
    void everyBuiltInProfileReadsWithItsBenefitAndTheClaimFeatures() throws Exception {
        for (String name : ProfileDefinition.BUILT_IN) {
            ProfileDefinition p = ProfileDefinition.builtIn(name);
            assertThat(p.name()).isEqualTo(name);
            assertThat(p.features()).isEqualTo(ProfileDefinition.FEATURES_CLAIM);
            assertThat(p.filter().values()).hasSize(1);
            assertThat(p.rules()).isEqualTo("claim-v1");
            assertThat(p.split().byTime()).isTrue();
            assertThat(p.weighting().inversePropensity()).isTrue();
            assertThat(p.columns().investigated()).isEqualTo("investigated");
        }
        assertThat(ProfileDefinition.builtIn(ProfileDefinition.ALL_BENEFITS).filter())
                .isNull();
    }

    @Test
    void defaultsApplyWhereTheFileIsSilent() throws Exception {
        ProfileDefinition p = parse("{\"name\": \"t\", \"columns\": {\"id\": \"i\", \"time\": \"d\", \"label\": \"y\","
                + " \"amount\": \"a\", \"numeric\": [\"x\"]}}");
        assertThat(p.split()).isEqualTo(new ProfileDefinition.Split(true, 0.2, 0.2, 42));
        assertThat(p.forest()).isEqualTo(new ProfileDefinition.Forest(100, 256));
        assertThat(p.combiner().calibration()).isEqualTo("platt");
        assertThat(p.columns().positive()).isEqualTo("true");
    }

    @Test
    void aSmileChallengerIsOptionalAndItsKindIsChecked() throws Exception {
        String columns = "\"columns\": {\"id\": \"i\", \"time\": \"d\", \"label\": \"y\", \"amount\": \"a\","
                + " \"numeric\": [\"x\"]}";
        assertThat(parse("{\"name\": \"t\", " + columns + "}").challenger()).isNull();
        assertThat(parse("{\"name\": \"t\", " + columns + ", \"models\": {\"smile\": {\"kind\": \"random-forest\"}}}")
                        .challenger())
                .isEqualTo(new ProfileDefinition.Challenger("random-forest", 200, 20, 500, 5, 0.05, 1.0));
        assertThat(parse("{\"name\": \"t\", " + columns
                                + ", \"models\": {\"smile\": {\"kind\": \"gradient-boosting\", \"trees\": 50}}}")
                        .challenger())
                .isEqualTo(new ProfileDefinition.Challenger("gradient-boosting", 50, 6, 6, 5, 0.05, 0.7));
        assertThatThrownBy(
                        () -> parse("{\"name\": \"t\", " + columns + ", \"models\": {\"smile\": {\"kind\": \"svm\"}}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("models.smile.kind must be 'random-forest' or 'gradient-boosting', was 'svm'");
        assertThatThrownBy(() -> parse("{\"name\": \"t\", " + columns + ", \"models\": {\"smile\": {}}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("kind is required");
    }

    /** The built-in vab profile, as a data scientist might write it in YAML, comments and all. */
    private static final String VAB_YAML = """
            # VAB: care of a sick child
            name: vab
            description: "Temporary parental benefit (VAB) applications: care days claimed while the child was at childcare, overlapping parents, work on claimed days."
            features: claim
            table: applications
            columns:
              id: application_id
              group: person_id
              time: submitted_on
              label: is_incorrect
              positive: true        # the label is a boolean column
              amount: amount_sek
              incorrectAmount: incorrect_amount_sek
              investigated: investigated
              randomControl: random_control
            filter: { column: benefit, values: [tfp] }
            rules: claim-v1
            split: { by: time, validationShare: 0.2, testShare: 0.2, seed: 42 }
            weighting: { method: inverse-propensity, maxWeight: 50 }
            models:
              logistic: { epochs: 10, learningRate: 0.5 }
              trees:
                trees: 150
                maxDepth: 4
                eta: 0.1
                subsample: 0.9
                colsample: 0.9
                minChildWeight: 1
                lambda: 1
              isolationForest: { trees: 100, sampleSize: 256 }
            combiner: { calibration: platt, calibrationShare: 0.5, capacity: 0.01 }
            audit:
              breakdowns: [mechanism, benefit]
              gate:
                bounds: { selectionRateRatio: [0.8, 1.25], falsePositiveRateRatio: [0.8, 1.25] }
                attributes: [sex, born_abroad, country_of_birth]
                decideOn: interval
                minGroupRows: 30
            """;

    @Test
    void aYamlProfileFileReadsAsItsJsonTwin(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path yaml = dir.resolve("vab.profile.yaml");
        java.nio.file.Files.writeString(yaml, VAB_YAML);
        java.nio.file.Path yml = dir.resolve("vab.YML");
        java.nio.file.Files.writeString(yml, VAB_YAML);

        assertThat(ProfileDefinition.read(yaml)).isEqualTo(ProfileDefinition.builtIn("vab"));
        assertThat(ProfileDefinition.resolve(yml.toString())).isEqualTo(ProfileDefinition.builtIn("vab"));
        // an unquoted yes is text, the label's positive value, not a boolean
        assertThat(ProfileDefinition.parseYaml(yamlStream(VAB_YAML.replace("positive: true", "positive: yes")), "y")
                        .columns()
                        .positive())
                .isEqualTo("yes");
    }

    @Test
    void aBadYamlProfileIsAnErrorSayingWhere() {
        assertThatThrownBy(() -> ProfileDefinition.parseYaml(
                        yamlStream(VAB_YAML.replace("  amount: amount_sek", "  amount: amount_sek\n  id: claim")),
                        "p.yaml"))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("p.yaml: duplicate key 'id' at line ");
        assertThatThrownBy(() -> ProfileDefinition.parseYaml(
                        yamlStream(VAB_YAML.replace("  lambda: 1", "  lamda: 1")), "p.yaml"))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("p.yaml: models.trees.lamda is not a known setting");
        assertThatThrownBy(() -> ProfileDefinition.parseYaml(yamlStream("- name: vab\n"), "p.yaml"))
                .isInstanceOf(ProfileException.class)
                .hasMessage("p.yaml: a profile must be an object (a JSON object or a YAML mapping), was a list");
        assertThatThrownBy(() -> ProfileDefinition.parseYaml(
                        yamlStream(VAB_YAML.replace("  group: person_id", "  group: &who person_id")
                                .replace("  investigated: investigated", "  investigated: *who")),
                        "p.yaml"))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("p.yaml: YAML aliases (*who) are not supported, at line ");
        assertThatThrownBy(() -> ProfileDefinition.parseYaml(yamlStream(VAB_YAML + "---\nname: fp\n"), "p.yaml"))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("p.yaml: unexpected content after the value at ");
        assertThatThrownBy(() -> ProfileDefinition.parseYaml(yamlStream("name: [vab\ncolumns: {}\n"), "p.yaml"))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("p.yaml: not valid YAML at line 2, column 8: while parsing a flow sequence");
        assertThatThrownBy(() -> ProfileDefinition.parse(yamlStream("{\"name\": [\"vab\"\n"), "p.json"))
                .isInstanceOf(ProfileException.class)
                .hasMessage("p.json: not valid JSON at line 2, column 1: Unexpected end-of-input: expected close"
                        + " marker for Array (start marker at [line: 1, column: 10])");
    }

    /** The two example profiles in docs/profiles.md read, and describe the same table. */
    @Test
    void theExampleProfilesInTheDocsRead() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "profiles.md"));
        String json = block(doc, "```json\n");
        String yaml = block(doc, "```yaml\n");

        ProfileDefinition fromJson = parse(json);
        ProfileDefinition fromYaml = ProfileDefinition.parseYaml(yamlStream(yaml), "docs/profiles.md");

        assertThat(fromYaml.name()).isEqualTo(fromJson.name()).isEqualTo("county-care");
        assertThat(fromYaml.columns().positive())
                .isEqualTo(fromJson.columns().positive())
                .isEqualTo("yes");
        assertThat(fromYaml.columns().numeric()).isEqualTo(fromJson.columns().numeric());
        assertThat(fromYaml.columns().categorical())
                .isEqualTo(fromJson.columns().categorical());
        assertThat(fromYaml.columns().excluded()).isEqualTo(fromJson.columns().excluded());
        assertThat(fromYaml.trees()).isEqualTo(fromJson.trees());
    }

    private static String block(String doc, String fence) {
        int start = doc.indexOf(fence);
        assertThat(start).as("docs/profiles.md has a %s block", fence.trim()).isNotNegative();
        start += fence.length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    private static ByteArrayInputStream yamlStream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void weightingByARecordedPropensityNamesItsColumnWhichCannotBeAnInput() throws Exception {
        String columns = "\"columns\": {\"id\": \"i\", \"time\": \"d\", \"label\": \"y\", \"amount\": \"a\","
                + " \"numeric\": [\"x\", \"p\"]}";
        ProfileDefinition p = parse("{\"name\": \"t\", " + columns.replace(", \"p\"", "")
                + ", \"weighting\": {\"method\": \"recorded-propensity\", \"column\": \"p\"}}");
        assertThat(p.weighting().recorded()).isTrue();
        assertThat(p.weighting().inversePropensity()).isFalse();
        assertThat(p.weighting().method()).isEqualTo("recorded-propensity");
        assertThat(p.weighting().recordedColumn()).isEqualTo("p");
        assertThat(parse("{\"name\": \"t\", " + columns.replace(", \"p\"", "")
                                + ", \"weighting\": {\"method\": \"recorded-propensity\"}}")
                        .weighting()
                        .recordedColumn())
                .isEqualTo("selection_propensity");
        assertThatThrownBy(() -> parse("{\"name\": \"t\", " + columns
                        + ", \"weighting\": {\"method\": \"recorded-propensity\", \"column\": \"p\"}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("column 'p' holds the recorded selection propensity and cannot be an input");
        assertThatThrownBy(() -> parse("{\"name\": \"t\", " + columns.replace(", \"p\"", "")
                        + ", \"weighting\": {\"column\": \"p\"}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("weighting.column is read only with \"method\": \"recorded-propensity\"");
        assertThatThrownBy(() -> parse("{\"name\": \"t\", " + columns.replace(", \"p\"", "")
                        + ", \"weighting\": {\"method\": \"guess\"}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(
                        "weighting.method must be 'inverse-propensity', 'recorded-propensity' or 'none', was 'guess'");
    }

    @Test
    void aMisspeltSettingIsAnErrorNamingIt() {
        assertThatThrownBy(
                        () -> parse("{\"name\": \"t\", \"columns\": {\"id\": \"i\", \"time\": \"d\", \"label\": \"y\","
                                + " \"amount\": \"a\", \"numeric\": [\"x\"]}, \"split\": {\"testShar\": 0.3}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("split.testShar is not a known setting");
        // a misspelt object is named, not the object it was meant to be as missing
        assertThatThrownBy(() -> parse("{\"name\": \"t\", \"colums\": {\"id\": \"i\", \"time\": \"d\","
                        + " \"label\": \"y\", \"amount\": \"a\", \"numeric\": [\"x\"]}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("colums is not a known setting; known here: name, description, table,");
        // a required key missing says what the object holds (a misspelt key among them)
        assertThatThrownBy(() -> parse("{\"name\": \"t\", \"columns\": {\"idd\": \"i\", \"time\": \"d\","
                        + " \"label\": \"y\", \"amount\": \"a\", \"numeric\": [\"x\"]}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("columns.id is required; columns holds [idd, time, label, amount, numeric]");
    }

    @Test
    void aNumberOutOfRangeIsWrittenAsAPersonWouldWriteIt() {
        String columns = "{\"name\": \"t\", \"columns\": {\"id\": \"i\", \"time\": \"d\", \"label\": \"y\","
                + " \"amount\": \"a\", \"numeric\": [\"x\"]}, ";
        assertThatThrownBy(() -> parse(columns + "\"models\": {\"trees\": {\"trees\": 1e9}}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("models.trees.trees must be in [1, 100000], was 1000000000");
        assertThatThrownBy(() -> parse(columns + "\"models\": {\"trees\": {\"maxDepth\": 2.5}}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("models.trees.maxDepth must be a whole number, was 2.5");
        assertThatThrownBy(() -> parse(columns + "\"combiner\": {\"capacity\": 1.5}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("combiner.capacity must be in (0, 1), was 1.5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "combiner": {"capacity": 2}               | combiner.capacity must be in (0, 1), was 2
            "combiner": {"capacity": 0}               | combiner.capacity must be in (0, 1), was 0
            "combiner": {"capacity": 1}               | combiner.capacity must be in (0, 1), was 1
            "combiner": {"calibrationShare": 0}       | combiner.calibrationShare must be in (0, 1), was 0
            "combiner": {"calibrationShare": 1}       | combiner.calibrationShare must be in (0, 1), was 1
            "models": {"trees": {"eta": 0}}           | models.trees.eta must be in (0, 1], was 0
            "models": {"trees": {"colsample": 0}}     | models.trees.colsample must be in (0, 1], was 0
            "models": {"logistic": {"learningRate": 0}} | models.logistic.learningRate must be in (0, 100], was 0
            "split": {"testShare": 0}                 | split.testShare must be in (0, 1), was 0
            """)
    void aShareThatMayNotBeAnEndOfItsRangeIsCheckedOnceNamingItsKey(String setting, String message) {
        String profile = "{\"name\": \"t\", \"columns\": {\"id\": \"i\", \"time\": \"d\", \"label\": \"y\","
                + " \"amount\": \"a\", \"numeric\": [\"x\"]}, " + setting + "}";

        assertThatThrownBy(() -> parse(profile))
                .isInstanceOf(ProfileException.class)
                .hasMessageEndingWith(": " + message);
    }

    @Test
    void anOutcomeOrExcludedColumnCannotBeAnInput() {
        assertThatThrownBy(
                        () -> parse("{\"name\": \"t\", \"columns\": {\"id\": \"i\", \"time\": \"d\", \"label\": \"y\","
                                + " \"amount\": \"a\", \"numeric\": [\"y\"]}}"))
                .hasMessageContaining("label leak");
        assertThatThrownBy(
                        () -> parse("{\"name\": \"t\", \"columns\": {\"id\": \"i\", \"time\": \"d\", \"label\": \"y\","
                                + " \"amount\": \"a\", \"categorical\": [\"sex\"], \"excluded\": [\"sex\"]}}"))
                .hasMessageContaining("protected attribute");
    }

    @Test
    void aTimeSplitNeedsRowsOnSeveralDays() {
        assertThatThrownBy(() -> ProfileData.DataSplit.of(new int[100], new ProfileDefinition.Split(true, 0.2, 0.2, 1)))
                .hasMessageContaining("too few days");
        int[] days = new int[100];
        for (int i = 0; i < days.length; i++) {
            days[i] = 19_000 + i;
        }
        ProfileData.DataSplit split = ProfileData.DataSplit.of(days, new ProfileDefinition.Split(true, 0.2, 0.2, 1));
        assertThat(split.count(ProfileData.DataSplit.TRAIN)).isEqualTo(60);
        assertThat(split.count(ProfileData.DataSplit.VALIDATION)).isEqualTo(20);
        assertThat(split.count(ProfileData.DataSplit.TEST)).isEqualTo(20);
        assertThat(split.testFrom()).isEqualTo(java.time.LocalDate.ofEpochDay(19_080));
    }

    @Test
    void theLabelsProfileDescribesALabelsExportAndIsTrainedOnlyWhenAskedFor() throws Exception {
        assertThat(ProfileDefinition.BUILT_IN).doesNotContain(ProfileDefinition.LABELS);
        ProfileDefinition p = ProfileDefinition.resolve(ProfileDefinition.LABELS);
        assertThat(p.name()).isEqualTo("labels");
        assertThat(p.features()).isEqualTo(ProfileDefinition.FEATURES_RECORDED);
        assertThat(p.recordedFeatures()).isTrue();
        assertThat(p.table()).isNull();
        assertThat(p.rules()).isEqualTo("claim-v1");
        ProfileDefinition.Columns c = p.columns();
        assertThat(List.of(
                        c.id(),
                        c.group(),
                        c.time(),
                        c.label(),
                        c.positive(),
                        c.amount(),
                        c.incorrectAmount(),
                        c.investigated(),
                        c.randomControl()))
                .containsExactly(
                        "decision_id",
                        "person_pseudonym",
                        "decided_on",
                        "incorrect",
                        "true",
                        "amount_sek",
                        "incorrect_amount_sek",
                        "investigated",
                        "random_control");
        assertThat(c.inputs()).isEmpty();
        assertThat(p.split().byTime()).isTrue();
        ProfileDefinition allBenefits = ProfileDefinition.builtIn(ProfileDefinition.ALL_BENEFITS);
        // every case of an export was investigated: its rows weigh 1 / their recorded chance of selection
        assertThat(p.weighting())
                .isEqualTo(new ProfileDefinition.Weighting(
                        false, allBenefits.weighting().maxWeight(), "selection_propensity"));
        assertThat(p.combiner().calibration()).isEqualTo(allBenefits.combiner().calibration());
        assertThat(p.audit().breakdowns()).containsExactly("benefit");
        assertThat(p.audit().gate()).isEqualTo(allBenefits.audit().gate());
        // sized for hundreds to tens of thousands of rows
        assertThat(p.trees().trees()).isLessThan(allBenefits.trees().trees());
    }

    @Test
    void anUnknownBuiltInNameListsTheLabelsProfileToo() {
        assertThatThrownBy(() -> ProfileDefinition.builtIn("label"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("all-benefits, labels");
    }

    @Test
    void aProfileOnRecordedFeaturesTakesNoInputColumnsNoTableAndNoFeatureAsAnAuditGroup() {
        String columns = "\"columns\": {\"id\": \"i\", \"time\": \"d\", \"label\": \"y\", \"amount\": \"a\"";
        assertThatThrownBy(() ->
                        parse("{\"name\": \"t\", \"features\": \"recorded\", " + columns + ", \"numeric\": [\"x\"]}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("numeric, categorical and dates must be empty, were [x]");
        assertThatThrownBy(() -> parse(
                        "{\"name\": \"t\", \"features\": \"recorded\", \"table\": \"applications\", " + columns + "}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("it names no table");
        assertThatThrownBy(() -> parse("{\"name\": \"t\", \"features\": \"recorded\", " + columns
                        + "}, \"audit\": {\"groups\": [\"claimed_days\"]}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("audit group column 'claimed_days' is a feature");
        assertThatThrownBy(() -> parse("{\"name\": \"t\", \"features\": \"recordd\", " + columns + "}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("features must be 'claim', 'recorded' or 'columns', was 'recordd'");
    }

    @Test
    void withNameRenamesTheProfileAndNothingElse() throws Exception {
        ProfileDefinition labels = ProfileDefinition.builtIn(ProfileDefinition.LABELS);
        ProfileDefinition renamed = labels.withName("all-benefits");
        assertThat(renamed.name()).isEqualTo("all-benefits");
        assertThat(renamed).usingRecursiveComparison().ignoringFields("name").isEqualTo(labels);
        assertThatThrownBy(() -> labels.withName("All Benefits"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("profile name must be lower-case letters");
    }

    /**
     * A profile written back as a file reads as the same profile: the built-ins, the docs' YAML
     * example, and one with every optional part (challenger, recorded weighting, random split,
     * isotonic calibration, its own gate).
     */
    @Test
    void aProfileWrittenAsAFileReadsBackEqual() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "profiles.md"));
        List<ProfileDefinition> profiles = new java.util.ArrayList<>();
        for (String name : List.of("vab", "fp", "housing", "assistance", "all-benefits", "labels")) {
            profiles.add(ProfileDefinition.builtIn(name));
        }
        profiles.add(ProfileDefinition.parseYaml(yamlStream(block(doc, "```yaml\n")), "docs/profiles.md"));
        profiles.add(parse("{\"name\": \"every-part\", \"columns\": {\"id\": \"i\", \"group\": \"g\","
                + " \"time\": \"d\", \"label\": \"y\", \"positive\": \"yes\", \"amount\": \"a\","
                + " \"incorrectAmount\": \"ia\", \"investigated\": \"inv\", \"randomControl\": \"rc\","
                + " \"numeric\": [\"x\"], \"categorical\": [\"c\"], \"dates\": [\"born\"], \"excluded\": [\"sex\"]},"
                + " \"filter\": {\"column\": \"c\", \"values\": [\"1\", \"2\"]},"
                + " \"split\": {\"by\": \"random\", \"validationShare\": 0.25, \"testShare\": 0.125,"
                + " \"seed\": -7},"
                + " \"weighting\": {\"method\": \"recorded-propensity\", \"column\": \"p\", \"maxWeight\": 20},"
                + " \"models\": {\"logistic\": {\"epochs\": 3, \"learningRate\": 0.25},"
                + " \"trees\": {\"trees\": 7, \"maxDepth\": 2, \"lambda\": 0.5},"
                + " \"isolationForest\": {\"trees\": 9, \"sampleSize\": 64},"
                + " \"smile\": {\"kind\": \"gradient-boosting\", \"shrinkage\": 0.2}},"
                + " \"combiner\": {\"calibration\": \"isotonic\", \"calibrationShare\": 0.4,"
                + " \"capacity\": 0.05, \"prior\": \"none\"},"
                + " \"audit\": {\"groups\": [\"sex\"], \"breakdowns\": [\"c\"], \"gate\": {\"bounds\":"
                + " {\"selectionRateRatio\": [0.75, 1.5]}, \"minGroupRows\": 12, \"decideOn\": \"interval\","
                + " \"attributes\": [\"sex\"]}}}"));
        for (ProfileDefinition p : profiles) {
            java.io.StringWriter text = new java.io.StringWriter();
            try (com.fasterxml.jackson.core.JsonGenerator g =
                    new com.fasterxml.jackson.core.JsonFactory().createGenerator(text)) {
                ProfileFileWriter.write(p, g);
            }
            assertThat(parse(text.toString())).as(text.toString()).isEqualTo(p);
        }
        assertThat(profiles.get(profiles.size() - 1).challenger().shrinkage()).isEqualTo(0.2);
    }

    private static ProfileDefinition parse(String json) throws ProfileException {
        return ProfileDefinition.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
