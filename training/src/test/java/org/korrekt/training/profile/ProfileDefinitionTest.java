package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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

    private static ProfileDefinition parse(String json) throws ProfileException {
        return ProfileDefinition.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
