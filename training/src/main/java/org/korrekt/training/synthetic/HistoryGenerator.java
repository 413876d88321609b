package org.korrekt.training.synthetic;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.history.AddressRegistration;
import org.korrekt.features.history.AgencyNotification;
import org.korrekt.features.history.AssistantTimesheet;
import org.korrekt.features.history.BankAccount;
import org.korrekt.features.history.BenefitDecision;
import org.korrekt.features.history.BobReconciliation;
import org.korrekt.features.history.ChangeReport;
import org.korrekt.features.history.Child;
import org.korrekt.features.history.ChildcareAttendance;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.Control;
import org.korrekt.features.history.ControlInvestigation;
import org.korrekt.features.history.Employer;
import org.korrekt.features.history.MonthlyIncome;
import org.korrekt.features.history.Payment;
import org.korrekt.features.history.Person;
import org.korrekt.features.history.Provider;
import org.korrekt.features.history.RecoveryClaim;

/**
 * Generates a claims history calibrated to the published 2023 figures ({@code domain.md} section 7).
 *
 * <p>For each benefit it draws recipients (stratified by sex), their applications and payments
 * with the benefit's cadence, and rescales amounts so the amount paid per year matches Tabell 2.
 * Errors follow the two-component model of section 7.5: per recipient and year an E-episode
 * (small, mostly unintentional) and an F-episode (large, mostly intentional) occur with the
 * benefit's probabilities; their amounts are lognormal, capped by the payments they run over, and
 * scaled by one factor per benefit, found by bisection, so the incorrect share of the amount paid
 * matches Tabell 68. Cause, intent and timing are drawn to match Tabell 65 and 66; the mechanism
 * follows from cause and timing among the benefit's mechanisms (section 7.6), and leaves its
 * evidence in the tables a control would check. Detection probabilities of E- and F-episodes are
 * solved so that both the detected amount (Tabell 67) and the detected count (Tabell 63) match;
 * investigations, their action rates (Tabell 69-70), recovery claims (Tabell 76-77) and the
 * housing-allowance reconciliation follow.
 *
 * <p>Deterministic for a configuration: one seeded generator, consumed in a fixed order.
 * Not thread-safe.
 */
public final class HistoryGenerator {

    /** Reports progress: the stage's name, work done and total work. */
    @FunctionalInterface
    public interface Progress {
        /** Called as work is done; {@code total} is the same for every call of a stage. */
        void report(String stage, long done, long total);
    }

    private static final double INTENT_F = 0.85;
    private static final double INTENT_E = 0.10;
    /** Small agency errors added per episode of a benefit (see {@link #smallAgencyErrors}). */
    private static final double SMALL_AGENCY_ERRORS = 0.04;

    private static final double MEAN_E_PAYMENTS = 2;
    private static final double MEAN_F_PAYMENTS = 9;
    private static final double RECOVERY_THRESHOLD_SEK = 2_000;
    private static final double IFK_SAMPLE_PER_BENEFIT_YEAR = 1_068;
    private static final double PRE_PAYMENT_CHECKS_PER_YEAR = 52_000;

    private final HistoryConfig config;
    private final SplittableRandom random;
    private final LocalDate start;
    private final LocalDate end;
    private final Ids ids;

    private final List<PersonState> persons = new ArrayList<>();
    private final Map<String, List<PersonState>> parentPool = new HashMap<>();
    private final List<RecipientYear> recipientYears = new ArrayList<>();
    private final List<ClaimDraft> claims = new ArrayList<>();
    private final List<Episode> episodes = new ArrayList<>();
    private final List<AddressRegistration> registrations = new ArrayList<>();
    private final List<Child> children = new ArrayList<>();
    private final List<ChildcareAttendance> attendance = new ArrayList<>();
    private final List<Employer> employers = new ArrayList<>();
    private final List<MonthlyIncome> income = new ArrayList<>();
    private final List<Provider> providers = new ArrayList<>();
    private final List<AssistantTimesheet> timesheets = new ArrayList<>();
    private final List<BenefitDecision> decisions = new ArrayList<>();
    private final List<BankAccount> accounts = new ArrayList<>();
    private final List<ChangeReport> changeReports = new ArrayList<>();
    private final List<AgencyNotification> notifications = new ArrayList<>();
    private final List<Control> controls = new ArrayList<>();
    private final List<ControlInvestigation> investigations = new ArrayList<>();
    private final List<RecoveryClaim> recoveries = new ArrayList<>();
    private final List<BobReconciliation> reconciliations = new ArrayList<>();
    private final Map<Benefit, Calibration> calibrations = new EnumMap<>(Benefit.class);

    /** @param config what to generate */
    public HistoryGenerator(HistoryConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.ids = new Ids(config.seed());
        this.start = config.start();
        this.end = config.end();
    }

    /** How each benefit's error model was calibrated: the amount factor and detection probabilities. */
    public record Calibration(
            double incidence,
            double amountFactor,
            double detectE,
            double detectF,
            boolean amountTargetReachable,
            boolean detectedCountReachable,
            boolean recoveryCountReachable,
            boolean recoveryAmountReachable) {}

    /** Generates the history. */
    public GeneratedHistory generate(Progress progress) {
        createEmployersAndProviders();
        int b = 0;
        for (BenefitTargets targets : BenefitTargets.ALL) {
            generateBenefit(targets);
            progress.report("Applications and payments", ++b, BenefitTargets.ALL.size());
        }
        b = 0;
        for (BenefitTargets targets : BenefitTargets.ALL) {
            injectErrors(targets);
            progress.report("Errors (ground truth)", ++b, BenefitTargets.ALL.size());
        }
        b = 0;
        for (BenefitTargets targets : BenefitTargets.ALL) {
            detect(targets);
            progress.report("Detection and controls", ++b, BenefitTargets.ALL.size());
        }
        reconcileHousingAllowance();
        writeEvidence(progress);
        List<Application> incoming = incoming();
        return assemble(incoming);
    }

    /** The calibration of each benefit, after {@link #generate}. */
    public Map<Benefit, Calibration> calibrations() {
        return Map.copyOf(calibrations);
    }

    // ------------------------------------------------------------------ people, claims, payments

    private void createEmployersAndProviders() {
        int count = Math.max(20, (int) Math.round(300_000 * config.scale()));
        String[] sectors = {"care", "retail", "manufacturing", "education", "construction", "it", "transport", "public"
        };
        for (int i = 0; i < count; i++) {
            employers.add(new Employer(
                    ids.next("E"),
                    start.minusDays(365 + random.nextInt(9_000)),
                    1 + (int) Math.exp(random.nextDouble() * 7),
                    sectors[random.nextInt(sectors.length)],
                    false));
        }
        int providerCount = Math.max(5, (int) Math.round(1_000 * config.scale()));
        for (int i = 0; i < providerCount; i++) {
            providers.add(new Provider(ids.next("V"), start.minusDays(365 + random.nextInt(3_000)), null));
        }
    }

    private void generateBenefit(BenefitTargets t) {
        int n = Math.max(1, (int) Math.round(t.recipients() * config.scale() * t.oversample()));
        double weight = 1.0 / t.oversample();
        boolean parents = isParentBenefit(t.benefit());
        List<RecipientYear> mine = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String sex = random.nextDouble() < t.womenShare() ? "F" : "M";
            PersonState person = parents ? parentFor(sex, t.benefit()) : newPerson(sex, t.benefit());
            person.benefits.add(t.benefit());
            List<RecipientYear> years = new ArrayList<>();
            for (int y = 0; y < config.years(); y++) {
                RecipientYear ry = new RecipientYear(person, t, config.startYear() + y, weight);
                ry.allYears = years;
                years.add(ry);
                if (t.monthly()) {
                    monthlyPayments(ry);
                } else {
                    claimPayments(ry);
                }
                mine.add(ry);
            }
        }
        // Rescale amounts so each year's paid total matches Tabell 2 at this scale.
        for (int y = 0; y < config.years(); y++) {
            int year = config.startYear() + y;
            double target = t.paidMsek() * 1e6 * config.scale() * t.oversample();
            double total = 0;
            for (RecipientYear ry : mine) {
                if (ry.year == year) {
                    for (PaymentDraft p : ry.payments) {
                        total += p.amount;
                    }
                }
            }
            double factor = total > 0 ? target / total : 1;
            for (RecipientYear ry : mine) {
                if (ry.year == year) {
                    for (PaymentDraft p : ry.payments) {
                        p.amount = Math.round(p.amount * factor);
                    }
                }
            }
        }
        for (RecipientYear ry : mine) {
            for (ClaimDraft c : ry.claims) {
                c.amount = 0;
                for (PaymentDraft p : c.payments) {
                    c.amount += p.amount;
                }
            }
        }
        recipientYears.addAll(mine);
    }

    private static boolean isParentBenefit(Benefit b) {
        return b == Benefit.TFP
                || b == Benefit.FP
                || b == Benefit.BB
                || b == Benefit.UHS
                || b == Benefit.OB
                || b == Benefit.BOB;
    }

    /** A parent: often one who already receives another family benefit, as in reality. */
    private PersonState parentFor(String sex, Benefit benefit) {
        List<PersonState> pool = parentPool.computeIfAbsent(sex, k -> new ArrayList<>());
        if (!pool.isEmpty() && random.nextDouble() < 0.6) {
            for (int attempt = 0; attempt < 4; attempt++) {
                PersonState candidate = pool.get(random.nextInt(pool.size()));
                if (!candidate.benefits.contains(benefit)) {
                    return candidate;
                }
            }
        }
        PersonState person = newPerson(sex, benefit);
        int kids = pick(new double[] {0.55, 0.35, 0.08, 0.02}) + 1;
        for (int k = 0; k < kids; k++) {
            addChild(person);
        }
        pool.add(person);
        return person;
    }

    private Child addChild(PersonState parent) {
        int birthYear = Math.max(parent.birthYear + 18, config.startYear() - 1 - random.nextInt(16));
        boolean alternating = random.nextDouble() < 0.2;
        LocalDate enrolledUntil = config.startYear() - birthYear >= 16
                ? LocalDate.of(config.startYear() + config.years() + 1, 6, 15)
                : null;
        Child child = new Child(ids.next("C"), parent.id, null, birthYear, alternating, enrolledUntil);
        children.add(child);
        parent.children.add(children.size() - 1);
        return child;
    }

    private PersonState newPerson(String sex, Benefit benefit) {
        int age =
                switch (benefit) {
                    case AE -> 19 + random.nextInt(11);
                    case AS -> 20 + random.nextInt(40);
                    case SE -> 35 + random.nextInt(30);
                    case ASS -> 5 + random.nextInt(70);
                    case SP -> 22 + random.nextInt(43);
                    default -> 24 + random.nextInt(24);
                };
        double u = random.nextDouble();
        String country = u < 0.80 ? "sweden" : u < 0.83 ? "nordic" : u < 0.90 ? "europe" : "outside_europe";
        String permit = "citizen";
        LocalDate validTo = null;
        if (country.equals("outside_europe") && random.nextDouble() < 0.4) {
            permit = "temporary";
            validTo = end.plusDays(30 + random.nextInt(900));
        } else if (!country.equals("sweden") && random.nextDouble() < 0.3) {
            permit = "permanent";
        }
        // Monthly income: lognormal around 31,000 SEK; activity and sickness compensation mostly none.
        double pEmployed =
                switch (benefit) {
                    case AS, SE, AE, ASS -> 0.0;
                    case BOB, UHS -> 0.7;
                    default -> 0.9;
                };
        double monthlyIncome = random.nextDouble() < pEmployed ? Math.round(31_000 * Math.exp(0.4 * gaussian())) : 0;
        PersonState p = new PersonState(ids.next("p"), sex, config.startYear() - age, country, permit, validTo);
        p.monthlyIncome = monthlyIncome;
        p.employerId = monthlyIncome > 0
                ? employers.get(random.nextInt(employers.size())).employerId()
                : null;
        p.addressId = ids.next("ADR");
        registrations.add(
                new AddressRegistration(p.id, p.addressId, start.minusDays(200 + random.nextInt(5_000)), null));
        p.accountId = ids.next("K");
        accounts.add(new BankAccount(p.accountId, p.id, start.minusDays(100 + random.nextInt(3_000))));
        persons.add(p);
        return p;
    }

    /** Per-claim benefits (VAB, parental and sickness benefit): one application per payment. */
    private void claimPayments(RecipientYear ry) {
        BenefitTargets t = ry.targets;
        int count = 1 + poisson(t.paymentsPerRecipient() - 1);
        LocalDate yearStart = LocalDate.of(ry.year, 1, 1);
        LocalDate yearEnd = LocalDate.of(ry.year, 12, 31);
        // One person's claims for one benefit do not overlap: lay them out along the year.
        double spacing = (yearStart.lengthOfYear() - 30.0) / count;
        LocalDate previousEnd = yearStart.minusDays(40);
        for (int i = 0; i < count; i++) {
            int lag = (int) Math.min(60, Math.round(2 + 8 * Math.exp(0.8 * gaussian())));
            int claimed;
            int period;
            switch (t.benefit()) {
                case TFP -> {
                    period = 1 + random.nextInt(5);
                    claimed = Math.max(1, period - (random.nextDouble() < 0.3 ? 1 : 0));
                }
                case FP -> {
                    claimed = 5 + random.nextInt(45);
                    period = Math.min(
                            Application.MAX_PERIOD_DAYS, (int) Math.round(claimed * (1 + random.nextDouble() * 0.5)));
                }
                default -> {
                    period = 7 + random.nextInt(70);
                    claimed = period;
                }
            }
            LocalDate slot = yearStart.minusDays(20).plusDays((long) (i * spacing));
            LocalDate periodStart =
                    slot.plusDays(random.nextInt((int) Math.max(1, spacing - Math.min(period, spacing - 1))));
            if (!periodStart.isAfter(previousEnd)) {
                periodStart = previousEnd.plusDays(1);
            }
            LocalDate periodEnd = periodStart.plusDays(period - 1L);
            LocalDate submitted = periodEnd.plusDays(lag);
            LocalDate payDate = submitted.plusDays(3 + random.nextInt(12));
            if (payDate.isAfter(yearEnd)) {
                payDate = yearEnd;
                if (submitted.isAfter(payDate)) {
                    submitted = payDate;
                }
            }
            if (submitted.isBefore(periodEnd)) {
                break; // the year is full
            }
            previousEnd = periodEnd;
            double dailyRate = Math.max(250, Math.min(1_250, ry.person.monthlyIncome * 0.8 * 12 / 365));
            ClaimDraft claim = newClaim(ry, channel(0.97), submitted, periodStart, periodEnd, claimed);
            if (t.benefit() == Benefit.TFP) {
                claim.childIndex = childOf(ry.person);
            }
            PaymentDraft payment = new PaymentDraft(claim, payDate, dailyRate * claimed * Math.exp(0.15 * gaussian()));
            claim.payments.add(payment);
            ry.payments.add(payment);
        }
        ry.payments.sort(Comparator.comparing(p -> p.payDate));
    }

    /** Monthly benefits: payments on the 25th (activity support on the 26th) of each active month. */
    private void monthlyPayments(RecipientYear ry) {
        BenefitTargets t = ry.targets;
        Benefit b = t.benefit();
        int perMonth = 1;
        double monthsMean = t.paymentsPerRecipient();
        if (b == Benefit.BB) {
            perMonth = Math.max(1, ry.person.children.size());
            monthsMean = Math.min(12, t.paymentsPerRecipient() / 1.57);
        }
        double pFull = Math.max(0, Math.min(1, (monthsMean - 6) / 6));
        int months = random.nextDouble() < pFull ? 12 : 1 + random.nextInt(11);
        int first = months == 12 ? 1 : 1 + random.nextInt(13 - months);
        YearMonth from = YearMonth.of(ry.year, first);
        YearMonth to = from.plusMonths(months - 1L);
        double level = t.meanPaymentSek() * Math.exp(0.45 * gaussian() - 0.1);
        int payDay = b == Benefit.AS ? 26 : 25;
        boolean perMonthApplication = b == Benefit.AS || b == Benefit.ASS;
        ClaimDraft yearly = null;
        if (!perMonthApplication) {
            Channel channel = b == Benefit.BB ? Channel.AUTOMATIC : channel(0.85);
            LocalDate periodStart = from.atDay(1);
            LocalDate periodEnd = to.atEndOfMonth();
            int days = (int) ChronoUnit.DAYS.between(periodStart, periodEnd) + 1;
            yearly =
                    newClaim(ry, channel, periodStart.minusDays(10 + random.nextInt(30)), periodStart, periodEnd, days);
            if (b == Benefit.BB || b == Benefit.UHS || b == Benefit.OB) {
                yearly.childIndex = childOf(ry.person);
            }
        }
        double grantedHours = b == Benefit.ASS ? 150 + random.nextInt(550) : Double.NaN;
        String provider = b == Benefit.ASS
                ? providers.get(random.nextInt(providers.size())).providerId()
                : null;
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            ClaimDraft claim = yearly;
            if (perMonthApplication) {
                LocalDate periodStart = m.atDay(1);
                LocalDate periodEnd = m.atEndOfMonth();
                LocalDate submitted =
                        b == Benefit.AS ? m.plusMonths(1).atDay(1 + random.nextInt(7)) : periodStart.minusDays(5);
                claim = newClaim(
                        ry,
                        channel(b == Benefit.AS ? 0.96 : 0.86),
                        submitted,
                        periodStart,
                        periodEnd,
                        periodEnd.getDayOfMonth());
                claim.grantedHours = grantedHours;
                claim.providerId = provider;
            }
            LocalDate payDate = b == Benefit.AS ? m.plusMonths(1).atDay(payDay) : m.atDay(payDay);
            if (!payDate.isBefore(end)) {
                payDate = m.atDay(payDay);
            }
            for (int k = 0; k < perMonth; k++) {
                PaymentDraft payment = new PaymentDraft(claim, payDate, level * Math.exp(0.05 * gaussian()));
                payment.advance = b == Benefit.ASS && random.nextDouble() < 0.04;
                claim.payments.add(payment);
                ry.payments.add(payment);
            }
        }
    }

    private ClaimDraft newClaim(
            RecipientYear ry,
            Channel channel,
            LocalDate submitted,
            LocalDate periodStart,
            LocalDate periodEnd,
            int claimed) {
        ClaimDraft claim = new ClaimDraft(ids.next("A"), ry, channel, submitted, periodStart, periodEnd, claimed);
        claim.declaredIncome = ry.person.monthlyIncome;
        ry.claims.add(claim);
        claims.add(claim);
        return claim;
    }

    private int childOf(PersonState person) {
        if (person.children.isEmpty()) {
            addChild(person);
        }
        return person.children.get(random.nextInt(person.children.size()));
    }

    private Channel channel(double eService) {
        return random.nextDouble() < eService ? Channel.E_SERVICE : Channel.PAPER;
    }

    // ------------------------------------------------------------------ errors

    private void injectErrors(BenefitTargets t) {
        List<RecipientYear> mine =
                recipientYears.stream().filter(ry -> ry.targets == t).toList();
        double paid = 0;
        for (RecipientYear ry : mine) {
            for (PaymentDraft p : ry.payments) {
                paid += p.amount;
            }
        }
        double target = t.trueIncorrectShare() * paid;
        // Episodes keep the published mean amounts (section 7.5); where capping at the entitlement
        // loses amount, incidence rises instead, so that episode sizes stay true to the source.
        double incidence = 1;
        List<Episode> drafts = List.of();
        for (int round = 0; round < 4; round++) {
            drafts = drawEpisodes(t, mine, incidence);
            double realised = 0;
            for (Episode e : drafts) {
                realised += Math.min(e.draw, e.entitlement());
            }
            if (realised <= 0 || Math.abs(realised - target) <= 0.03 * target) {
                break;
            }
            double maxIncidence = 0.95 / Math.max(t.pE(), t.pF());
            incidence = Math.min(maxIncidence, incidence * target / realised);
        }
        double reachable = 0;
        for (Episode e : drafts) {
            reachable += e.entitlement();
        }
        // Then one factor on all amounts, by bisection: realised(f) = sum min(f * draw, entitlement).
        double low = 0;
        double high = 100;
        for (int i = 0; i < 60; i++) {
            double mid = (low + high) / 2;
            double realised = 0;
            for (Episode e : drafts) {
                realised += Math.min(mid * e.draw, e.entitlement());
            }
            if (realised < target) {
                low = mid;
            } else {
                high = mid;
            }
        }
        double factor = (low + high) / 2;
        for (Episode e : drafts) {
            e.amount = Math.min(factor * e.draw, e.entitlement());
        }
        assignCauseAndTiming(t, drafts);
        assignIntent(t, drafts);
        for (Episode e : drafts) {
            e.mechanism = mechanism(t, e);
            if (e.mechanism == null) {
                continue; // every mechanism of this benefit is switched off
            }
            e.id = ids.next("EP");
            if (e.allocate()) {
                episodes.add(e);
            }
        }
        smallAgencyErrors(t, mine);
        calibrations.put(
                t.benefit(),
                new Calibration(incidence, factor, Double.NaN, Double.NaN, reachable >= target, true, true, true));
    }

    /**
     * Small agency errors, a fraction of one payment each: registration and calculation slips in
     * manual handling (section 7.6, G12: 1-3 % of manual decisions). They make agency errors more
     * frequent but smaller than the claimants' (AR:6122-6124), as the count share of Tabell 10 says.
     */
    private void smallAgencyErrors(BenefitTargets t, List<RecipientYear> mine) {
        if (config.rate(Mechanism.G12) <= 0) {
            return;
        }
        long existing = episodes.stream().filter(e -> e.ry.targets == t).count();
        int extra = (int) Math.round(SMALL_AGENCY_ERRORS * existing);
        for (int i = 0; i < extra && !mine.isEmpty(); i++) {
            RecipientYear ry = mine.get(random.nextInt(mine.size()));
            List<PaymentDraft> free =
                    ry.payments.stream().filter(p -> p.episode == null).toList();
            if (free.isEmpty()) {
                continue;
            }
            PaymentDraft p = free.get(random.nextInt(free.size()));
            Episode e = new Episode(ry, false, 0, new ArrayList<>(List.of(p)));
            e.amount = Math.max(1, Math.round(p.amount * (0.05 + 0.15 * random.nextDouble())));
            e.cause = "agency";
            e.timing = random.nextBoolean() ? Mechanism.Timing.APPLICATION : Mechanism.Timing.CHANGE;
            e.mechanism = Mechanism.G12;
            e.id = ids.next("EP");
            if (e.allocate()) {
                episodes.add(e);
            }
        }
    }

    private List<Episode> drawEpisodes(BenefitTargets t, List<RecipientYear> mine, double incidence) {
        double sigmaE = 1.0;
        double sigmaF = 1.2;
        List<Episode> drafts = new ArrayList<>();
        for (RecipientYear ry : mine) {
            if (ry.payments.isEmpty()) {
                continue;
            }
            // F first: a large episode takes its payments before a small one in the same year.
            if (random.nextDouble() < t.pF() * incidence) {
                drafts.add(newEpisode(ry, true, t.meanF() * Math.exp(sigmaF * gaussian() - sigmaF * sigmaF / 2)));
            }
            if (random.nextDouble() < t.pE() * incidence) {
                Episode e = newEpisode(ry, false, t.meanE() * Math.exp(sigmaE * gaussian() - sigmaE * sigmaE / 2));
                e.payments.removeIf(p -> drafts.stream().anyMatch(f -> f.ry == ry && f.payments.contains(p)));
                if (!e.payments.isEmpty()) {
                    drafts.add(e);
                }
            }
        }
        return drafts;
    }

    /**
     * Assigns cause (Tabell 65) and timing (Tabell 66) by quota on the amounts, so that the shares
     * hold even when a few large episodes dominate: each episode, largest first, takes the class
     * with the most amount still missing; the small ones at the end fill the small quotas. Agency
     * errors come from E-episodes only (section 7.5).
     */
    private void assignCauseAndTiming(BenefitTargets t, List<Episode> drafts) {
        // Largest first, so that the small episodes at the end fill each quota precisely.
        List<Episode> order = new ArrayList<>(drafts);
        for (int i = order.size() - 1; i > 0; i--) {
            java.util.Collections.swap(order, i, random.nextInt(i + 1));
        }
        order.sort(Comparator.comparingDouble((Episode e) -> -e.amount));
        double total = 0;
        for (Episode e : order) {
            total += e.amount;
        }
        // Agency errors first, from E-episodes in random order, so that they have the E-episodes'
        // usual sizes: more frequent and smaller than the claimants' (AR:6122-6124, Tabell 10).
        List<Episode> shuffled = new ArrayList<>(drafts);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            java.util.Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        double agencyQuota = t.agencyShare() * total;
        double agencyDone = 0;
        for (Episode e : shuffled) {
            e.cause = null;
            if (!e.large && agencyDone + e.amount / 2 < agencyQuota) {
                e.cause = "agency";
                agencyDone += e.amount;
            }
        }
        String[] causes = {"other", "claimant"};
        double[] causeShares = {t.otherShare(), t.claimantShare()};
        double[] causeDone = new double[2];
        double rest = total - agencyDone;
        Mechanism.Timing[] timings = Mechanism.Timing.values();
        double[] timingShares = {t.applicationShare(), t.changeShare(), t.fthShare()};
        double[] timingDone = new double[3];
        for (Episode e : order) {
            if (e.cause == null) {
                double share = causeShares[0] + causeShares[1];
                int cause =
                        mostBehind(new double[] {causeShares[0] / share, causeShares[1] / share}, causeDone, rest, -1);
                e.cause = causes[cause];
                causeDone[cause] += e.amount;
            }
            int timing = mostBehind(timingShares, timingDone, total, -1);
            e.timing = timings[timing];
            timingDone[timing] += e.amount;
        }
    }

    /**
     * Marks claimant and other-actor episodes intentional until the benefit's intentional share of
     * those kronor (domain.md 7.4, last column) is reached, taking F-episodes first: F is mostly
     * intentional, E mostly not (section 7.5).
     */
    private void assignIntent(BenefitTargets t, List<Episode> drafts) {
        List<Episode> pool = new ArrayList<>();
        double total = 0;
        for (Episode e : drafts) {
            e.intentional = false;
            if (!e.cause.equals("agency")) {
                pool.add(e);
                total += e.amount;
            }
        }
        for (int i = pool.size() - 1; i > 0; i--) {
            java.util.Collections.swap(pool, i, random.nextInt(i + 1));
        }
        pool.sort(Comparator.comparing((Episode e) -> !e.large));
        double quota = t.intentionalShareOfClaimant() * total;
        double done = 0;
        for (Episode e : pool) {
            if (done >= quota) {
                break;
            }
            // Most F-episodes are intentional, a few E-episodes are too; keep a little randomness.
            if (random.nextDouble() < (e.large ? INTENT_F / (INTENT_F + 0.05) : 0.5)) {
                e.intentional = true;
                done += e.amount;
            }
        }
    }

    /** The class whose assigned amount is furthest below its quota; {@code excluded} may not be chosen. */
    private static int mostBehind(double[] shares, double[] done, double total, int excluded) {
        int best = -1;
        double bestGap = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < shares.length; i++) {
            if (i == excluded || shares[i] <= 0) {
                continue;
            }
            double gap = shares[i] * total - done[i];
            if (gap > bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        return best < 0 ? shares.length - 1 : best;
    }

    /**
     * An episode starting in {@code ry}'s year. An E-episode stays within the year; an F-episode
     * runs on over later years' payments, "long-running ... or until detected" (section 7.5).
     */
    private Episode newEpisode(RecipientYear ry, boolean large, double draw) {
        int meanLength = (int) (large ? MEAN_F_PAYMENTS : MEAN_E_PAYMENTS);
        int first = random.nextInt(ry.payments.size());
        List<PaymentDraft> candidates = new ArrayList<>(ry.payments.subList(first, ry.payments.size()));
        if (large) {
            for (RecipientYear later : ry.allYears) {
                if (later.year > ry.year) {
                    candidates.addAll(later.payments);
                }
            }
        }
        int length = Math.min(candidates.size(), 1 + geometric(meanLength - 1));
        return new Episode(ry, large, draw, new ArrayList<>(candidates.subList(0, length)));
    }

    /** The mechanism of an episode: agency errors are G12; otherwise one of the benefit's mechanisms of the episode's timing. */
    private Mechanism mechanism(BenefitTargets t, Episode e) {
        if (e.cause.equals("agency")) {
            return config.rate(Mechanism.G12) > 0 ? Mechanism.G12 : null;
        }
        List<Mechanism> candidates = new ArrayList<>();
        List<Mechanism> sameTiming = new ArrayList<>();
        for (Mechanism m : t.mechanisms()) {
            if (m == Mechanism.G12 || config.rate(m) <= 0) {
                continue;
            }
            candidates.add(m);
            if (m.timings().contains(e.timing)) {
                sameTiming.add(m);
            }
        }
        List<Mechanism> from = sameTiming.isEmpty() ? candidates : sameTiming;
        if (from.isEmpty()) {
            return null;
        }
        double total = 0;
        for (Mechanism m : from) {
            total += config.rate(m);
        }
        double u = random.nextDouble() * total;
        for (Mechanism m : from) {
            u -= config.rate(m);
            if (u < 0) {
                return m;
            }
        }
        return from.get(from.size() - 1);
    }

    // ------------------------------------------------------------------ detection and controls

    private void detect(BenefitTargets t) {
        List<Episode> mine = episodes.stream().filter(e -> e.ry.targets == t).toList();
        double paid = 0;
        long payments = 0;
        for (RecipientYear ry : recipientYears) {
            if (ry.targets == t) {
                for (PaymentDraft p : ry.payments) {
                    paid += p.amount;
                    payments++;
                }
            }
        }
        double amountE = 0;
        double amountF = 0;
        int countE = 0;
        int countF = 0;
        for (Episode e : mine) {
            if (e.large) {
                amountF += e.amount;
                countF++;
            } else {
                amountE += e.amount;
                countE++;
            }
        }
        double targetAmount = Math.min(t.detectedShare() * paid, amountE + amountF);
        // The random control sample finds some errors on its own; leave room for them.
        double ifkSamples = IFK_SAMPLE_PER_BENEFIT_YEAR * config.scale() * t.oversample() * config.years();
        double incorrectPaymentShare = 0;
        for (Episode e : mine) {
            incorrectPaymentShare += e.payments.size();
        }
        incorrectPaymentShare /= Math.max(1, payments);
        double ifkFinds = ifkSamples * incorrectPaymentShare * 0.9;
        double targetCount = Math.min(Math.max(0, t.detectedPerPayment() * payments - ifkFinds), countE + countF);
        double[] q = solveDetection(amountE, amountF, countE, countF, targetAmount, targetCount);
        boolean countReachable = Math.abs(q[0] * countE + q[1] * countF - targetCount) <= 0.15 * targetCount;
        Calibration c = calibrations.get(t.benefit());
        calibrations.put(
                t.benefit(),
                new Calibration(
                        c.incidence(),
                        c.amountFactor(),
                        q[0],
                        q[1],
                        c.amountTargetReachable(),
                        countReachable,
                        true,
                        true));
        List<Episode> detected = new ArrayList<>();
        for (Episode e : mine) {
            double p = e.large ? q[1] : q[0];
            boolean biased = config.biasedDetection() && e.ry.person.country.equals("outside_europe");
            if (random.nextDouble() < p) {
                e.detectedBy = defaultChannel(t.benefit(), e);
            } else if (biased && random.nextDouble() < 0.3) {
                e.detectedBy = "notification_biased";
            }
            if (e.detectedBy != null) {
                LocalDate first = e.payments.get(0).payDate;
                LocalDate last = e.payments.get(e.payments.size() - 1).payDate.plusDays(120);
                if (last.isAfter(end.minusDays(1))) {
                    last = end.minusDays(1);
                }
                long span = Math.max(1, ChronoUnit.DAYS.between(first, last));
                e.detectedOn = first.plusDays(random.nextLong(span));
                detected.add(e);
            }
        }
        investigate(t, detected);
        randomControls(t);
        List<Episode> found = new ArrayList<>();
        List<Episode> recoverable = new ArrayList<>();
        for (Episode e : mine) {
            if (e.detectedBy != null) {
                found.add(e);
                if (e.amount >= RECOVERY_THRESHOLD_SEK) {
                    recoverable.add(e);
                }
            }
        }
        // Recovery claims (Tabell 76 / 63 by count) only from 2,000 SEK, more often the larger the
        // amount (Tabell 77 / 64 by amount is far higher): weighted sampling without replacement.
        long wanted = Math.round(t.recoveryCountRatio() * found.size());
        int claimsWanted = (int) Math.min(recoverable.size(), wanted);
        if (recoverable.size() < 0.85 * wanted) {
            Calibration before = calibrations.get(t.benefit());
            calibrations.put(
                    t.benefit(),
                    new Calibration(
                            before.incidence(),
                            before.amountFactor(),
                            before.detectE(),
                            before.detectF(),
                            before.amountTargetReachable(),
                            before.detectedCountReachable(),
                            false,
                            true));
        }
        // Larger amounts are claimed more often: weighted sampling without replacement (keys
        // log(u) / amount^k), with the k in 0..3 whose selection comes closest to Tabell 77 / 64.
        Map<Episode, Double> uniforms = new HashMap<>();
        double detectedAmount = 0;
        for (Episode e : found) {
            detectedAmount += e.amount;
        }
        for (Episode e : recoverable) {
            uniforms.put(e, Math.log(1 - random.nextDouble()));
        }
        java.util.Set<Episode> recovered = java.util.Set.of();
        double bestGap = Double.POSITIVE_INFINITY;
        for (double k = 0; k <= 3; k += 0.25) {
            double power = k;
            List<Episode> byKey = new ArrayList<>(recoverable);
            byKey.sort(Comparator.comparing((Episode e) -> -uniforms.get(e) / Math.pow(e.amount, power)));
            List<Episode> chosen = byKey.subList(0, claimsWanted);
            double amount = 0;
            for (Episode e : chosen) {
                amount += e.amount;
            }
            double gap = Math.abs(amount / Math.max(1, detectedAmount) - t.recoveryAmountRatio());
            if (gap < bestGap) {
                bestGap = gap;
                recovered = new java.util.HashSet<>(chosen);
            }
        }
        if (bestGap > 0.15 * t.recoveryAmountRatio()) {
            Calibration latest = calibrations.get(t.benefit());
            calibrations.put(
                    t.benefit(),
                    new Calibration(
                            latest.incidence(),
                            latest.amountFactor(),
                            latest.detectE(),
                            latest.detectF(),
                            latest.amountTargetReachable(),
                            latest.detectedCountReachable(),
                            latest.recoveryCountReachable(),
                            false));
        }
        for (Episode e : found) {
            recordDetection(t, e, recovered.contains(e));
        }
    }

    /** Detection probabilities of E- and F-episodes that match both the detected amount and count. */
    static double[] solveDetection(
            double amountE, double amountF, int countE, int countF, double amount, double count) {
        double det = amountE * countF - amountF * countE;
        if (Math.abs(det) > 1e-9) {
            double qE = (amount * countF - amountF * count) / det;
            double qF = (amountE * count - amount * countE) / det;
            if (qE >= 0 && qE <= 1 && qF >= 0 && qF <= 1) {
                return new double[] {qE, qF};
            }
        }
        // No exact solution: match the amount, and come as close to the count as the sizes allow.
        double meanE = countE > 0 ? amountE / countE : 0;
        double meanF = countF > 0 ? amountF / countF : 0;
        double wantedMean = count > 0 ? amount / count : 0;
        if (amountF > 0 && (wantedMean >= Math.max(meanE, meanF) || amountE <= 0) && meanF >= meanE) {
            double qF = Math.min(1, amount / amountF);
            double qE = amountE > 0 ? Math.min(1, Math.max(0, (amount - qF * amountF) / amountE)) : 0;
            return new double[] {qE, qF};
        }
        if (amountE > 0) {
            double qE = Math.min(1, amount / amountE);
            double qF = amountF > 0 ? Math.min(1, Math.max(0, (amount - qE * amountE) / amountF)) : 0;
            return new double[] {qE, qF};
        }
        double q = amountE + amountF > 0 ? Math.min(1, amount / (amountE + amountF)) : 0;
        return new double[] {q, q};
    }

    private static String defaultChannel(Benefit benefit, Episode e) {
        if (e.mechanism == Mechanism.G6) {
            return "reconciliation";
        }
        if (e.mechanism == Mechanism.G7 || e.mechanism == Mechanism.G10) {
            return "notification";
        }
        if ((benefit == Benefit.TFP || benefit == Benefit.FP) && e.timing == Mechanism.Timing.APPLICATION) {
            return "pre_payment";
        }
        if (benefit == Benefit.AS) {
            return "targeted";
        }
        return "handler";
    }

    private void investigate(BenefitTargets t, List<Episode> detected) {
        for (int y = 0; y < config.years(); y++) {
            int year = config.startYear() + y;
            double expected = t.investigations() * config.scale() * t.oversample();
            int total = (int) Math.floor(expected) + (random.nextDouble() < expected - Math.floor(expected) ? 1 : 0);
            int withAction = (int) Math.round(total * t.actionRate());
            List<Episode> candidates = new ArrayList<>();
            for (Episode e : detected) {
                if (e.detectedOn.getYear() == year) {
                    candidates.add(e);
                }
            }
            // Control units take the large and intentional cases first.
            candidates.sort(Comparator.comparing((Episode e) -> !e.intentional).thenComparing(e -> -e.amount));
            withAction = Math.min(withAction, candidates.size());
            int intentionalActions = 0;
            for (int i = 0; i < withAction; i++) {
                if (candidates.get(i).intentional) {
                    intentionalActions++;
                }
            }
            double pPolice = intentionalActions == 0
                    ? 0
                    : Math.min(1, t.policeReports() / t.investigations() * total / intentionalActions);
            for (int i = 0; i < withAction; i++) {
                Episode e = candidates.get(i);
                e.detectedBy = "investigation";
                double prevented = e.large ? e.amount * 0.5 : 0;
                String action = e.amount >= RECOVERY_THRESHOLD_SEK
                        ? "recovery"
                        : new String[] {"refusal", "reduction", "stop"}[random.nextInt(3)];
                investigations.add(new ControlInvestigation(
                        ids.next("I"),
                        e.ry.person.id,
                        t.benefit(),
                        e.mechanism == Mechanism.G7 || e.mechanism == Mechanism.G10 ? "notification" : "profile",
                        e.detectedOn.minusDays(30 + random.nextInt(60)),
                        e.detectedOn,
                        action,
                        e.intentional && random.nextDouble() < pPolice,
                        round2(e.amount),
                        round2(prevented)));
            }
            // The rest find nothing: correct recipients the unit looked at.
            List<RecipientYear> pool = recipientYears.stream()
                    .filter(ry -> ry.targets == t && ry.year == year && !ry.hasError)
                    .toList();
            for (int i = withAction; i < total && !pool.isEmpty(); i++) {
                RecipientYear ry = pool.get(random.nextInt(pool.size()));
                LocalDate started = LocalDate.of(year, 1, 1).plusDays(random.nextInt(300));
                investigations.add(new ControlInvestigation(
                        ids.next("I"),
                        ry.person.id,
                        t.benefit(),
                        random.nextDouble() < 0.5 ? "handler" : "tip",
                        started,
                        started.plusDays(20 + random.nextInt(60)),
                        "none",
                        false,
                        0,
                        0));
            }
        }
    }

    private void randomControls(BenefitTargets t) {
        List<PaymentDraft> all = new ArrayList<>();
        for (RecipientYear ry : recipientYears) {
            if (ry.targets == t) {
                all.addAll(ry.payments);
            }
        }
        if (all.isEmpty()) {
            return;
        }
        double expected = IFK_SAMPLE_PER_BENEFIT_YEAR * config.scale() * t.oversample() * config.years();
        int samples = (int) Math.round(expected);
        for (int i = 0; i < samples; i++) {
            PaymentDraft p = all.get(random.nextInt(all.size()));
            boolean deviation = p.episode != null;
            controls.add(new Control(
                    ids.next("Q"),
                    "random_ifk",
                    t.benefit(),
                    p.claim.ry.person.id,
                    p.id,
                    p.payDate.plusDays(30),
                    deviation,
                    0));
            p.claim.randomControl = true;
            p.claim.investigated = true;
            if (deviation && p.episode.detectedBy == null) {
                p.episode.detectedBy = "random_ifk";
                p.episode.detectedOn = p.payDate.plusDays(30).isBefore(end) ? p.payDate.plusDays(30) : end.minusDays(1);
            }
        }
        if (t.benefit() == Benefit.TFP || t.benefit() == Benefit.FP) {
            double checks = PRE_PAYMENT_CHECKS_PER_YEAR * config.scale() * config.years() / 2;
            for (int i = 0; i < (int) Math.round(checks); i++) {
                PaymentDraft p = all.get(random.nextInt(all.size()));
                boolean deviation = p.episode != null && "pre_payment".equals(p.episode.detectedBy);
                controls.add(new Control(
                        ids.next("Q"),
                        "pre_payment",
                        t.benefit(),
                        p.claim.ry.person.id,
                        p.id,
                        p.payDate.minusDays(2),
                        deviation,
                        deviation ? round2(p.incorrect) : 0));
                p.claim.investigated = true;
            }
        }
    }

    private void recordDetection(BenefitTargets t, Episode e, boolean recover) {
        for (PaymentDraft p : e.payments) {
            p.claim.investigated = true;
        }
        if (!e.detectedBy.equals("investigation") && !e.detectedBy.equals("random_ifk")) {
            controls.add(new Control(
                    ids.next("Q"),
                    e.detectedBy.startsWith("notification") ? "notification" : e.detectedBy,
                    t.benefit(),
                    e.ry.person.id,
                    e.payments.get(e.payments.size() - 1).id,
                    e.detectedOn,
                    true,
                    0));
        }
        if (e.detectedBy.startsWith("notification")) {
            String source = e.mechanism == Mechanism.G10
                    ? (e.ry.person.permitType.equals("temporary") ? "migrationsverket" : "skatteverket")
                    : "municipality";
            notifications.add(new AgencyNotification(
                    ids.next("N"),
                    source,
                    e.ry.person.id,
                    t.benefit(),
                    e.mechanism == Mechanism.G10 ? "emigration" : "household",
                    e.detectedOn.minusDays(10 + random.nextInt(40))));
        }
        // Recovery: claims of at least 2,000 SEK, decided 10-12 months after detection (AR:7456-7458).
        if (recover) {
            LocalDate decided = e.detectedOn.plusDays(300 + random.nextInt(66));
            LocalDate due = decided.plusDays(30);
            double amount = round2(e.amount);
            double repaid;
            String status;
            if (!decided.isBefore(end)) {
                repaid = 0;
                status = "not_yet_decided";
            } else {
                double u = random.nextDouble();
                if (u < 0.45 && due.isBefore(end)) {
                    repaid = amount;
                    status = "paid";
                } else if (u < 0.75) {
                    long months = Math.max(0, ChronoUnit.MONTHS.between(due, end));
                    repaid = round2(amount * Math.min(1, months / 12.0));
                    status = repaid >= amount ? "paid" : "instalments";
                } else {
                    repaid = 0;
                    status = "unpaid";
                }
            }
            recoveries.add(new RecoveryClaim(
                    ids.next("R"),
                    e.ry.person.id,
                    t.benefit(),
                    "incorrect_payment",
                    e.id,
                    decided,
                    amount,
                    due,
                    repaid,
                    status));
        }
    }

    /** The final settlement of each complete year's housing allowance, in June of the next year. */
    private void reconcileHousingAllowance() {
        for (RecipientYear ry : recipientYears) {
            if (ry.targets.benefit() != Benefit.BOB) {
                continue;
            }
            LocalDate decided = LocalDate.of(ry.year + 1, 5, 15).plusDays(random.nextInt(45));
            if (!decided.isBefore(end)) {
                continue;
            }
            double u = random.nextDouble();
            String outcome;
            double amount;
            if (u < BenefitTargets.BOB_REPAY_SHARE) {
                outcome = "repay";
                amount = Math.round(BenefitTargets.BOB_REPAY_MEAN_SEK * Math.exp(0.6 * gaussian() - 0.18));
                recoveries.add(new RecoveryClaim(
                        ids.next("R"),
                        ry.person.id,
                        Benefit.BOB,
                        "bob_reconciliation",
                        null,
                        decided,
                        amount,
                        decided.plusDays(30),
                        0,
                        "unpaid"));
            } else if (u < BenefitTargets.BOB_REPAY_SHARE + BenefitTargets.BOB_TOP_UP_SHARE) {
                outcome = "top_up";
                amount = Math.round(BenefitTargets.BOB_TOP_UP_MEAN_SEK * Math.exp(0.6 * gaussian() - 0.18));
            } else {
                outcome = "none";
                amount = 0;
            }
            reconciliations.add(new BobReconciliation(ry.person.id, ry.year, decided, outcome, amount));
        }
    }

    // ------------------------------------------------------------------ evidence

    /** Writes the register data every payment leaves, with each mechanism's trace where it occurred. */
    private void writeEvidence(Progress progress) {
        for (Episode e : episodes) {
            mechanismEvidence(e);
        }
        long done = 0;
        long total = recipientYears.size();
        for (RecipientYear ry : recipientYears) {
            Benefit b = ry.targets.benefit();
            for (ClaimDraft c : ry.claims) {
                decisions.add(new BenefitDecision(
                        ids.next("D"),
                        c.id,
                        c.submitted.plusDays(random.nextInt(15)),
                        c.channel != Channel.PAPER && random.nextDouble() < 0.7,
                        Math.round(c.amount)));
                switch (b) {
                    case TFP -> vabEvidence(c);
                    case FP, SP -> absenceEvidence(c, b);
                    case ASS -> assistanceEvidence(c);
                    default -> {}
                }
            }
            done++;
            if (done % 2_000 == 0 || done == total) {
                progress.report("Register evidence", done, total);
            }
        }
        employmentIncome();
    }

    private void vabEvidence(ClaimDraft c) {
        Child child = children.get(c.childIndex);
        Episode e = c.payments.get(0).episode;
        boolean g2 = e != null && e.mechanism == Mechanism.G2;
        int day = 0;
        for (LocalDate d = c.periodStart; !d.isAfter(c.periodEnd); d = d.plusDays(1), day++) {
            boolean claimedDay = day < c.claimed;
            boolean present = claimedDay ? g2 && (day == 0 || random.nextDouble() < 0.5) : random.nextDouble() < 0.9;
            attendance.add(new ChildcareAttendance(child.childId(), d, present));
        }
    }

    private void absenceEvidence(ClaimDraft c, Benefit b) {
        Episode e = c.payments.get(0).episode;
        boolean worked = e != null && e.mechanism == Mechanism.G1;
        c.absenceDays = worked ? random.nextInt(Math.max(1, c.claimed / 3)) : c.claimed;
        c.absenceKind = b == Benefit.FP ? "parental" : "sick";
    }

    private void assistanceEvidence(ClaimDraft c) {
        Episode e = c.payments.get(0).episode;
        boolean exact = e != null && e.mechanism == Mechanism.G5 && e.g5Exact;
        double reported = exact ? c.grantedHours : Math.round(c.grantedHours * (0.80 + 0.18 * random.nextDouble()));
        PersonState user = c.ry.person;
        if (user.assistants.isEmpty()) {
            for (int i = 0; i < 2; i++) {
                user.assistants.add(newPerson(random.nextDouble() < 0.7 ? "F" : "M", Benefit.FP).id);
            }
        }
        int days = c.periodEnd.getDayOfMonth();
        double perDay = reported / days;
        double allocated = 0;
        for (int d = 0; d < days; d++) {
            double hours =
                    d == days - 1 ? Math.round((reported - allocated) * 100) / 100.0 : Math.round(perDay * 100) / 100.0;
            allocated += hours;
            timesheets.add(new AssistantTimesheet(
                    user.assistants.get(d % user.assistants.size()),
                    user.id,
                    c.providerId,
                    c.periodStart.plusDays(d),
                    hours));
        }
    }

    private void mechanismEvidence(Episode e) {
        PersonState person = e.ry.person;
        PaymentDraft first = e.payments.get(0);
        Benefit b = e.ry.targets.benefit();
        switch (e.mechanism) {
            case G3 -> {
                for (PaymentDraft p : e.payments) {
                    ClaimDraft c = p.claim;
                    int lag = 91 + random.nextInt(250);
                    long period = ChronoUnit.DAYS.between(c.periodStart, c.periodEnd);
                    c.periodEnd = c.submitted.minusDays(lag);
                    c.periodStart = c.periodEnd.minusDays(period);
                }
            }
            case G4 -> {
                // The VAB claimant works as a personal assistant on the days claimed.
                PersonState user = firstAssistanceUser();
                String provider =
                        providers.get(random.nextInt(providers.size())).providerId();
                for (PaymentDraft p : e.payments) {
                    ClaimDraft c = p.claim;
                    timesheets.add(new AssistantTimesheet(
                            person.id, user != null ? user.id : person.id, provider, c.periodStart, 8));
                }
            }
            case G5 -> {
                if (!e.g5Exact) {
                    // The user's provider lost its IVO licence before the payments; it serves only this user.
                    Provider revoked = new Provider(
                            ids.next("V"),
                            start.minusDays(365 + random.nextInt(2_000)),
                            first.payDate.minusDays(1 + random.nextInt(20)));
                    providers.add(revoked);
                    for (PaymentDraft p : e.payments) {
                        p.claim.providerId = revoked.providerId();
                    }
                }
            }
            case G1 -> {
                if (person.monthlyIncome <= 0) {
                    person.monthlyIncome = 20_000 + random.nextInt(20_000);
                    person.employerId =
                            employers.get(random.nextInt(employers.size())).employerId();
                }
            }
            case G6 -> {
                for (PaymentDraft p : e.payments) {
                    p.claim.declaredIncome =
                            Math.round(Math.max(0, person.monthlyIncome) * (0.2 + 0.25 * random.nextDouble()));
                }
                if (person.monthlyIncome <= 0) {
                    person.monthlyIncome = 18_000 + random.nextInt(15_000);
                    person.employerId =
                            employers.get(random.nextInt(employers.size())).employerId();
                    for (PaymentDraft p : e.payments) {
                        p.claim.declaredIncome = Math.round(person.monthlyIncome * (0.2 + 0.25 * random.nextDouble()));
                    }
                }
            }
            case G7 -> {
                PersonState partner = newPerson(random.nextDouble() < 0.5 ? "F" : "M", Benefit.SP);
                registrations.add(new AddressRegistration(
                        partner.id, person.addressId, first.payDate.minusDays(1 + random.nextInt(60)), null));
            }
            case G8, G9 -> {
                if (b == Benefit.BB && e.mechanism == Mechanism.G9) {
                    ClaimDraft c = first.claim;
                    Child child = children.get(c.childIndex);
                    children.set(
                            c.childIndex,
                            new Child(
                                    child.childId(),
                                    child.parentId(),
                                    child.otherParentId(),
                                    Math.min(child.birthYear(), config.startYear() - 16),
                                    child.alternatingResidence(),
                                    first.payDate.minusDays(1 + random.nextInt(60))));
                } else {
                    String employer =
                            employers.get(random.nextInt(employers.size())).employerId();
                    for (PaymentDraft p : e.payments) {
                        YearMonth m = YearMonth.from(
                                p.claim.periodStart.isAfter(p.payDate) ? p.payDate : p.claim.periodStart);
                        if (b == Benefit.SE || b == Benefit.AE || b == Benefit.AS) {
                            m = YearMonth.from(p.payDate);
                        }
                        person.extraIncome.put(
                                m, new String[] {employer, Integer.toString(12_000 + random.nextInt(15_000))});
                    }
                }
            }
            case G10 -> {
                LocalDate lost = first.payDate.minusDays(1 + random.nextInt(90));
                if (person.permitType.equals("temporary")
                        || (!person.permitType.equals("citizen") && random.nextBoolean())) {
                    person.permitType = "temporary";
                    person.permitValidTo = lost;
                } else {
                    person.emigratedOn = lost;
                }
            }
            case G11 -> {
                for (PaymentDraft p : e.payments) {
                    double base = person.monthlyIncome > 0 ? person.monthlyIncome : 12_000;
                    p.claim.declaredIncome = Math.round(base * (1.4 + 0.8 * random.nextDouble()));
                }
            }
            case G12 -> {
                LocalDate effective = first.payDate.minusDays(10 + random.nextInt(40));
                LocalDate received = effective.plusDays(random.nextInt(8));
                LocalDate processed =
                        e.payments.get(e.payments.size() - 1).payDate.plusDays(1 + random.nextInt(20));
                changeReports.add(new ChangeReport(
                        ids.next("CR"),
                        person.id,
                        b,
                        new String[] {"income", "household", "address", "work"}[random.nextInt(4)],
                        effective,
                        received,
                        processed));
            }
            default -> {}
        }
    }

    private PersonState firstAssistanceUser() {
        for (RecipientYear ry : recipientYears) {
            if (ry.targets.benefit() == Benefit.ASS) {
                return ry.person;
            }
        }
        return null;
    }

    /**
     * Monthly employer declarations of employed recipients: pay, and absence on the days of their
     * correct FP, sickness and VAB claims; G1 leaves pay without the absence, G8/G9 leave pay in a
     * month of activity support or compensation, G10 emigrants have no declarations after leaving.
     */
    private void employmentIncome() {
        Map<PersonState, Map<YearMonth, int[]>> absence = new HashMap<>();
        for (ClaimDraft c : claims) {
            Benefit b = c.ry.targets.benefit();
            if (b != Benefit.TFP && b != Benefit.FP && b != Benefit.SP) {
                continue;
            }
            int days = b == Benefit.TFP ? (c.payments.get(0).episode != null ? 0 : c.claimed) : c.absenceDays;
            int kind = b == Benefit.TFP ? 2 : b == Benefit.FP ? 1 : 0;
            absence.computeIfAbsent(c.ry.person, k -> new HashMap<>())
                    .computeIfAbsent(YearMonth.from(c.periodStart), k -> new int[3])[kind] += days;
        }
        YearMonth first = YearMonth.from(start);
        YearMonth last = YearMonth.from(end.minusDays(1));
        for (PersonState p : persons) {
            boolean employed = p.monthlyIncome > 0 && p.employerId != null;
            if (!employed && p.extraIncome.isEmpty()) {
                continue;
            }
            Map<YearMonth, int[]> myAbsence = absence.getOrDefault(p, Map.of());
            for (YearMonth m = first.minusMonths(12); !m.isAfter(last); m = m.plusMonths(1)) {
                if (p.emigratedOn != null && !m.atDay(1).isBefore(p.emigratedOn)) {
                    break;
                }
                String[] extra = p.extraIncome.get(m);
                if (extra != null) {
                    income.add(new MonthlyIncome(p.id, extra[0], m.atDay(1), Double.parseDouble(extra[1]), 0, 0, 0));
                }
                if (employed) {
                    int[] days = myAbsence.getOrDefault(m, new int[3]);
                    int absent = Math.min(21, days[0] + days[1] + days[2]);
                    double pay = Math.round(
                            p.monthlyIncome * (1 - absent / 21.0 * 0.9) * (0.97 + 0.06 * random.nextDouble()));
                    income.add(new MonthlyIncome(
                            p.id,
                            p.employerId,
                            m.atDay(1),
                            pay,
                            Math.min(31, days[0]),
                            Math.min(31, days[1]),
                            Math.min(31, days[2])));
                }
            }
        }
    }

    // ------------------------------------------------------------------ incoming and assembly

    private List<Application> incoming() {
        List<RecipientYear> pool = recipientYears.stream()
                .filter(ry -> !ry.targets.monthly() && ry.year == config.startYear() + config.years() - 1)
                .toList();
        List<Application> out = new ArrayList<>();
        for (int i = 0; i < config.incomingApplications() && !pool.isEmpty(); i++) {
            RecipientYear ry = pool.get(random.nextInt(pool.size()));
            ClaimDraft template = ry.claims.get(random.nextInt(ry.claims.size()));
            LocalDate submitted = end.plusDays(random.nextInt(14));
            long period = ChronoUnit.DAYS.between(template.periodStart, template.periodEnd);
            boolean late = random.nextDouble() < 0.05;
            LocalDate periodEnd = submitted.minusDays(late ? 91 + random.nextInt(200) : 2 + random.nextInt(20));
            out.add(new Application(
                    ids.next("A"),
                    ry.person.id,
                    ry.targets.benefit(),
                    template.channel,
                    submitted,
                    periodEnd.minusDays(period),
                    periodEnd,
                    template.claimed,
                    Math.round(template.amount),
                    template.declaredIncome));
        }
        out.sort(Comparator.comparing(Application::submittedOn).thenComparing(Application::applicationId));
        return out;
    }

    private GeneratedHistory assemble(List<Application> incomingApplications) {
        List<Person> personRows = new ArrayList<>(persons.size());
        for (PersonState p : persons) {
            personRows.add(new Person(
                    p.id, p.sex, p.birthYear, p.country, p.permitType, p.permitValidTo, p.emigratedOn, p.addressId));
        }
        List<Claim> claimRows = new ArrayList<>(claims.size());
        List<Payment> paymentRows = new ArrayList<>();
        for (ClaimDraft c : claims) {
            boolean incorrect = false;
            String mechanism = null;
            double incorrectAmount = 0;
            for (PaymentDraft p : c.payments) {
                if (p.episode != null) {
                    incorrect = true;
                    mechanism = p.episode.mechanism.name();
                    incorrectAmount += p.incorrect;
                }
            }
            Benefit b = c.ry.targets.benefit();
            Application application = new Application(
                    c.id,
                    c.ry.person.id,
                    b,
                    c.channel,
                    c.submitted,
                    c.periodStart,
                    c.periodEnd,
                    c.claimed,
                    Math.round(c.amount),
                    Math.round(c.declaredIncome));
            claimRows.add(new Claim(
                    application,
                    c.childIndex >= 0 ? children.get(c.childIndex).childId() : null,
                    c.providerId,
                    c.grantedHours,
                    c.ry.weight,
                    incorrect,
                    mechanism,
                    round2(incorrectAmount),
                    c.investigated,
                    c.randomControl));
            for (PaymentDraft p : c.payments) {
                Episode e = p.episode;
                boolean detected = e != null && e.detectedBy != null;
                paymentRows.add(new Payment(
                        p.id,
                        c.id,
                        c.ry.person.id,
                        b,
                        p.payDate,
                        p.amount,
                        c.ry.person.accountId,
                        p.advance,
                        c.ry.weight,
                        e != null,
                        e != null ? e.id : null,
                        e != null ? e.mechanism.name() : null,
                        e != null ? e.cause : null,
                        e != null && e.intentional,
                        e != null ? e.timing.name().toLowerCase(Locale.ROOT) : null,
                        round2(p.incorrect),
                        detected,
                        detected ? e.detectedBy : null,
                        detected ? e.detectedOn : null));
            }
        }
        claimRows.sort(Comparator.comparing((Claim c) -> c.application().submittedOn())
                .thenComparing(c -> c.application().applicationId()));
        paymentRows.sort(Comparator.comparing(Payment::payDate).thenComparing(Payment::paymentId));
        return new GeneratedHistory(
                config,
                personRows,
                List.copyOf(registrations),
                List.copyOf(children),
                List.copyOf(attendance),
                List.copyOf(employers),
                List.copyOf(income),
                List.copyOf(providers),
                List.copyOf(timesheets),
                claimRows,
                List.copyOf(decisions),
                paymentRows,
                List.copyOf(accounts),
                List.copyOf(changeReports),
                List.copyOf(notifications),
                List.copyOf(controls),
                List.copyOf(investigations),
                List.copyOf(recoveries),
                List.copyOf(reconciliations),
                incomingApplications,
                Map.copyOf(calibrations));
    }

    // ------------------------------------------------------------------ random helpers

    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    private int geometric(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double p = 1 / (1 + mean);
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }

    private int pick(double[] weights) {
        double u = random.nextDouble();
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private double gaussian() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    // ------------------------------------------------------------------ working state

    /** Sequential ids with a prefix, zero-padded so they sort. */
    private static final class Ids {
        private final Map<String, Long> counters = new HashMap<>();
        private final long seed;

        Ids(long seed) {
            this.seed = seed;
        }

        String next(String prefix) {
            long n = counters.merge(prefix, 1L, Long::sum);
            // Person pseudonyms look like the service's: "p-" and 32 hex digits (a bijective scramble of n).
            return prefix.equals("p")
                    ? String.format(Locale.ROOT, "p-%016x%016x", seed, n * 0x9E3779B97F4A7C15L)
                    : String.format(Locale.ROOT, "%s%09d", prefix, n);
        }
    }

    private static final class PersonState {
        final String id;
        final String sex;
        final int birthYear;
        final String country;
        String permitType;
        LocalDate permitValidTo;
        LocalDate emigratedOn;
        String addressId;
        String accountId;
        double monthlyIncome;
        String employerId;
        final List<Integer> children = new ArrayList<>();
        final List<String> assistants = new ArrayList<>();
        final java.util.Set<Benefit> benefits = java.util.EnumSet.noneOf(Benefit.class);
        final Map<YearMonth, String[]> extraIncome = new HashMap<>();

        PersonState(String id, String sex, int birthYear, String country, String permitType, LocalDate permitValidTo) {
            this.id = id;
            this.sex = sex;
            this.birthYear = birthYear;
            this.country = country;
            this.permitType = permitType;
            this.permitValidTo = permitValidTo;
        }
    }

    private static final class RecipientYear {
        final PersonState person;
        final BenefitTargets targets;
        final int year;
        final double weight;
        final List<ClaimDraft> claims = new ArrayList<>();
        final List<PaymentDraft> payments = new ArrayList<>();
        boolean hasError;
        /** Every year of this person's receipt of this benefit, in order. */
        List<RecipientYear> allYears = List.of();

        RecipientYear(PersonState person, BenefitTargets targets, int year, double weight) {
            this.person = person;
            this.targets = targets;
            this.year = year;
            this.weight = weight;
        }
    }

    private static final class ClaimDraft {
        final String id;
        final RecipientYear ry;
        final Channel channel;
        final LocalDate submitted;
        LocalDate periodStart;
        LocalDate periodEnd;
        final int claimed;
        double amount;
        double declaredIncome;
        int childIndex = -1;
        String providerId;
        double grantedHours = Double.NaN;
        int absenceDays;
        String absenceKind;
        boolean investigated;
        boolean randomControl;
        final List<PaymentDraft> payments = new ArrayList<>();

        ClaimDraft(
                String id,
                RecipientYear ry,
                Channel channel,
                LocalDate submitted,
                LocalDate periodStart,
                LocalDate periodEnd,
                int claimed) {
            this.id = id;
            this.ry = ry;
            this.channel = channel;
            this.submitted = submitted;
            this.periodStart = periodStart;
            this.periodEnd = periodEnd;
            this.claimed = claimed;
        }
    }

    private final class PaymentDraft {
        final String id = ids.next("P");
        final ClaimDraft claim;
        final LocalDate payDate;
        double amount;
        boolean advance;
        Episode episode;
        double incorrect;

        PaymentDraft(ClaimDraft claim, LocalDate payDate, double amount) {
            this.claim = claim;
            this.payDate = payDate;
            this.amount = amount;
        }
    }

    private final class Episode {
        final RecipientYear ry;
        final boolean large;
        final double draw;
        final List<PaymentDraft> payments;
        final boolean g5Exact = random.nextBoolean();
        String id;
        double amount;
        String cause;
        boolean intentional;
        Mechanism.Timing timing;
        Mechanism mechanism;
        String detectedBy;
        LocalDate detectedOn;

        Episode(RecipientYear ry, boolean large, double draw, List<PaymentDraft> payments) {
            this.ry = ry;
            this.large = large;
            this.draw = draw;
            this.payments = payments;
        }

        double entitlement() {
            double sum = 0;
            for (PaymentDraft p : payments) {
                if (p.episode == null) {
                    sum += p.amount;
                }
            }
            return sum;
        }

        /**
         * Spreads the amount over the payments in proportion to them; a payment belongs to one episode.
         *
         * @return false when another episode holds all of this one's payments
         */
        boolean allocate() {
            double entitlement = entitlement();
            if (entitlement <= 0 || amount <= 0) {
                return false;
            }
            double share = Math.min(1, amount / entitlement);
            List<PaymentDraft> mine = new ArrayList<>();
            for (PaymentDraft p : payments) {
                if (p.episode == null) {
                    p.episode = this;
                    p.incorrect = Math.min(p.amount, Math.round(p.amount * share * 100) / 100.0);
                    mine.add(p);
                }
            }
            payments.clear();
            payments.addAll(mine);
            amount = 0;
            for (PaymentDraft p : mine) {
                amount += p.incorrect;
            }
            ry.hasError = true;
            return true;
        }
    }
}
