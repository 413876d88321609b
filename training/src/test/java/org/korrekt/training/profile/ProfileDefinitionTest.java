package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

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

    @Test
    void aMisspeltSettingIsAnErrorNamingIt() {
        assertThatThrownBy(
                        () -> parse("{\"name\": \"t\", \"columns\": {\"id\": \"i\", \"time\": \"d\", \"label\": \"y\","
                                + " \"amount\": \"a\", \"numeric\": [\"x\"]}, \"split\": {\"testShar\": 0.3}}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("split.testShar is not a known setting");
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
        assertThatThrownBy(() -> ProfileDataReader.split(new int[100], new ProfileDefinition.Split(true, 0.2, 0.2, 1)))
                .hasMessageContaining("too few days");
        int[] days = new int[100];
        for (int i = 0; i < days.length; i++) {
            days[i] = 19_000 + i;
        }
        ProfileData.DataSplit split = ProfileDataReader.split(days, new ProfileDefinition.Split(true, 0.2, 0.2, 1));
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
        assertThat(p.weighting()).isEqualTo(allBenefits.weighting());
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

    private static ProfileDefinition parse(String json) throws ProfileException {
        return ProfileDefinition.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
