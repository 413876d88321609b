package org.korrekt.training.synthetic;

import java.util.List;
import java.util.Map;
import org.korrekt.features.Benefit;

/**
 * The published 2023 figures a benefit's synthetic history is calibrated to, and the parameters
 * of its error model. Every figure is from {@code ../shared/domain.md}: volumes from section 2.2
 * (FK Årsredovisning 2023, Tabell 2-5), incorrect payments and controls from section 2.3
 * (Tabell 63-77), the two-component amount model from section 7.5 (an assumption solved to hit
 * Tabell 68). Amounts in SEK and MSEK at full scale, shares as fractions.
 *
 * @param benefit the benefit
 * @param recipients recipients in 2023 (Tabell 3)
 * @param payments payments in 2023 (Tabell 5)
 * @param paidMsek amount paid in 2023, MSEK (Tabell 2; assistance gross)
 * @param womenShare share of recipients who are women (Tabell 4)
 * @param monthly whether the benefit is paid monthly (else per claim)
 * @param trueIncorrectShare estimated true incorrect share of the amount paid (Tabell 68)
 * @param detectedShare detected incorrect amount as a share of the amount paid (Tabell 67)
 * @param detectedCases detected incorrect payments, count (Tabell 63)
 * @param detectedMsek detected incorrect amount, MSEK (Tabell 64)
 * @param agencyShare share of the incorrect amount caused by the agency (Tabell 65)
 * @param otherShare share caused by another actor: employer, municipality, provider (Tabell 65)
 * @param applicationShare share of the incorrect amount arising at application (Tabell 66)
 * @param changeShare share arising from changed circumstances (Tabell 66)
 * @param fthShare share from wrong insurance eligibility, FTH (Tabell 66)
 * @param ifkDeviationRate deviation rate in the random internal-control sample (Tabell 99)
 * @param investigations completed control investigations (Tabell 69)
 * @param actionRate share of investigations leading to an action (Tabell 70)
 * @param policeReports police reports (Tabell 74)
 * @param recoveryClaims recovery claims decided (Tabell 76)
 * @param recoveryMsek recovery claims decided, MSEK (Tabell 77)
 * @param pE yearly probability of an E-episode (partial, mostly unintentional error), section 7.5
 * @param meanE mean E-episode amount, SEK
 * @param pF yearly probability of an F-episode (large, mostly intentional), section 7.5
 * @param meanF mean F-episode amount, SEK
 * @param oversample how many times the benefit's recipients are over-represented (their rows carry weight 1/oversample)
 * @param mechanisms the mechanisms of section 7.6 this benefit's errors come from
 */
public record BenefitTargets(
        Benefit benefit,
        double recipients,
        double payments,
        double paidMsek,
        double womenShare,
        boolean monthly,
        double trueIncorrectShare,
        double detectedShare,
        double detectedCases,
        double detectedMsek,
        double agencyShare,
        double otherShare,
        double applicationShare,
        double changeShare,
        double fthShare,
        double ifkDeviationRate,
        double investigations,
        double actionRate,
        double policeReports,
        double recoveryClaims,
        double recoveryMsek,
        double pE,
        double meanE,
        double pF,
        double meanF,
        int oversample,
        List<Mechanism> mechanisms) {

    public BenefitTargets {
        mechanisms = List.copyOf(mechanisms);
    }

    /** Payments per recipient and year. */
    public double paymentsPerRecipient() {
        return payments / recipients;
    }

    /** Mean amount of one payment, SEK. */
    public double meanPaymentSek() {
        return paidMsek * 1e6 / payments;
    }

    /** Detected incorrect payments per payment (Tabell 63 / Tabell 5). */
    public double detectedPerPayment() {
        return detectedCases / payments;
    }

    /** Recovery claims per detected incorrect payment (Tabell 76 / Tabell 63). */
    public double recoveryCountRatio() {
        return recoveryClaims / detectedCases;
    }

    /** Recovery amount per detected incorrect amount (Tabell 77 / Tabell 64). */
    public double recoveryAmountRatio() {
        return recoveryMsek / detectedMsek;
    }

    /** The intentional share of claimant-caused kronor implied by the 7.5 mixture (domain.md 7.4, last column). */
    public double intentionalShareOfClaimant() {
        return switch (benefit) {
            case TFP -> 0.67;
            case ASS -> 0.68;
            case UHS -> 0.40;
            case SP -> 0.66;
            case OB -> 0.46;
            case BOB -> 0.47;
            case FP -> 0.56;
            case AS -> 0.76;
            case BB -> 0.37;
            case AE -> 0.54;
            case SE -> 0.74;
        };
    }

    /** The claimant's share of the incorrect amount. */
    public double claimantShare() {
        return 1 - agencyShare - otherShare;
    }

    private static BenefitTargets of(
            Benefit benefit,
            double recipients,
            double payments,
            double paidMsek,
            double women,
            boolean monthly,
            double trueShare,
            double detectedShare,
            double detectedCases,
            double detectedMsek,
            double agency,
            double other,
            double application,
            double change,
            double fth,
            double ifk,
            double investigations,
            double actionRate,
            double police,
            double recoveryClaims,
            double recoveryMsek,
            double pE,
            double meanE,
            double pF,
            double meanF,
            int oversample,
            Mechanism... mechanisms) {
        double timing = application + change + fth;
        return new BenefitTargets(
                benefit,
                recipients,
                payments,
                paidMsek,
                women / 100,
                monthly,
                trueShare / 100,
                detectedShare / 100,
                detectedCases,
                detectedMsek,
                agency / 100,
                other / 100,
                application / timing,
                change / timing,
                fth / timing,
                ifk / 100,
                investigations,
                actionRate / 100,
                police,
                recoveryClaims,
                recoveryMsek,
                pE,
                meanE,
                pF,
                meanF,
                oversample,
                List.of(mechanisms));
    }

    /** The eleven benefits of domain.md section 7.3, with their 2023 figures. */
    public static final List<BenefitTargets> ALL = List.of(
            of(
                    Benefit.TFP,
                    959_430,
                    3_165_272,
                    10_323,
                    53.4,
                    false,
                    14.0,
                    0.9,
                    8_996,
                    90.8,
                    3,
                    0,
                    98,
                    2,
                    0,
                    5.5,
                    5_634,
                    69,
                    1_802,
                    4_758,
                    86.0,
                    0.10,
                    4_000,
                    0.08,
                    14_000,
                    1,
                    Mechanism.G2,
                    Mechanism.G3,
                    Mechanism.G4,
                    Mechanism.G11,
                    Mechanism.G12),
            of(
                    Benefit.FP,
                    835_591,
                    3_895_329,
                    36_056,
                    53.6,
                    false,
                    3.3,
                    0.5,
                    13_981,
                    181.5,
                    10,
                    0,
                    45,
                    50,
                    5,
                    5.0,
                    4_853,
                    62,
                    1_421,
                    10_514,
                    166.4,
                    0.08,
                    8_000,
                    0.02,
                    40_000,
                    1,
                    Mechanism.G1,
                    Mechanism.G3,
                    Mechanism.G11,
                    Mechanism.G10,
                    Mechanism.G12),
            of(
                    Benefit.SP,
                    630_085,
                    2_957_581,
                    46_636,
                    62.8,
                    false,
                    6.6,
                    0.5,
                    17_056,
                    254.4,
                    26,
                    1,
                    42,
                    57,
                    1,
                    7.5,
                    2_958,
                    30,
                    421,
                    11_319,
                    196.3,
                    0.15,
                    15_000,
                    0.03,
                    90_000,
                    1,
                    Mechanism.G11,
                    Mechanism.G1,
                    Mechanism.G10,
                    Mechanism.G12),
            of(
                    Benefit.AS,
                    244_793,
                    1_610_987,
                    17_305,
                    49.1,
                    true,
                    1.7,
                    0.6,
                    13_038,
                    104.5,
                    13,
                    19,
                    99,
                    1,
                    0,
                    3.6,
                    2_871,
                    44,
                    986,
                    6_364,
                    89.6,
                    0.10,
                    5_000,
                    0.02,
                    35_000,
                    1,
                    Mechanism.G8,
                    Mechanism.G12),
            of(
                    Benefit.SE,
                    227_769,
                    2_638_497,
                    36_227,
                    57.8,
                    true,
                    0.2,
                    0.3,
                    690,
                    97.0,
                    3,
                    2,
                    6,
                    89,
                    5,
                    1.2,
                    1_043,
                    27,
                    142,
                    943,
                    88.0,
                    0.002,
                    30_000,
                    0.002,
                    130_000,
                    1,
                    Mechanism.G9,
                    Mechanism.G10,
                    Mechanism.G7,
                    Mechanism.G12),
            of(
                    Benefit.BOB,
                    207_926,
                    1_508_861,
                    4_551,
                    66.6,
                    true,
                    3.8,
                    1.5,
                    5_837,
                    69.5,
                    7,
                    0,
                    40,
                    57,
                    3,
                    8.9,
                    3_901,
                    44,
                    917,
                    4_915,
                    64.4,
                    0.05,
                    9_000,
                    0.015,
                    25_000,
                    1,
                    Mechanism.G6,
                    Mechanism.G7,
                    Mechanism.G10,
                    Mechanism.G12),
            of(
                    Benefit.UHS,
                    137_481,
                    1_388_303,
                    4_001,
                    82.3,
                    true,
                    7.3,
                    2.0,
                    9_785,
                    80.1,
                    7,
                    1,
                    15,
                    83,
                    2,
                    3.4,
                    1_825,
                    44,
                    408,
                    6_100,
                    69.0,
                    0.15,
                    9_000,
                    0.02,
                    40_000,
                    1,
                    Mechanism.G7,
                    Mechanism.G10,
                    Mechanism.G12),
            of(
                    Benefit.OB,
                    97_399,
                    1_006_976,
                    4_649,
                    77.6,
                    true,
                    3.9,
                    0.3,
                    775,
                    14.6,
                    25,
                    1,
                    7,
                    73,
                    20,
                    2.2,
                    245,
                    39,
                    55,
                    550,
                    11.8,
                    0.06,
                    20_000,
                    0.01,
                    65_000,
                    1,
                    Mechanism.G7,
                    Mechanism.G10,
                    Mechanism.G12),
            of(
                    Benefit.AE,
                    37_855,
                    374_941,
                    4_547,
                    46.8,
                    true,
                    0.2,
                    0.4,
                    386,
                    16.1,
                    14,
                    1,
                    14,
                    86,
                    0,
                    1.2,
                    112,
                    27,
                    13,
                    530,
                    13.8,
                    0.004,
                    30_000,
                    0.001,
                    120_000,
                    1,
                    Mechanism.G9,
                    Mechanism.G12),
            of(
                    Benefit.ASS,
                    13_984,
                    155_194,
                    29_019,
                    44.8,
                    true,
                    8.2,
                    1.2,
                    1_577,
                    335.3,
                    10,
                    20,
                    60,
                    39,
                    1,
                    0.7,
                    400,
                    24,
                    56,
                    928,
                    280.0,
                    0.50,
                    166_000,
                    0.04,
                    2_200_000,
                    10,
                    Mechanism.G5,
                    Mechanism.G10,
                    Mechanism.G12),
            of(
                    Benefit.BB,
                    1_711_061,
                    32_190_042,
                    32_985,
                    65.0,
                    true,
                    0.7,
                    0.3,
                    25_197,
                    108.4,
                    7,
                    1,
                    2,
                    89,
                    8,
                    5.4,
                    4_710,
                    63,
                    1_445,
                    9_144,
                    83.3,
                    0.03,
                    3_000,
                    0.003,
                    15_000,
                    1,
                    Mechanism.G10,
                    Mechanism.G9,
                    Mechanism.G7,
                    Mechanism.G12));

    /** The targets of each benefit. */
    public static final Map<Benefit, BenefitTargets> BY_BENEFIT;

    static {
        Map<Benefit, BenefitTargets> map = new java.util.EnumMap<>(Benefit.class);
        for (BenefitTargets t : ALL) {
            map.put(t.benefit(), t);
        }
        BY_BENEFIT = java.util.Collections.unmodifiableMap(map);
    }

    /** Global targets of section 7.10. */
    public static final double INTENTIONAL_SHARE = 0.50;
    /** Agency-caused share of incorrect kronor (Tabell 65). */
    public static final double AGENCY_AMOUNT_SHARE = 0.12;
    /** Agency-caused share of incorrect payments by count (Tabell 10). */
    public static final double AGENCY_COUNT_SHARE = 0.176;
    /** Share of housing-allowance households repaying at the final reconciliation (AR:1690-1697). */
    public static final double BOB_REPAY_SHARE = 0.39;
    /** Mean repayment at the housing-allowance reconciliation, SEK. */
    public static final double BOB_REPAY_MEAN_SEK = 8_270;
    /** Share of housing-allowance households getting a top-up at reconciliation. */
    public static final double BOB_TOP_UP_SHARE = 0.14;
    /** Mean top-up at reconciliation, SEK. */
    public static final double BOB_TOP_UP_MEAN_SEK = 5_348;
}
