package org.korrekt.features.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryLimits;
import org.korrekt.features.history.PersonHistoryStore;

/** Every claim rule on a crafted case that must fire it and a nearby one that must not. */
class ClaimRulesTest {

    static final String PERSON = "p-claimant";
    static final String CHILD = "c-child";
    static final LocalDate START = LocalDate.of(2024, 3, 4);
    static final int MARCH = Days.monthOf(START);
    static final LocalDate AFTER_MARCH_DECLARED = LocalDate.of(2024, 4, 13);

    static CompiledRules rules() throws Exception {
        return CompiledRules.bundled("claim-v1.rules.json", ClaimFeatures.SCHEMA);
    }

    static Application application(Benefit benefit, int days, double declared, LocalDate submitted) {
        return new Application(
                "A-1",
                PERSON,
                benefit,
                Channel.E_SERVICE,
                submitted,
                START,
                START.plusDays(days - 1),
                days,
                4_000,
                declared);
    }

    static List<String> hits(Application a, LocalDate scoredOn, Consumer<PersonHistoryStore> history) throws Exception {
        PersonHistoryStore store = new PersonHistoryStore(HistoryLimits.forPopulation(64));
        history.accept(store);
        double[] x = new double[ClaimFeatures.SCHEMA.size()];
        ClaimFeatures.extract(store, a, CHILD, Days.of(scoredOn), x);
        CompiledRules rules = rules();
        int[] out = new int[rules.size()];
        int n = rules.evaluate(x, out);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            codes.add(rules.rule(out[i]).code());
        }
        return codes;
    }

    static final Consumer<PersonHistoryStore> NOTHING = s -> {};

    @Test
    void vabOnADayTheChildAttendedChildcare() throws Exception {
        Application vab = application(Benefit.TFP, 2, 30_000, START.plusDays(5));
        assertThat(hits(vab, START.plusDays(5), s -> s.recordAttendance(CHILD, Days.of(START.plusDays(1)))))
                .contains("VAB_CHILD_AT_CHILDCARE");
        assertThat(hits(vab, START.plusDays(5), s -> s.recordAttendance(CHILD, Days.of(START.plusDays(2)))))
                .doesNotContain("VAB_CHILD_AT_CHILDCARE");
    }

    @Test
    void vabWithoutEmployerAbsence() throws Exception {
        Application vab = application(Benefit.TFP, 4, 30_000, START.plusDays(5));
        assertThat(hits(vab, AFTER_MARCH_DECLARED, s -> s.recordIncome(PERSON, MARCH, 28_000, 0, 0, 1)))
                .contains("VAB_WITHOUT_EMPLOYER_ABSENCE");
        assertThat(hits(vab, AFTER_MARCH_DECLARED, s -> s.recordIncome(PERSON, MARCH, 28_000, 0, 0, 2)))
                .doesNotContain("VAB_WITHOUT_EMPLOYER_ABSENCE"); // 4 - 2 = half, not more
    }

    @Test
    void sameChildAndDayClaimedByTwoParents() throws Exception {
        Application vab = application(Benefit.TFP, 2, 30_000, START.plusDays(5));
        assertThat(hits(
                        vab,
                        START.plusDays(5),
                        s -> s.recordClaim(
                                "A-h11",
                                "p-other",
                                Benefit.TFP,
                                Days.of(START.plusDays(3)),
                                Days.of(START.plusDays(1)),
                                1,
                                CHILD)))
                .contains("SAME_CHILD_TWO_PARENTS");
        assertThat(hits(
                        vab,
                        START.plusDays(5),
                        s -> s.recordClaim(
                                "A-h12",
                                "p-other",
                                Benefit.TFP,
                                Days.of(START.plusDays(3)),
                                Days.of(START.plusDays(2)),
                                1,
                                CHILD)))
                .doesNotContain("SAME_CHILD_TWO_PARENTS");
    }

    @Test
    void assistanceHoursOnVabOrParentalBenefitDays() throws Exception {
        Consumer<PersonHistoryStore> worked = s -> s.recordTimesheet(PERSON, "user-1", Days.of(START), 8);
        assertThat(hits(application(Benefit.TFP, 2, 30_000, START.plusDays(5)), AFTER_MARCH_DECLARED, worked))
                .contains("ASSISTANCE_HOURS_ON_VAB_DAYS");
        assertThat(hits(application(Benefit.FP, 2, 30_000, START.plusDays(5)), AFTER_MARCH_DECLARED, worked))
                .contains("ASSISTANCE_HOURS_ON_FP_DAYS");
        assertThat(hits(
                        application(Benefit.TFP, 2, 30_000, START.plusDays(5)),
                        AFTER_MARCH_DECLARED,
                        s -> s.recordTimesheet(PERSON, "user-1", Days.of(START.minusDays(1)), 8)))
                .doesNotContain("ASSISTANCE_HOURS_ON_VAB_DAYS");
    }

    @Test
    void parentalOrSicknessBenefitOnDaysWithWork() throws Exception {
        assertThat(hits(
                        application(Benefit.FP, 10, 30_000, START),
                        AFTER_MARCH_DECLARED,
                        s -> s.recordIncome(PERSON, MARCH, 28_000, 0, 3, 0)))
                .contains("FP_WITHOUT_EMPLOYER_ABSENCE");
        assertThat(hits(
                        application(Benefit.FP, 10, 30_000, START),
                        AFTER_MARCH_DECLARED,
                        s -> s.recordIncome(PERSON, MARCH, 28_000, 0, 10, 0)))
                .doesNotContain("FP_WITHOUT_EMPLOYER_ABSENCE");
        assertThat(hits(
                        application(Benefit.SP, 10, 30_000, START.plusDays(12)),
                        AFTER_MARCH_DECLARED,
                        s -> s.recordIncome(PERSON, MARCH, 28_000, 2, 0, 0)))
                .contains("SP_WITHOUT_EMPLOYER_ABSENCE");
        assertThat(hits(application(Benefit.SP, 10, 30_000, START.plusDays(12)), AFTER_MARCH_DECLARED, NOTHING))
                .doesNotContain("SP_WITHOUT_EMPLOYER_ABSENCE"); // no declaration, no evidence
    }

    @Test
    void declaredIncomeAboveWhatEmployersPaid() throws Exception {
        Consumer<PersonHistoryStore> paid = s -> {
            s.recordMoveIn(PERSON, "ADR-1", Days.of(START.minusYears(2)));
            s.recordIncome(PERSON, MARCH - 2, 30_000, 0, 0, 0);
        };
        assertThat(hits(application(Benefit.SP, 5, 40_000, START.plusDays(6)), START.plusDays(6), paid))
                .contains("DECLARED_INCOME_ABOVE_EMPLOYER_INCOME");
        assertThat(hits(application(Benefit.SP, 5, 38_000, START.plusDays(6)), START.plusDays(6), paid))
                .doesNotContain("DECLARED_INCOME_ABOVE_EMPLOYER_INCOME");
        assertThat(hits(application(Benefit.BOB, 5, 40_000, START.plusDays(6)), START.plusDays(6), paid))
                .doesNotContain("DECLARED_INCOME_ABOVE_EMPLOYER_INCOME"); // not an income-based benefit
    }

    @Test
    void residencePermitExpiredBeforeThePayment() throws Exception {
        Application a = application(Benefit.BB, 30, 0, START.plusDays(30));
        assertThat(hits(a, START.plusDays(32), s -> s.recordPermit(PERSON, Days.of(START.plusDays(30)))))
                .contains("PERMIT_EXPIRED");
        assertThat(hits(a, START.plusDays(30), s -> s.recordPermit(PERSON, Days.of(START.plusDays(30)))))
                .doesNotContain("PERMIT_EXPIRED"); // the permit's last day
        assertThat(hits(a, START.plusDays(32), s -> {
                    s.recordPermit(PERSON, Days.of(START.plusDays(20)));
                    s.recordPermitRenewal(PERSON, Days.of(START.plusDays(25)));
                }))
                .doesNotContain("PERMIT_EXPIRED");
    }

    @Test
    void housingAllowanceIncomeGrowthNotReported() throws Exception {
        Application bob = application(Benefit.BOB, 30, 12_000, START.plusDays(30));
        assertThat(hits(bob, START.plusDays(30), s -> s.recordIncome(PERSON, MARCH - 1, 24_000, 0, 0, 0)))
                .contains("BOB_INCOME_GROWTH_NOT_REPORTED");
        assertThat(hits(bob, START.plusDays(30), s -> s.recordIncome(PERSON, MARCH - 1, 23_900, 0, 0, 0)))
                .doesNotContain("BOB_INCOME_GROWTH_NOT_REPORTED");
    }

    @Test
    void maintenanceSupportWithAnotherAdultAtTheAddress() throws Exception {
        Application uhs = application(Benefit.UHS, 30, 0, START);
        Consumer<PersonHistoryStore> home = s -> s.recordMoveIn(PERSON, "addr", Days.of(START.minusYears(2)));
        assertThat(hits(uhs, START, home.andThen(s -> s.recordMoveIn("p-other", "addr", Days.of(START.minusDays(9))))))
                .contains("UHS_CO_REGISTERED");
        assertThat(hits(uhs, START, home.andThen(s -> s.recordMoveIn("p-other", "addr2", Days.of(START.minusDays(9))))))
                .doesNotContain("UHS_CO_REGISTERED");
    }

    @Test
    void activitySupportInAMonthWithEmployerIncome() throws Exception {
        Application as = application(Benefit.AS, 20, 0, START.plusDays(20));
        assertThat(hits(as, AFTER_MARCH_DECLARED, s -> s.recordIncome(PERSON, MARCH, 12_000, 0, 0, 0)))
                .contains("AS_WITH_EMPLOYER_INCOME");
        assertThat(hits(as, AFTER_MARCH_DECLARED, s -> s.recordIncome(PERSON, MARCH, 9_000, 0, 0, 0)))
                .doesNotContain("AS_WITH_EMPLOYER_INCOME");
    }

    @Test
    void theApplicationRulesComeAlongUnchanged() throws Exception {
        Consumer<PersonHistoryStore> employed = s -> s.recordIncome(PERSON, MARCH - 2, 30_000, 0, 0, 0);
        Application late = application(Benefit.TFP, 2, 30_000, START.plusDays(95));
        assertThat(hits(late, START.plusDays(95), employed)).containsExactly("RETROACTIVE_VAB");
        assertThat(hits(application(Benefit.TFP, 2, 30_000, START.plusDays(5)), START.plusDays(5), employed))
                .isEmpty();
    }
}
