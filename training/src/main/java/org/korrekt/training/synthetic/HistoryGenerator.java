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
import org.korrekt.training.synthetic.Drafts.ClaimDraft;
import org.korrekt.training.synthetic.Drafts.Episode;
import org.korrekt.training.synthetic.Drafts.PaymentDraft;
import org.korrekt.training.synthetic.Drafts.PersonState;
import org.korrekt.training.synthetic.Drafts.RecipientYear;

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

    static final double INTENT_F = 0.85;
    /** Small agency errors added per episode of a benefit (see {@link #smallAgencyErrors}). */
    static final double SMALL_AGENCY_ERRORS = 0.04;

    static final double MEAN_E_PAYMENTS = 2;
    static final double MEAN_F_PAYMENTS = 9;
    static final double RECOVERY_THRESHOLD_SEK = 2_000;
    static final double IFK_SAMPLE_PER_BENEFIT_YEAR = 1_068;
    static final double PRE_PAYMENT_CHECKS_PER_YEAR = 52_000;

    final HistoryConfig config;
    final SplittableRandom random;
    final LocalDate start;
    final LocalDate end;
    final Ids ids;

    final List<PersonState> persons = new ArrayList<>();
    final Map<String, List<PersonState>> parentPool = new HashMap<>();
    final List<RecipientYear> recipientYears = new ArrayList<>();
    final List<ClaimDraft> claims = new ArrayList<>();
    final List<Episode> episodes = new ArrayList<>();
    final List<AddressRegistration> registrations = new ArrayList<>();
    final List<Child> children = new ArrayList<>();
    final List<ChildcareAttendance> attendance = new ArrayList<>();
    final List<Employer> employers = new ArrayList<>();
    final List<MonthlyIncome> income = new ArrayList<>();
    final List<Provider> providers = new ArrayList<>();
    final List<AssistantTimesheet> timesheets = new ArrayList<>();
    final List<BenefitDecision> decisions = new ArrayList<>();
    final List<BankAccount> accounts = new ArrayList<>();
    final List<ChangeReport> changeReports = new ArrayList<>();
    final List<AgencyNotification> notifications = new ArrayList<>();
    final List<Control> controls = new ArrayList<>();
    final List<ControlInvestigation> investigations = new ArrayList<>();
    final List<RecoveryClaim> recoveries = new ArrayList<>();
    final List<BobReconciliation> reconciliations = new ArrayList<>();
    final Map<Benefit, Calibration> calibrations = new EnumMap<>(Benefit.class);

    /** @param config what to generate */
    public HistoryGenerator(HistoryConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.ids = new Ids(config.seed());
        this.start = config.start();
        this.end = config.end();
    }

    /** Generates the history. */
    public GeneratedHistory generate(Progress progress) {
        createEmployersAndProviders();
        ErrorModel errors = new ErrorModel(this);
        DetectionModel detection = new DetectionModel(this);
        int b = 0;
        for (BenefitTargets targets : BenefitTargets.ALL) {
            generateBenefit(targets);
            progress.report("Applications and payments", ++b, BenefitTargets.ALL.size());
        }
        b = 0;
        for (BenefitTargets targets : BenefitTargets.ALL) {
            errors.injectErrors(targets);
            progress.report("Errors (ground truth)", ++b, BenefitTargets.ALL.size());
        }
        b = 0;
        for (BenefitTargets targets : BenefitTargets.ALL) {
            detection.detect(targets);
            progress.report("Detection and controls", ++b, BenefitTargets.ALL.size());
        }
        detection.reconcileHousingAllowance();
        EvidenceWriter evidence = new EvidenceWriter(this);
        evidence.writeEvidence(progress);
        List<IncomingApplication> incoming = incoming();
        evidence.declareIncomingAbsence(
                incoming.stream().map(IncomingApplication::application).toList());
        evidence.recordIncomingAttendance(incoming);
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

    Child addChild(PersonState parent) {
        int birthYear = Math.max(parent.birthYear + 18, config.startYear() - 1 - random.nextInt(16));
        boolean alternating = random.nextDouble() < 0.2;
        LocalDate enrolledUntil = config.startYear() - birthYear >= 16
                ? LocalDate.of(config.startYear() + config.years() + 1, 6, 15)
                : null;
        Child child = new Child(ids.next("C"), parent.id, null, birthYear, alternating, enrolledUntil, null);
        children.add(child);
        parent.children.add(children.size() - 1);
        return child;
    }

    PersonState newPerson(String sex, Benefit benefit) {
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
            if (payDate.isBefore(yearStart)) {
                payDate = yearStart; // a claim for December is paid in the new year
            }
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
            PaymentDraft payment =
                    new PaymentDraft(ids.next("P"), claim, payDate, dailyRate * claimed * Math.exp(0.15 * gaussian()));
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
                if (claim.submitted.isAfter(payDate)) {
                    claim.submitted = payDate.minusDays(1); // the last month's report, before the history ends
                }
            }
            for (int k = 0; k < perMonth; k++) {
                PaymentDraft payment =
                        new PaymentDraft(ids.next("P"), claim, payDate, level * Math.exp(0.05 * gaussian()));
                payment.advance = b == Benefit.ASS && random.nextDouble() < 0.04;
                claim.payments.add(payment);
                ry.payments.add(payment);
            }
        }
    }

    ClaimDraft newClaim(
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

    int childOf(PersonState person) {
        if (person.children.isEmpty()) {
            addChild(person);
        }
        return person.children.get(random.nextInt(person.children.size()));
    }

    Channel channel(double eService) {
        return random.nextDouble() < eService ? Channel.E_SERVICE : Channel.PAPER;
    }

    // ------------------------------------------------------------------ incoming and assembly

    private List<IncomingApplication> incoming() {
        List<RecipientYear> pool = recipientYears.stream()
                .filter(ry -> !ry.targets.monthly() && ry.year == config.startYear() + config.years() - 1)
                .toList();
        List<IncomingApplication> out = new ArrayList<>();
        for (int i = 0; i < config.incomingApplications() && !pool.isEmpty(); i++) {
            RecipientYear ry = pool.get(random.nextInt(pool.size()));
            ClaimDraft template = ry.claims.get(random.nextInt(ry.claims.size()));
            LocalDate submitted = end.plusDays(random.nextInt(14));
            long period = ChronoUnit.DAYS.between(template.periodStart, template.periodEnd);
            boolean late = random.nextDouble() < 0.05;
            LocalDate periodEnd = submitted.minusDays(late ? 91 + random.nextInt(200) : 2 + random.nextInt(20));
            // A VAB application names the child the recipient claimed for before (no random draw,
            // so the draws of a seed stay as they were).
            String child =
                    template.childIndex >= 0 ? children.get(template.childIndex).childId() : null;
            out.add(new IncomingApplication(
                    new Application(
                            ids.next("A"),
                            ry.person.id,
                            ry.targets.benefit(),
                            template.channel,
                            submitted,
                            periodEnd.minusDays(period),
                            periodEnd,
                            template.claimed,
                            Math.round(template.amount),
                            template.declaredIncome),
                    child));
        }
        out.sort(Comparator.comparing((IncomingApplication a) -> a.application().submittedOn())
                .thenComparing(a -> a.application().applicationId()));
        return out;
    }

    private GeneratedHistory assemble(List<IncomingApplication> incomingApplications) {
        List<Person> personRows = new ArrayList<>(persons.size());
        for (PersonState p : persons) {
            personRows.add(new Person(
                    p.id,
                    p.sex,
                    p.birthYear,
                    p.country,
                    p.permitType,
                    p.permitValidTo,
                    p.permitRenewedOn,
                    p.emigratedOn,
                    p.returnedOn,
                    p.addressId));
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
                    Math.round(c.declaredIncome),
                    c.providerId,
                    c.grantedHours);
            claimRows.add(new Claim(
                    application,
                    c.childIndex >= 0 ? children.get(c.childIndex).childId() : null,
                    c.ry.weight,
                    incorrect,
                    mechanism,
                    round2(incorrectAmount),
                    c.investigated,
                    c.randomControl));
            for (PaymentDraft p : c.payments) {
                Episode e = p.episode;
                // A payment counts as detected once found: those made after the detection date are not.
                boolean detected = e != null && e.detectedBy != null && !p.payDate.isAfter(e.detectedOn);
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
                List.copyOf(incomingApplications),
                Map.copyOf(calibrations));
    }

    // ------------------------------------------------------------------ random helpers

    int poisson(double mean) {
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

    int geometric(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double p = 1 / (1 + mean);
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }

    int pick(double[] weights) {
        double u = random.nextDouble();
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    double gaussian() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
