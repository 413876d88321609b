package org.korrekt.training.synthetic;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.korrekt.features.Benefit;
import org.korrekt.features.history.BobReconciliation;
import org.korrekt.features.history.ControlInvestigation;
import org.korrekt.features.history.Payment;
import org.korrekt.features.history.RecoveryClaim;

/**
 * Compares a generated history with the published targets of {@code domain.md} section 7.10, per
 * benefit and globally. Figures are per year and weighted by the rows' sample weights; volumes are
 * compared with the targets times the scale.
 *
 * <p>A check passes within {@value #TOLERANCE} relative (shares whose target is under
 * {@value #SMALL_SHARE} within {@value #SMALL_SHARE} absolute). A check resting on fewer than
 * {@value #MIN_EVENTS} random events is reported but not judged, with the reason: at 1:1000 a small
 * benefit has a handful of errors, and its shares are noise. A target that cannot hold by
 * construction says why.
 */
public final class CalibrationReport {

    /** Relative tolerance of a check. */
    public static final double TOLERANCE = 0.15;
    /** Shares below this are compared in absolute terms, within this. */
    public static final double SMALL_SHARE = 0.02;
    /** Coefficient of variation of the generated reconciliation amounts (lognormal, sigma 0.4). */
    static final double MEAN_AMOUNT_CV = 0.41;
    /** Fewest events behind a check for it to be judged. */
    public static final int MIN_EVENTS = 30;

    /** How a check came out. */
    public enum Status {
        /** Within tolerance. */
        OK,
        /** Outside tolerance. */
        OUTSIDE,
        /** Too few events at this scale to judge. */
        TOO_FEW_EVENTS,
        /** The target cannot hold in this simulation; the note says why. */
        CANNOT_HOLD
    }

    /**
     * One compared figure.
     *
     * @param scope a benefit's code, or {@code global}
     * @param figure what is compared
     * @param target the published target (times the scale for volumes)
     * @param generated the generated figure
     * @param events how many random events the generated figure rests on
     * @param status the verdict
     * @param note why a check is not judged, else empty
     */
    public record Check(
            String scope, String figure, double target, double generated, long events, Status status, String note) {

        /** generated / target, NaN when the target is 0. */
        public double ratio() {
            return target == 0 ? Double.NaN : generated / target;
        }

        /** Whether the check is within tolerance. */
        public boolean within() {
            return status == Status.OK;
        }
    }

    private final List<Check> checks;
    private final HistoryConfig config;

    private CalibrationReport(HistoryConfig config, List<Check> checks) {
        this.config = config;
        this.checks = List.copyOf(checks);
    }

    /** The checks, per benefit in the order of {@link BenefitTargets#ALL}, then global. */
    public List<Check> checks() {
        return checks;
    }

    /** The checks that are outside tolerance. */
    public List<Check> failures() {
        return checks.stream().filter(c -> c.status() == Status.OUTSIDE).toList();
    }

    /** Compares {@code history} with the targets. */
    public static CalibrationReport of(GeneratedHistory history) {
        HistoryConfig config = history.config();
        double scale = config.scale();
        int years = config.years();
        Map<Benefit, Tally> tallies = new EnumMap<>(Benefit.class);
        Map<String, Double> episodeAmounts = new HashMap<>();
        Map<String, Benefit> episodeBenefit = new HashMap<>();
        Map<String, Double> episodeWeight = new HashMap<>();
        Map<String, String> episodeCause = new HashMap<>();
        Set<String> detectedEpisodes = new HashSet<>();
        double intentional = 0;
        double incorrectTotal = 0;
        for (Payment p : history.payments()) {
            Tally t = tallies.computeIfAbsent(p.benefit(), k -> new Tally());
            double w = p.sampleWeight();
            t.paid += w * p.amountSek();
            t.payments += w;
            t.recipientYears.add(p.personId() + "/" + p.payDate().getYear());
            t.weight = w;
            if (p.incorrect()) {
                double amount = w * p.incorrectAmountSek();
                t.incorrect += amount;
                t.byCause.merge(p.causeActor(), amount, Double::sum);
                t.byTiming.merge(p.timing(), amount, Double::sum);
                incorrectTotal += amount;
                if (p.intentional()) {
                    intentional += amount;
                }
                episodeAmounts.merge(p.episodeId(), p.incorrectAmountSek(), Double::sum);
                episodeBenefit.put(p.episodeId(), p.benefit());
                episodeWeight.put(p.episodeId(), w);
                episodeCause.put(p.episodeId(), p.causeActor());
                if (p.detected()) {
                    t.detected += amount;
                    detectedEpisodes.add(p.episodeId());
                }
            }
        }
        double agencyEpisodes = 0;
        double allEpisodes = 0;
        for (Map.Entry<String, Benefit> e : episodeBenefit.entrySet()) {
            Tally t = tallies.get(e.getValue());
            double w = episodeWeight.get(e.getKey());
            t.episodes++;
            double amount = episodeAmounts.get(e.getKey());
            t.amountSum += amount;
            t.amountSquares += amount * amount;
            allEpisodes += w;
            if ("agency".equals(episodeCause.get(e.getKey()))) {
                agencyEpisodes += w;
            }
            if (detectedEpisodes.contains(e.getKey())) {
                t.detectedEpisodes += w;
                t.detectedEpisodeCount++;
                t.detectedEpisodeAmount += w * episodeAmounts.get(e.getKey());
            }
        }
        for (ControlInvestigation i : history.investigations()) {
            Tally t = tallies.computeIfAbsent(i.benefit(), k -> new Tally());
            t.investigations++;
            if (!i.action().equals("none")) {
                t.actions++;
            }
        }
        for (RecoveryClaim r : history.recoveryClaims()) {
            if (r.kind().equals("incorrect_payment")) {
                Tally t = tallies.computeIfAbsent(r.benefit(), k -> new Tally());
                t.recoveries += t.weight;
                t.recoveryCount++;
                t.recoveryAmount += t.weight * r.amountSek();
            }
        }

        List<Check> checks = new ArrayList<>();
        for (BenefitTargets target : BenefitTargets.ALL) {
            Tally t = tallies.getOrDefault(target.benefit(), new Tally());
            String scope = target.benefit().code();
            // Shares of the incorrect amount rest on few episodes when a few large ones dominate:
            // count them by Kish's effective sample size, (sum a)^2 / sum a^2.
            long effective = t.amountSquares > 0 ? Math.round(t.amountSum * t.amountSum / t.amountSquares) : 0;
            Calibration calibration = history.calibrations().get(target.benefit());
            String countNote = calibration != null && !calibration.detectedCountReachable()
                    ? "the detected amount and count cannot both hold: the mean detected case in the source ("
                            + Math.round(target.detectedMsek() * 1e6 / target.detectedCases())
                            + " SEK) is larger than the errors of the simulated years can be; the amount is matched"
                    : "";
            String recoveryAmountNote = calibration != null && !calibration.recoveryAmountReachable()
                    ? "with the published share of detected cases claimed, the claimed share of the amount cannot reach"
                            + " the published one: the detected cases are too alike in size"
                    : "";
            String recoveryNote = target.recoveryCountRatio() > 1
                    ? "the source decided more recovery claims than it detected cases (claims on earlier years'"
                            + " detections); here a detected case gives at most one claim"
                    : calibration != null && !calibration.recoveryCountReachable()
                            ? "too few detected cases reach the 2,000 SEK recovery threshold for the published ratio"
                            : "";
            long recipients = t.recipientYears.size();
            checks.add(volume(
                    scope,
                    "recipients per year",
                    target.recipients() * scale,
                    recipients * t.weight / years,
                    recipients));
            checks.add(volume(scope, "payments per year", target.payments() * scale, t.payments / years, (long)
                    (t.payments / Math.max(t.weight, 1e-9))));
            checks.add(
                    volume(scope, "paid MSEK per year", target.paidMsek() * scale, t.paid / years / 1e6, recipients));
            checks.add(share(
                    scope,
                    "true incorrect share of paid (T68)",
                    target.trueIncorrectShare(),
                    ratio(t.incorrect, t.paid),
                    effective,
                    calibration != null && !calibration.amountTargetReachable()
                            ? "the payments the episodes run over cannot carry the published incorrect share"
                            : ""));
            String multiYear = target.detectedShare() > target.trueIncorrectShare()
                    ? "detected exceeds the true share in the source: detections there cover several years of errors"
                            + " (domain.md 2.3, note on Tabell 68); a simulation detects only what it generated"
                    : "";
            checks.add(share(
                    scope,
                    "detected share of paid (T67)",
                    target.detectedShare(),
                    ratio(t.detected, t.paid),
                    t.detectedEpisodeCount,
                    multiYear));
            checks.add(share(
                    scope,
                    "detected cases per 1,000 payments (T63/T5)",
                    target.detectedPerPayment() * 1_000,
                    ratio(t.detectedEpisodes, t.payments) * 1_000,
                    t.detectedEpisodeCount,
                    multiYear.isEmpty() ? countNote : multiYear));
            checks.add(share(
                    scope,
                    "agency-caused share of incorrect amount (T65)",
                    target.agencyShare(),
                    ratio(t.byCause.getOrDefault("agency", 0.0), t.incorrect),
                    effective,
                    ""));
            checks.add(share(
                    scope,
                    "claimant-caused share (T65)",
                    target.claimantShare(),
                    ratio(t.byCause.getOrDefault("claimant", 0.0), t.incorrect),
                    effective,
                    ""));
            checks.add(share(
                    scope,
                    "other-actor share (T65)",
                    target.otherShare(),
                    ratio(t.byCause.getOrDefault("other", 0.0), t.incorrect),
                    effective,
                    ""));
            checks.add(share(
                    scope,
                    "arising at application (T66)",
                    target.applicationShare(),
                    ratio(t.byTiming.getOrDefault("application", 0.0), t.incorrect),
                    effective,
                    ""));
            checks.add(share(
                    scope,
                    "arising from changes (T66)",
                    target.changeShare(),
                    ratio(t.byTiming.getOrDefault("change", 0.0), t.incorrect),
                    effective,
                    ""));
            checks.add(share(
                    scope,
                    "wrong insurance eligibility, FTH (T66)",
                    target.fthShare(),
                    ratio(t.byTiming.getOrDefault("fth", 0.0), t.incorrect),
                    effective,
                    ""));
            checks.add(share(
                    scope,
                    "investigations with action (T70)",
                    target.actionRate(),
                    ratio(t.actions, t.investigations),
                    t.investigations,
                    ""));
            checks.add(share(
                    scope,
                    "recovery claims per detected case (T76/T63)",
                    target.recoveryCountRatio(),
                    ratio(t.recoveries, t.detectedEpisodes),
                    t.detectedEpisodeCount,
                    recoveryNote));
            checks.add(share(
                    scope,
                    "recovered per detected krona (T77/T64)",
                    target.recoveryAmountRatio(),
                    ratio(t.recoveryAmount, t.detectedEpisodeAmount),
                    t.recoveryCount,
                    recoveryNote.isEmpty() ? recoveryAmountNote : recoveryNote));
        }
        long episodeCount = episodeBenefit.size();
        // What the per-benefit targets imply globally, weighting each benefit by its incorrect kronor (T68).
        double impliedAgency = 0;
        double impliedIntentional = 0;
        double weightSum = 0;
        for (BenefitTargets target : BenefitTargets.ALL) {
            double kronor = target.trueIncorrectShare() * target.paidMsek();
            impliedAgency += kronor * target.agencyShare();
            impliedIntentional += kronor * (1 - target.agencyShare()) * target.intentionalShareOfClaimant();
            weightSum += kronor;
        }
        impliedAgency /= weightSum;
        impliedIntentional /= weightSum;
        checks.add(global(
                "intentional share of incorrect amount (S004:100)",
                BenefitTargets.INTENTIONAL_SHARE,
                ratio(intentional, incorrectTotal),
                episodeCount,
                impliedIntentional));
        double agencyAmount = 0;
        for (Tally t : tallies.values()) {
            agencyAmount += t.byCause.getOrDefault("agency", 0.0);
        }
        checks.add(global(
                "agency-caused share of incorrect amount (T65)",
                BenefitTargets.AGENCY_AMOUNT_SHARE,
                ratio(agencyAmount, incorrectTotal),
                episodeCount,
                impliedAgency));
        checks.add(share(
                "global",
                "agency-caused share of errors by count (T10)",
                BenefitTargets.AGENCY_COUNT_SHARE,
                ratio(agencyEpisodes, allEpisodes),
                episodeCount,
                ""));
        long households = history.bobReconciliations().size();
        long repay = history.bobReconciliations().stream()
                .filter(r -> r.outcome().equals("repay"))
                .count();
        long topUp = history.bobReconciliations().stream()
                .filter(r -> r.outcome().equals("top_up"))
                .count();
        checks.add(share(
                "global",
                "housing-allowance households repaying at reconciliation",
                BenefitTargets.BOB_REPAY_SHARE,
                ratio(repay, households),
                households,
                households == 0 ? "no year ends within the history" : ""));
        checks.add(volume(
                "global",
                "mean reconciliation repayment, SEK",
                BenefitTargets.BOB_REPAY_MEAN_SEK,
                mean(history.bobReconciliations(), "repay"),
                repay));
        checks.add(share(
                "global",
                "housing-allowance households topped up at reconciliation",
                BenefitTargets.BOB_TOP_UP_SHARE,
                ratio(topUp, households),
                households,
                ""));
        checks.add(volume(
                "global",
                "mean reconciliation top-up, SEK",
                BenefitTargets.BOB_TOP_UP_MEAN_SEK,
                mean(history.bobReconciliations(), "top_up"),
                topUp));
        double stock = 0;
        for (RecoveryClaim r : history.recoveryClaims()) {
            if (!r.status().equals("not_yet_decided")) {
                stock += weight(r) * (r.amountSek() - r.repaidSek());
            }
        }
        checks.add(new Check(
                "global",
                "receivable stock, MSEK",
                7_334 * scale,
                stock / 1e6,
                history.recoveryClaims().size(),
                Status.CANNOT_HOLD,
                "the stock (AR:11348) accumulated over a decade of claims; a history of " + config.years()
                        + " year(s) starts with no debts"));
        double repaid = 0;
        for (RecoveryClaim r : history.recoveryClaims()) {
            repaid += weight(r) * r.repaidSek();
        }
        checks.add(new Check(
                "global",
                "repaid per year, MSEK",
                1_950 * scale,
                repaid / 1e6 / config.years(),
                history.recoveryClaims().size(),
                Status.CANNOT_HOLD,
                "repayments (S000:82-111) come mostly from the debt stock of earlier years, which a history"
                        + " starting with no debts does not have"));
        return new CalibrationReport(config, checks);
    }

    /**
     * A global share whose published total need not agree with the per-benefit targets it is
     * built from: judged against the total, and where that fails but the figure matches what the
     * per-benefit targets imply, reported as a target that cannot hold together with them.
     */
    private static Check global(String figure, double target, double generated, long events, double implied) {
        Check check = share("global", figure, target, generated, events, "");
        if (check.status() == Status.OUTSIDE && within(implied, generated, true, false)) {
            return new Check(
                    "global",
                    figure,
                    target,
                    generated,
                    events,
                    Status.CANNOT_HOLD,
                    String.format(
                            Locale.ROOT,
                            "the per-benefit targets (T65, T68, 7.4) imply %.3f, which the history matches; the published total"
                                    + " is of detected, not estimated, errors",
                            implied));
        }
        return check;
    }

    /** A recovery claim's sample weight: its benefit's, as on that benefit's payments. */
    private static double weight(RecoveryClaim r) {
        return 1.0 / BenefitTargets.BY_BENEFIT.get(r.benefit()).oversample();
    }

    private static double mean(List<BobReconciliation> rows, String outcome) {
        double sum = 0;
        long n = 0;
        for (BobReconciliation r : rows) {
            if (r.outcome().equals(outcome)) {
                sum += r.amountSek();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    private static Check volume(String scope, String figure, double target, double generated, long events) {
        return judge(scope, figure, target, generated, events, false, "");
    }

    private static Check share(
            String scope, String figure, double target, double generated, long events, String cannotHold) {
        return judge(scope, figure, target, generated, events, true, cannotHold);
    }

    private static Check judge(
            String scope,
            String figure,
            double target,
            double generated,
            long events,
            boolean share,
            String cannotHold) {
        if (!cannotHold.isEmpty()) {
            boolean within = within(target, generated, share, isRatio(figure));
            return new Check(
                    scope,
                    figure,
                    target,
                    generated,
                    events,
                    within ? Status.OK : Status.CANNOT_HOLD,
                    within ? "" : cannotHold);
        }
        // A share measured on n events has a relative standard error of sqrt(p (1 - p) / n) / p; where
        // two of those exceed the tolerance, a miss says nothing about the generator.
        double relativeError;
        if (events <= 0) {
            relativeError = 0;
        } else if (figure.startsWith("mean")) {
            relativeError = MEAN_AMOUNT_CV / Math.sqrt(events); // a mean of lognormal amounts
        } else if (!share) {
            relativeError = 0;
        } else if (isRatio(figure)) {
            relativeError = 1 / Math.sqrt(events); // a ratio of sums over this many events
        } else if (target > 0 && target < 1) {
            relativeError = Math.sqrt(target * (1 - target) / events) / target;
        } else {
            relativeError = 1 / Math.sqrt(events);
        }
        if (events < MIN_EVENTS || 2 * relativeError > TOLERANCE && !(target < SMALL_SHARE && !isRatio(figure))) {
            return new Check(
                    scope,
                    figure,
                    target,
                    generated,
                    events,
                    within(target, generated, share, isRatio(figure)) ? Status.OK : Status.TOO_FEW_EVENTS,
                    "rests on " + events + " random events at this scale; its relative noise is about "
                            + String.format(
                                    Locale.ROOT,
                                    "%.0f %%",
                                    100 * Math.max(relativeError, 1 / Math.sqrt(Math.max(1, events)))));
        }
        boolean within = within(target, generated, share, isRatio(figure));
        if (!within && !cannotHold.isEmpty()) {
            return new Check(scope, figure, target, generated, events, Status.CANNOT_HOLD, cannotHold);
        }
        return new Check(scope, figure, target, generated, events, within ? Status.OK : Status.OUTSIDE, "");
    }

    /**
     * Figures that are ratios of amounts or rates per payment, judged relative to their target
     * however small: a share of the amount paid, cases per 1,000 payments, kronor per krona.
     */
    private static boolean isRatio(String figure) {
        return figure.contains("of paid") || figure.contains("per 1,000") || figure.contains("per detected krona");
    }

    private static boolean within(double target, double generated, boolean share, boolean ratio) {
        if (Double.isNaN(generated)) {
            return target == 0;
        }
        if (share && !ratio && target < SMALL_SHARE) {
            return Math.abs(generated - target) <= SMALL_SHARE;
        }
        return Math.abs(generated - target) <= TOLERANCE * Math.abs(target);
    }

    /** Writes {@code calibration.json}. */
    public void writeJson(OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("scale", config.scale());
            g.writeNumberField("years", config.years());
            g.writeNumberField("seed", config.seed());
            g.writeNumberField("tolerance", TOLERANCE);
            g.writeArrayFieldStart("checks");
            for (Check c : checks) {
                g.writeStartObject();
                g.writeStringField("scope", c.scope());
                g.writeStringField("figure", c.figure());
                g.writeNumberField("target", c.target());
                writeNumber(g, "generated", c.generated());
                writeNumber(g, "ratio", c.ratio());
                g.writeNumberField("events", c.events());
                g.writeBooleanField("withinTolerance", c.within());
                g.writeStringField("status", c.status().name());
                if (!c.note().isEmpty()) {
                    g.writeStringField("note", c.note());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeNumber(JsonGenerator g, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(name, value);
        } else {
            g.writeNullField(name);
        }
    }

    /** The readable {@code calibration.md}. */
    public String markdown() {
        StringBuilder md = new StringBuilder(16_384);
        long ok = checks.stream().filter(Check::within).count();
        md.append("# Calibration of the generated history\n\n")
                .append(String.format(
                        Locale.ROOT,
                        "Scale %s (1:%,d of 2023 volumes), %d year(s) from %d, seed %d. Figures per year, weighted by"
                                + " sample weight. Tolerance ±%.0f %% (shares under %.0f %%: ±%.0f points). Targets:"
                                + " domain.md section 7.10.%n%n",
                        config.scale(),
                        Math.round(1 / config.scale()),
                        config.years(),
                        config.startYear(),
                        config.seed(),
                        TOLERANCE * 100,
                        SMALL_SHARE * 100,
                        SMALL_SHARE * 100))
                .append(String.format(
                        Locale.ROOT,
                        "%d of %d checks within tolerance; %d outside; %d with too few"
                                + " events at this scale; %d that cannot hold (see notes).%n%n",
                        ok,
                        checks.size(),
                        failures().size(),
                        checks.stream()
                                .filter(c -> c.status() == Status.TOO_FEW_EVENTS)
                                .count(),
                        checks.stream()
                                .filter(c -> c.status() == Status.CANNOT_HOLD)
                                .count()))
                .append("| scope | figure | target | generated | ratio | events | within | note |\n")
                .append("|---|---|---:|---:|---:|---:|---|---|\n");
        for (Check c : checks) {
            md.append("| ")
                    .append(c.scope())
                    .append(" | ")
                    .append(c.figure())
                    .append(" | ")
                    .append(format(c.target()))
                    .append(" | ")
                    .append(format(c.generated()))
                    .append(" | ")
                    .append(Double.isFinite(c.ratio()) ? String.format(Locale.ROOT, "%.2f", c.ratio()) : "–")
                    .append(" | ")
                    .append(c.events())
                    .append(" | ")
                    .append(
                            switch (c.status()) {
                                case OK -> "yes";
                                case OUTSIDE -> "**no**";
                                case TOO_FEW_EVENTS -> "too few events";
                                case CANNOT_HOLD -> "cannot hold";
                            })
                    .append(" | ")
                    .append(c.note())
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String format(double value) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** Sums for one benefit. */
    private static final class Tally {
        double paid;
        double payments;
        double incorrect;
        double detected;
        double weight = 1;
        final Set<String> recipientYears = new HashSet<>();
        final Map<String, Double> byCause = new HashMap<>();
        final Map<String, Double> byTiming = new HashMap<>();
        long episodes;
        double amountSum;
        double amountSquares;
        double detectedEpisodes;
        long detectedEpisodeCount;
        double detectedEpisodeAmount;
        long investigations;
        long actions;
        double recoveries;
        long recoveryCount;
        double recoveryAmount;
    }
}
