package org.korrekt.training.synthetic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.korrekt.features.Benefit;
import org.korrekt.features.history.AgencyNotification;
import org.korrekt.features.history.BobReconciliation;
import org.korrekt.features.history.Control;
import org.korrekt.features.history.ControlInvestigation;
import org.korrekt.features.history.RecoveryClaim;
import org.korrekt.training.synthetic.Drafts.Episode;
import org.korrekt.training.synthetic.Drafts.PaymentDraft;
import org.korrekt.training.synthetic.Drafts.RecipientYear;

/**
 * The observed layer: which errors are found, by which channel and when, and what follows.
 *
 * <p>Detection probabilities of E- and F-episodes are solved so that the detected amount (Tabell 67)
 * and the detected count (Tabell 63) both match where the episodes' sizes allow; investigations
 * are capacity-bound with the per-benefit action rates (Tabell 69-70); the random internal-control
 * sample and the VAB/FP pre-payment checks run on their own (domain.md 7.7); recovery claims
 * follow detections from 2,000 SEK, larger amounts more often (Tabell 76-77); housing allowance
 * is settled each June against the year's income (AR:1690-1697).
 */
final class DetectionModel {

    private final HistoryGenerator g;

    DetectionModel(HistoryGenerator g) {
        this.g = g;
    }

    void detect(BenefitTargets t) {
        List<Episode> mine = g.episodes.stream().filter(e -> e.ry.targets == t).toList();
        double paid = 0;
        long payments = 0;
        for (RecipientYear ry : g.recipientYears) {
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
        double ifkSamples =
                HistoryGenerator.IFK_SAMPLE_PER_BENEFIT_YEAR * g.config.scale() * t.oversample() * g.config.years();
        double incorrectPaymentShare = 0;
        for (Episode e : mine) {
            incorrectPaymentShare += e.payments.size();
        }
        incorrectPaymentShare /= Math.max(1, payments);
        double ifkFinds = ifkSamples * incorrectPaymentShare * 0.9;
        double targetCount = Math.min(Math.max(0, t.detectedPerPayment() * payments - ifkFinds), countE + countF);
        double[] q = solveDetection(amountE, amountF, countE, countF, targetAmount, targetCount);
        boolean countReachable = Math.abs(q[0] * countE + q[1] * countF - targetCount) <= 0.15 * targetCount;
        Calibration c = g.calibrations.get(t.benefit());
        g.calibrations.put(t.benefit(), c.withDetection(q[0], q[1], countReachable));
        List<Episode> detected = new ArrayList<>();
        for (Episode e : mine) {
            double p = e.large ? q[1] : q[0];
            boolean biased = g.config.biasedDetection() && e.ry.person.country.equals("outside_europe");
            if (g.random.nextDouble() < p) {
                e.detectedBy = defaultChannel(t.benefit(), e);
            } else if (biased && g.random.nextDouble() < 0.3) {
                e.detectedBy = "notification_biased";
            }
            if (e.detectedBy != null) {
                // Found after its last payment (post-payment controls, AR:6560): up to four months later.
                LocalDate first = e.payments.get(e.payments.size() - 1).payDate;
                LocalDate last = first.plusDays(120);
                if (last.isAfter(g.end.minusDays(1))) {
                    last = g.end.minusDays(1);
                }
                long span = Math.max(1, ChronoUnit.DAYS.between(first, last));
                e.detectedOn = first.plusDays(g.random.nextLong(span));
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
                if (e.amount >= HistoryGenerator.RECOVERY_THRESHOLD_SEK) {
                    recoverable.add(e);
                }
            }
        }
        // Recovery claims (Tabell 76 / 63 by count) only from 2,000 SEK, more often the larger the
        // amount (Tabell 77 / 64 by amount is far higher): weighted sampling without replacement.
        long wanted = Math.round(t.recoveryCountRatio() * found.size());
        int claimsWanted = (int) Math.min(recoverable.size(), wanted);
        if (recoverable.size() < 0.85 * wanted) {
            g.calibrations.computeIfPresent(t.benefit(), (benefit, before) -> before.withRecoveryCountUnreachable());
        }
        // Larger amounts are claimed more often: weighted sampling without replacement (keys
        // log(u) / amount^k), with the k in 0..3 whose selection comes closest to Tabell 77 / 64.
        Map<Episode, Double> uniforms = new HashMap<>();
        double detectedAmount = 0;
        for (Episode e : found) {
            detectedAmount += e.amount;
        }
        for (Episode e : recoverable) {
            uniforms.put(e, Math.log(1 - g.random.nextDouble()));
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
            g.calibrations.computeIfPresent(t.benefit(), (benefit, before) -> before.withRecoveryAmountUnreachable());
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
        // No exact solution: match the amount, and of the two ways to do so (large episodes first,
        // or small ones first) keep the one whose count comes closer.
        double[] largeFirst = amountFirst(amountF, amountE, amount);
        double[] smallFirst = amountFirst(amountE, amountF, amount);
        double[] byLarge = {largeFirst[1], largeFirst[0]};
        double[] bySmall = {smallFirst[0], smallFirst[1]};
        double countLarge = byLarge[0] * countE + byLarge[1] * countF;
        double countSmall = bySmall[0] * countE + bySmall[1] * countF;
        return Math.abs(countLarge - count) <= Math.abs(countSmall - count) ? byLarge : bySmall;
    }

    /** Detects the first kind up to the whole amount wanted, then the second: {q first, q second}. */
    private static double[] amountFirst(double amountFirst, double amountSecond, double amount) {
        double qFirst = amountFirst > 0 ? Math.min(1, amount / amountFirst) : 0;
        double rest = amount - qFirst * amountFirst;
        double qSecond = amountSecond > 0 ? Math.min(1, Math.max(0, rest / amountSecond)) : 0;
        return new double[] {qFirst, qSecond};
    }

    private static String defaultChannel(Benefit benefit, Episode e) {
        if (e.mechanism == Mechanism.G6) {
            return "reconciliation";
        }
        if (e.mechanism == Mechanism.G7 || e.mechanism == Mechanism.G10) {
            return "notification";
        }

        if (benefit == Benefit.AS) {
            return "targeted";
        }
        return "handler";
    }

    private void investigate(BenefitTargets t, List<Episode> detected) {
        double carried = 0;
        for (int y = 0; y < g.config.years(); y++) {
            int year = g.config.startYear() + y;
            double expected = t.investigations() * g.config.scale() * t.oversample() + carried;
            int total = (int) Math.floor(expected) + (g.random.nextDouble() < expected - Math.floor(expected) ? 1 : 0);
            int withAction = (int) Math.round(total * t.actionRate());
            List<Episode> candidates = new ArrayList<>();
            // Cases found this year or earlier and not yet investigated: a unit works through its backlog.
            for (Episode e : detected) {
                if (e.detectedOn.getYear() <= year && !"investigation".equals(e.detectedBy)) {
                    candidates.add(e);
                }
            }
            // Control units take the large and intentional cases first.
            candidates.sort(Comparator.comparing((Episode e) -> !e.intentional).thenComparing(e -> -e.amount));
            if (withAction > candidates.size() && y < g.config.years() - 1) {
                // Too few cases found yet (errors running over into next year): investigate fewer
                // now, at the published action rate, and the rest next year.
                int affordable = (int) Math.ceil(candidates.size() / Math.max(0.01, t.actionRate()));
                carried = total - affordable;
                total = affordable;
                withAction = (int) Math.round(total * t.actionRate());
            } else {
                carried = 0;
            }
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
                String action = e.amount >= HistoryGenerator.RECOVERY_THRESHOLD_SEK
                        ? "recovery"
                        : new String[] {"refusal", "reduction", "stop"}[g.random.nextInt(3)];
                g.investigations.add(new ControlInvestigation(
                        g.ids.next("I"),
                        e.ry.person.id,
                        t.benefit(),
                        e.mechanism == Mechanism.G7 || e.mechanism == Mechanism.G10 ? "notification" : "profile",
                        e.detectedOn.minusDays(30 + g.random.nextInt(60)),
                        e.detectedOn,
                        action,
                        e.intentional && g.random.nextDouble() < pPolice,
                        HistoryGenerator.round2(e.amount),
                        HistoryGenerator.round2(prevented)));
            }
            // The rest find nothing: correct recipients the unit looked at.
            List<RecipientYear> pool = g.recipientYears.stream()
                    .filter(ry -> ry.targets == t && ry.year == year && !ry.hasError)
                    .toList();
            for (int i = withAction; i < total && !pool.isEmpty(); i++) {
                RecipientYear ry = pool.get(g.random.nextInt(pool.size()));
                LocalDate started = LocalDate.of(year, 1, 1).plusDays(g.random.nextInt(300));
                if (!ry.claims.isEmpty()) {
                    // The unit looked at one of the person's applications and found it correct.
                    ry.claims.get(g.random.nextInt(ry.claims.size())).investigated = true;
                }
                g.investigations.add(new ControlInvestigation(
                        g.ids.next("I"),
                        ry.person.id,
                        t.benefit(),
                        g.random.nextDouble() < 0.5 ? "handler" : "tip",
                        started,
                        started.plusDays(20 + g.random.nextInt(60)),
                        "none",
                        false,
                        0,
                        0));
            }
        }
    }

    private void randomControls(BenefitTargets t) {
        List<PaymentDraft> all = new ArrayList<>();
        for (RecipientYear ry : g.recipientYears) {
            if (ry.targets == t) {
                all.addAll(ry.payments);
            }
        }
        if (all.isEmpty()) {
            return;
        }
        double expected =
                HistoryGenerator.IFK_SAMPLE_PER_BENEFIT_YEAR * g.config.scale() * t.oversample() * g.config.years();
        int samples = (int) Math.round(expected);
        for (int i = 0; i < samples; i++) {
            PaymentDraft p = all.get(g.random.nextInt(all.size()));
            boolean deviation = p.episode != null;
            g.controls.add(new Control(
                    g.ids.next("Q"),
                    "random_ifk",
                    t.benefit(),
                    p.claim.ry.person.id,
                    p.id,
                    g.end.minusDays(1).isBefore(p.payDate.plusDays(30)) ? g.end.minusDays(1) : p.payDate.plusDays(30),
                    deviation,
                    0));
            p.claim.randomControl = true;
            p.claim.investigated = true;
            if (deviation && p.episode.detectedBy == null) {
                p.episode.detectedBy = "random_ifk";
                p.episode.detectedOn =
                        p.payDate.plusDays(30).isBefore(g.end) ? p.payDate.plusDays(30) : g.end.minusDays(1);
            }
        }
        if (t.benefit() == Benefit.TFP || t.benefit() == Benefit.FP) {
            double checks = HistoryGenerator.PRE_PAYMENT_CHECKS_PER_YEAR * g.config.scale() * g.config.years() / 2;
            for (int i = 0; i < (int) Math.round(checks); i++) {
                PaymentDraft p = all.get(g.random.nextInt(all.size()));
                // A sampled payment checked two days before it is made (AR:1731-1737): the check sees what a
                // pre-payment control can, the application as declared; it finds the error, which is
                // recorded as prevented, but the simulated payment is still made.
                boolean deviation = p.episode != null;
                g.controls.add(new Control(
                        g.ids.next("Q"),
                        "pre_payment",
                        t.benefit(),
                        p.claim.ry.person.id,
                        p.id,
                        p.payDate.minusDays(2),
                        deviation,
                        deviation ? HistoryGenerator.round2(p.incorrect) : 0));
                p.claim.investigated = true;
            }
        }
    }

    private void recordDetection(BenefitTargets t, Episode e, boolean recover) {
        for (PaymentDraft p : e.payments) {
            p.claim.investigated = true;
        }
        if (!e.detectedBy.equals("investigation") && !e.detectedBy.equals("random_ifk")) {
            g.controls.add(new Control(
                    g.ids.next("Q"),
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
            g.notifications.add(new AgencyNotification(
                    g.ids.next("N"),
                    source,
                    e.ry.person.id,
                    t.benefit(),
                    e.mechanism == Mechanism.G10 ? "emigration" : "household",
                    e.detectedOn.minusDays(10 + g.random.nextInt(40))));
        }
        // Recovery: claims of at least 2,000 SEK, decided 10-12 months after detection (AR:7456-7458).
        if (recover) {
            LocalDate decided = e.detectedOn.plusDays(300 + g.random.nextInt(66));
            LocalDate due = decided.plusDays(30);
            double amount = HistoryGenerator.round2(e.amount);
            double repaid;
            String status;
            if (!decided.isBefore(g.end)) {
                repaid = 0;
                status = "not_yet_decided";
            } else {
                double u = g.random.nextDouble();
                if (u < 0.45 && due.isBefore(g.end)) {
                    repaid = amount;
                    status = "paid";
                } else if (u < 0.75) {
                    long months = Math.max(0, ChronoUnit.MONTHS.between(due, g.end));
                    repaid = HistoryGenerator.round2(amount * Math.min(1, months / 12.0));
                    status = repaid >= amount ? "paid" : "instalments";
                } else {
                    repaid = 0;
                    status = "unpaid";
                }
            }
            g.recoveries.add(new RecoveryClaim(
                    g.ids.next("R"),
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
    void reconcileHousingAllowance() {
        for (RecipientYear ry : g.recipientYears) {
            if (ry.targets.benefit() != Benefit.BOB) {
                continue;
            }
            LocalDate decided = LocalDate.of(ry.year + 1, 5, 15).plusDays(g.random.nextInt(45));
            if (!decided.isBefore(g.end)) {
                continue;
            }
            double u = g.random.nextDouble();
            String outcome;
            double amount;
            if (u < BenefitTargets.BOB_REPAY_SHARE) {
                outcome = "repay";
                amount = Math.round(BenefitTargets.BOB_REPAY_MEAN_SEK * Math.exp(0.4 * g.gaussian() - 0.08));
                g.recoveries.add(new RecoveryClaim(
                        g.ids.next("R"),
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
                amount = Math.round(BenefitTargets.BOB_TOP_UP_MEAN_SEK * Math.exp(0.4 * g.gaussian() - 0.08));
            } else {
                outcome = "none";
                amount = 0;
            }
            g.reconciliations.add(new BobReconciliation(ry.person.id, ry.year, decided, outcome, amount));
        }
    }
}
