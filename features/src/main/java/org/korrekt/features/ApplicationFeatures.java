package org.korrekt.features;

import java.util.List;

/**
 * The application feature schema, version 1, and its extractor.
 *
 * <p>Version 1 uses only what the application itself declares; the person-history features
 * (attendance overlaps, employer-reported income, earlier claims) come with the history store.
 * No feature is, or stands in for, a protected attribute (sex, age, country of birth).
 */
public final class ApplicationFeatures implements FeatureExtractor<Application> {

    /** Floor for the income in {@code amount_to_income_ratio}, in SEK, so that zero income stays finite. */
    public static final double INCOME_FLOOR_SEK = 1_000;

    /** Version 1 of the application schema. */
    public static final FeatureSchema SCHEMA_V1 = new FeatureSchema(
            "application",
            1,
            List.of(
                    new FeatureDefinition(
                            "amount_sek_log",
                            "natural logarithm of 1 + the amount applied for",
                            "ln(1+SEK)",
                            "HIGH_AMOUNT",
                            "Högt belopp i ansökan",
                            "High amount applied for"),
                    new FeatureDefinition(
                            "claimed_days",
                            "number of benefit days claimed in the period",
                            "days",
                            "MANY_DAYS_CLAIMED",
                            "Många dagar begärda",
                            "Many days claimed"),
                    new FeatureDefinition(
                            "claimed_day_share",
                            "claimed days divided by the calendar days of the period",
                            "ratio",
                            "HIGH_SHARE_OF_PERIOD_CLAIMED",
                            "Stor andel av perioden begärd",
                            "Large share of the period claimed"),
                    new FeatureDefinition(
                            "submission_lag_days",
                            "days from the end of the period to submission, negative when submitted in advance",
                            "days",
                            "LATE_APPLICATION",
                            "Ansökan lämnades in långt efter perioden",
                            "Application submitted long after the period"),
                    new FeatureDefinition(
                            "amount_to_income_ratio",
                            "amount applied for divided by the declared monthly income (at least "
                                    + (long) INCOME_FLOOR_SEK + " SEK)",
                            "ratio",
                            "AMOUNT_HIGH_FOR_INCOME",
                            "Beloppet är högt i förhållande till uppgiven inkomst",
                            "Amount is high relative to declared income"),
                    new FeatureDefinition(
                            "declared_income_sek_log",
                            "natural logarithm of 1 + the declared monthly income",
                            "ln(1+SEK)",
                            "DECLARED_INCOME",
                            "Den uppgivna månadsinkomsten höjer risken",
                            "The declared monthly income raises the risk"),
                    new FeatureDefinition(
                            "paper_channel",
                            "1 when the application was submitted on paper, else 0",
                            "indicator",
                            "PAPER_APPLICATION",
                            "Ansökan lämnades in på papper",
                            "Application submitted on paper"),
                    new FeatureDefinition(
                            "benefit_tfp", "1 when the benefit is TFP (VAB), else 0", "indicator", null, null, null),
                    new FeatureDefinition(
                            "benefit_fp", "1 when the benefit is FP, else 0", "indicator", null, null, null),
                    new FeatureDefinition(
                            "benefit_sp", "1 when the benefit is SP, else 0", "indicator", null, null, null),
                    new FeatureDefinition(
                            "benefit_bob", "1 when the benefit is BoB, else 0", "indicator", null, null, null)));

    private static final ApplicationFeatures INSTANCE = new ApplicationFeatures();

    private ApplicationFeatures() {}

    /** The shared, stateless extractor for {@link #SCHEMA_V1}. */
    public static ApplicationFeatures v1() {
        return INSTANCE;
    }

    @Override
    public FeatureSchema schema() {
        return SCHEMA_V1;
    }

    @Override
    public void extract(Application application, double[] out) {
        if (out.length < SCHEMA_V1.size()) {
            throw new IllegalArgumentException(
                    "feature buffer needs " + SCHEMA_V1.size() + " slots, had " + out.length);
        }
        double amount = application.amountSek();
        double income = application.declaredMonthlyIncomeSek();
        int claimedDays = application.claimedDays();
        out[0] = Math.log1p(amount);
        out[1] = claimedDays;
        out[2] = (double) claimedDays / application.periodDays();
        out[3] = application.submissionLagDays();
        out[4] = amount / Math.max(income, INCOME_FLOOR_SEK);
        out[5] = Math.log1p(income);
        out[6] = application.channel() == Channel.PAPER ? 1.0 : 0.0;
        Benefit benefit = application.benefit();
        out[7] = benefit == Benefit.TFP ? 1.0 : 0.0;
        out[8] = benefit == Benefit.FP ? 1.0 : 0.0;
        out[9] = benefit == Benefit.SP ? 1.0 : 0.0;
        out[10] = benefit == Benefit.BOB ? 1.0 : 0.0;
    }
}
