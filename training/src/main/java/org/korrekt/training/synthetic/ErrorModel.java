package org.korrekt.training.synthetic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.korrekt.training.synthetic.Drafts.Episode;
import org.korrekt.training.synthetic.Drafts.PaymentDraft;
import org.korrekt.training.synthetic.Drafts.RecipientYear;

/**
 * The ground truth: which payments are incorrect, by how much, why, and whether on purpose.
 *
 * <p>Errors follow the two-component model of domain.md 7.5: per recipient and year an
 * E-episode (small, mostly unintentional) and an F-episode (large, mostly intentional, running on
 * over later years) occur with the benefit's probabilities and lognormal amounts, capped by the
 * payments they run over. Where capping loses amount, incidence rises so that episode sizes stay
 * true to the source; one factor then fits the incorrect share of the amount paid to Tabell 68.
 * Cause, timing (Tabell 65-66) and intent (7.4) are assigned by quota on the amounts; the mechanism
 * (7.6) follows from cause and timing among the benefit's mechanisms and their configured rates.
 */
final class ErrorModel {

    private final HistoryGenerator g;

    ErrorModel(HistoryGenerator g) {
        this.g = g;
    }

    void injectErrors(BenefitTargets t) {
        List<RecipientYear> mine =
                g.recipientYears.stream().filter(ry -> ry.targets == t).toList();
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
            e.id = g.ids.next("EP");
            if (e.allocate()) {
                g.episodes.add(e);
            }
        }
        smallAgencyErrors(t, mine);
        g.calibrations.put(t.benefit(), Calibration.ofErrors(incidence, factor, reachable >= target));
    }

    /**
     * Small agency errors, a fraction of one payment each: registration and calculation slips in
     * manual handling (section 7.6, G12: 1-3 % of manual decisions). They make agency errors more
     * frequent but smaller than the claimants' (AR:6122-6124), as the count share of Tabell 10 says.
     */
    private void smallAgencyErrors(BenefitTargets t, List<RecipientYear> mine) {
        if (g.config.rate(Mechanism.G12) <= 0) {
            return;
        }
        long existing = g.episodes.stream().filter(e -> e.ry.targets == t).count();
        int extra = (int) Math.round(HistoryGenerator.SMALL_AGENCY_ERRORS * existing);
        for (int i = 0; i < extra && !mine.isEmpty(); i++) {
            RecipientYear ry = mine.get(g.random.nextInt(mine.size()));
            List<PaymentDraft> free =
                    ry.payments.stream().filter(p -> p.episode == null).toList();
            if (free.isEmpty()) {
                continue;
            }
            PaymentDraft p = free.get(g.random.nextInt(free.size()));
            Episode e = new Episode(ry, false, 0, new ArrayList<>(List.of(p)), g.random.nextBoolean());
            e.amount = Math.max(1, Math.round(p.amount * (0.05 + 0.15 * g.random.nextDouble())));
            e.cause = "agency";
            e.timing = g.random.nextBoolean() ? Mechanism.Timing.APPLICATION : Mechanism.Timing.CHANGE;
            e.mechanism = Mechanism.G12;
            e.id = g.ids.next("EP");
            if (e.allocate()) {
                g.episodes.add(e);
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
            Episode large = null;
            if (g.random.nextDouble() < t.pF() * incidence) {
                large = newEpisode(ry, true, t.meanF() * Math.exp(sigmaF * g.gaussian() - sigmaF * sigmaF / 2));
                drafts.add(large);
            }
            if (g.random.nextDouble() < t.pE() * incidence) {
                Episode e = newEpisode(ry, false, t.meanE() * Math.exp(sigmaE * g.gaussian() - sigmaE * sigmaE / 2));
                if (large != null) {
                    e.payments.removeAll(large.payments);
                }
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
            java.util.Collections.swap(order, i, g.random.nextInt(i + 1));
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
            java.util.Collections.swap(shuffled, i, g.random.nextInt(i + 1));
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
            java.util.Collections.swap(pool, i, g.random.nextInt(i + 1));
        }
        pool.sort(Comparator.comparing((Episode e) -> !e.large));
        double quota = t.intentionalShareOfClaimant() * total;
        double done = 0;
        for (Episode e : pool) {
            if (done >= quota) {
                break;
            }
            // Most F-episodes are intentional, a few E-episodes are too; keep a little randomness.
            if (g.random.nextDouble()
                    < (e.large ? HistoryGenerator.INTENT_F / (HistoryGenerator.INTENT_F + 0.05) : 0.5)) {
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
        int meanLength = (int) (large ? HistoryGenerator.MEAN_F_PAYMENTS : HistoryGenerator.MEAN_E_PAYMENTS);
        int first = g.random.nextInt(ry.payments.size());
        // Payments of one day (several children's child allowance) go together.
        while (first > 0 && ry.payments.get(first - 1).payDate.equals(ry.payments.get(first).payDate)) {
            first--;
        }
        List<PaymentDraft> candidates = new ArrayList<>(ry.payments.subList(first, ry.payments.size()));
        if (large) {
            for (RecipientYear later : ry.allYears) {
                if (later.year > ry.year) {
                    candidates.addAll(later.payments);
                }
            }
        }
        int length = Math.min(candidates.size(), 1 + g.geometric(meanLength - 1));
        while (length < candidates.size()
                && candidates.get(length).payDate.equals(candidates.get(length - 1).payDate)) {
            length++;
        }
        return new Episode(ry, large, draw, new ArrayList<>(candidates.subList(0, length)), g.random.nextBoolean());
    }

    /** The mechanism of an episode: agency errors are G12; otherwise one of the benefit's mechanisms of the episode's timing. */
    private Mechanism mechanism(BenefitTargets t, Episode e) {
        if (e.cause.equals("agency")) {
            return g.config.rate(Mechanism.G12) > 0 ? Mechanism.G12 : null;
        }
        List<Mechanism> candidates = new ArrayList<>();
        List<Mechanism> sameTiming = new ArrayList<>();
        for (Mechanism m : t.mechanisms()) {
            if (m == Mechanism.G12 || g.config.rate(m) <= 0) {
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
            total += g.config.rate(m);
        }
        double u = g.random.nextDouble() * total;
        for (Mechanism m : from) {
            u -= g.config.rate(m);
            if (u < 0) {
                return m;
            }
        }
        return from.get(from.size() - 1);
    }
}
