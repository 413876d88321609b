package org.korrekt.training.synthetic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.training.data.ClaimRecord;
import org.korrekt.training.data.PersonRecord;

/**
 * A first, uncalibrated generator of claims histories for four benefits (TFP, FP, SP, BoB).
 *
 * <p>Each person has a monthly income, a household of children and a hidden propensity to
 * declare incorrectly. Applications are drawn per person over the history; an incorrect one is
 * given one of four mechanisms from {@code domain.md} section 7.6, each of which distorts what
 * is declared the way the mechanism does in reality:
 *
 * <ul>
 *   <li>{@code G2_DAYS_NOT_ABSENT}: days claimed on which the claimant was not absent, so the
 *       share of the period claimed is higher;
 *   <li>{@code G3_LATE_CLAIM}: a claim submitted long after the period;
 *   <li>{@code G11_INCOME_MISSTATED}: an amount above what the declared income gives;
 *   <li>{@code G7_UNDECLARED_HOUSEHOLD}: a household change that nothing in the application
 *       shows (the irreducible part no model can see).
 * </ul>
 *
 * Base incorrect rates per benefit follow the order of {@code domain.md} Tabell 68 (TFP highest).
 * The calibrated generator of a later version replaces the invented parameters here. A share
 * of applications is selected for control at random ({@code randomControl}); other controls
 * target late claims, so the observed layer is biased the way real control selection is.
 */
public final class ClaimsGenerator {

    private static final Benefit[] BENEFITS = {Benefit.TFP, Benefit.FP, Benefit.SP, Benefit.BOB};
    private static final double[] BENEFIT_WEIGHTS = {0.45, 0.25, 0.20, 0.10};
    /** Base probability that an application is incorrect, by benefit (same order as BENEFITS). */
    private static final double[] BASE_INCORRECT = {0.10, 0.035, 0.05, 0.04};
    /** Daily benefit rate: 80 % of the income, capped, in SEK (sjukpenning/FP-like). */
    private static final double DAILY_RATE_SHARE = 0.80 * 12 / 365.0;

    private static final double DAILY_RATE_CAP_SEK = 1_250;
    /** Guaranteed daily rate for claimants without income (grundnivå), in SEK. */
    private static final double DAILY_RATE_FLOOR_SEK = 250;

    private final GeneratorConfig config;

    /** @param config what to generate */
    public ClaimsGenerator(GeneratorConfig config) {
        this.config = config;
    }

    /** Generates the whole history, reporting each generated person to {@code progress}. */
    public SyntheticHistory generate(LongConsumer progress) {
        SplittableRandom random = new SplittableRandom(config.seed());
        List<PersonRecord> persons = new ArrayList<>(config.persons());
        List<ClaimRecord> claims = new ArrayList<>();
        List<Application> incoming = new ArrayList<>();
        LocalDate start = config.historyStart();
        LocalDate end = config.historyEnd();
        int historyDays = (int) ChronoUnit.DAYS.between(start, end);
        double applicationsPerPersonYear = 2.5;
        double expectedPerPerson = applicationsPerPersonYear * historyDays / 365.0;
        long applicationCounter = 0;
        List<PersonState> states = new ArrayList<>(config.persons());
        for (int p = 0; p < config.persons(); p++) {
            PersonState person = newPerson(random);
            states.add(person);
            persons.add(person.record);
            int count = poisson(random, expectedPerPerson * person.activity);
            for (int i = 0; i < count; i++) {
                LocalDate submitted = start.plusDays(random.nextInt(historyDays));
                claims.add(newClaim(random, person, submitted, ++applicationCounter));
            }
            progress.accept(p + 1);
        }
        claims.sort(Comparator.comparing((ClaimRecord c) -> c.application().submittedOn())
                .thenComparing(c -> c.application().applicationId()));
        for (int i = 0; i < config.incomingApplications(); i++) {
            PersonState person = states.get(random.nextInt(states.size()));
            LocalDate submitted = end.plusDays(random.nextInt(14));
            incoming.add(
                    newClaim(random, person, submitted, ++applicationCounter).application());
        }
        incoming.sort(Comparator.comparing(Application::submittedOn).thenComparing(Application::applicationId));
        return new SyntheticHistory(persons, claims, incoming);
    }

    private PersonState newPerson(SplittableRandom random) {
        String pseudonym = String.format(Locale.ROOT, "p-%016x%016x", random.nextLong(), random.nextLong());
        String sex = random.nextDouble() < 0.55 ? "F" : "M";
        int birthYear = 1965 + random.nextInt(38);
        boolean bornAbroad = random.nextDouble() < 0.2;
        // Monthly income: log-normal around 32,000 SEK; some have none.
        double income = random.nextDouble() < 0.06 ? 0 : Math.round(32_000 * Math.exp(0.45 * gaussian(random)));
        // A small minority declares incorrectly far more often than the rest (domain.md 7.5: F-episodes).
        double propensity = random.nextDouble() < 0.06 ? 4.0 : 1.0;
        double activity = 0.3 + 1.4 * random.nextDouble();
        return new PersonState(new PersonRecord(pseudonym, sex, birthYear, bornAbroad), income, propensity, activity);
    }

    private ClaimRecord newClaim(SplittableRandom random, PersonState person, LocalDate submitted, long number) {
        int b = pick(random, BENEFIT_WEIGHTS);
        Benefit benefit = BENEFITS[b];
        double pIncorrect = Math.min(0.9, BASE_INCORRECT[b] * person.propensity);
        boolean incorrect = random.nextDouble() < pIncorrect;
        String mechanism = incorrect ? pickMechanism(random, benefit) : null;

        double trueIncome = person.income;
        double dailyRate = Math.min(DAILY_RATE_CAP_SEK, Math.max(DAILY_RATE_FLOOR_SEK, trueIncome * DAILY_RATE_SHARE));
        int periodDays;
        int trueDays;
        switch (benefit) {
            case TFP -> {
                periodDays = 1 + random.nextInt(7);
                trueDays = Math.max(1, (int) Math.round(periodDays * (0.4 + 0.5 * random.nextDouble())));
            }
            case FP -> {
                periodDays = 7 + random.nextInt(60);
                trueDays = Math.max(1, (int) Math.round(periodDays * (0.3 + 0.5 * random.nextDouble())));
            }
            case SP -> {
                periodDays = 8 + random.nextInt(80);
                trueDays = Math.max(1, (int) Math.round(periodDays * (0.5 + 0.45 * random.nextDouble())));
            }
            default -> {
                periodDays = 30;
                trueDays = 30;
                // Housing allowance: a monthly amount that falls with income.
                dailyRate = Math.max(50, 140 - trueIncome / 400) * (0.8 + 0.4 * random.nextDouble());
            }
        }
        int claimedDays = trueDays;
        double declaredIncome = trueIncome;
        int lag = benefit == Benefit.BOB
                ? -(5 + random.nextInt(20))
                : (int) Math.round(Math.min(300, 3 + 12 * Math.exp(0.9 * gaussian(random))));
        double amount = dailyRate * claimedDays;
        double incorrectAmount = 0;
        if (incorrect) {
            switch (mechanism) {
                case "G2_DAYS_NOT_ABSENT" -> {
                    claimedDays = Math.min(periodDays, trueDays + 1 + random.nextInt(Math.max(1, periodDays)));
                    amount = dailyRate * claimedDays;
                    incorrectAmount = dailyRate * (claimedDays - trueDays);
                }
                case "G3_LATE_CLAIM" -> {
                    lag = 60 + random.nextInt(300);
                    incorrectAmount = amount * (0.5 + 0.5 * random.nextDouble());
                }
                case "G11_INCOME_MISSTATED" -> {
                    double factor = 1.3 + 1.2 * random.nextDouble();
                    amount = Math.min(amount * factor, DAILY_RATE_CAP_SEK * claimedDays * 1.5);
                    incorrectAmount = Math.max(0, amount - dailyRate * claimedDays);
                }
                default -> incorrectAmount = amount * (0.2 + 0.6 * random.nextDouble());
            }
        }
        incorrectAmount = Math.min(incorrectAmount, amount);
        if (incorrect && incorrectAmount < 1) {
            incorrectAmount = Math.min(amount, 1);
        }
        Channel channel = random.nextDouble() < (incorrect ? 0.10 : 0.04) ? Channel.PAPER : Channel.E_SERVICE;
        LocalDate periodEnd = submitted.minusDays(lag);
        LocalDate periodStart = periodEnd.minusDays(periodDays - 1L);
        Application application = new Application(
                String.format(Locale.ROOT, "A%09d", number),
                person.record.personPseudonym(),
                benefit,
                channel,
                submitted,
                periodStart,
                periodEnd,
                claimedDays,
                Math.round(amount),
                declaredIncome);
        boolean randomControl = random.nextDouble() < config.randomControlShare();
        // Targeted controls look at late claims, as the 90-day rule makes them look suspicious.
        boolean targeted = lag > 90 && random.nextDouble() < 0.3;
        boolean investigated = randomControl || targeted;
        double roundedIncorrect = incorrect ? Math.max(1, Math.round(incorrectAmount)) : 0;
        return new ClaimRecord(
                application,
                incorrect,
                mechanism,
                Math.min(roundedIncorrect, application.amountSek()),
                investigated,
                randomControl);
    }

    private static String pickMechanism(SplittableRandom random, Benefit benefit) {
        double u = random.nextDouble();
        if (benefit == Benefit.BOB) {
            return u < 0.5 ? "G11_INCOME_MISSTATED" : "G7_UNDECLARED_HOUSEHOLD";
        }
        if (u < 0.35) {
            return "G2_DAYS_NOT_ABSENT";
        }
        if (u < 0.60) {
            return "G3_LATE_CLAIM";
        }
        if (u < 0.85) {
            return "G11_INCOME_MISSTATED";
        }
        return "G7_UNDECLARED_HOUSEHOLD";
    }

    private static int pick(SplittableRandom random, double[] weights) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            if (u < cumulative) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static int poisson(SplittableRandom random, double mean) {
        // Knuth's method; the means here are small.
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private record PersonState(PersonRecord record, double income, double propensity, double activity) {}
}
