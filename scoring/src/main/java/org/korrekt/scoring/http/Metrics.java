package org.korrekt.scoring.http;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.korrekt.features.model.ScoreDistribution;
import org.korrekt.scoring.Action;
import org.korrekt.scoring.Band;
import org.korrekt.scoring.Decision;

/**
 * The service's metrics, rendered in the Prometheus text exposition format (version 0.0.4).
 * Counters and histograms are lock-free. Thread-safe.
 */
public final class Metrics {

    /** Upper bounds of the latency histogram buckets, in seconds. */
    static final double[] LATENCY_BUCKETS = {
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5
    };

    /**
     * Routes counted by name at most; any further one counts as {@code other}. The routes name
     * their templates, a few dozen, so this only bounds what a mistake could let callers add.
     */
    static final int MAX_ROUTES = 200;

    /** Request counts by route, indexed by HTTP status: no key is built per request. */
    private final ConcurrentMap<String, LongAdder[]> requests = new ConcurrentHashMap<>();

    /** Decisions by profile, indexed by band * actions + action. */
    private final ConcurrentMap<String, LongAdder[]> decisions = new ConcurrentHashMap<>();
    /** Scoring time by profile. */
    private final ConcurrentMap<String, Histogram> scoringSeconds = new ConcurrentHashMap<>();
    /** Request time by route. */
    private final ConcurrentMap<String, Histogram> requestSeconds = new ConcurrentHashMap<>();
    /** Score drift against the training distribution, by profile (reset when the champion changes). */
    private final ConcurrentMap<String, Drift> drift = new ConcurrentHashMap<>();

    private final LongAdder queueCases = new LongAdder();
    /** Items of batches answered with an error instead of a decision, by error code. */
    private final ConcurrentMap<org.korrekt.scoring.api.ErrorCode, LongAdder> batchItemErrors =
            new ConcurrentHashMap<>();

    private final LongAdder shadowScored = new LongAdder();
    private final LongAdder shadowDisagreed = new LongAdder();
    /** Decisions by profile, indexed by band. */
    private final ConcurrentMap<String, LongAdder[]> bands = new ConcurrentHashMap<>();

    private volatile java.util.function.Supplier<String> gauges = () -> "";

    /** Gauges rendered with the metrics (queue depth, recorder state), computed at scrape time. */
    public void gauges(java.util.function.Supplier<String> prometheusText) {
        gauges = prometheusText;
    }

    /**
     * Counts a decision's shadow score, and whether the shadow's action differs from what the
     * champion's score alone decided (before rule hits and the random control draw).
     */
    public void shadow(org.korrekt.scoring.Decision decision) {
        for (org.korrekt.scoring.ShadowScore s : decision.shadow()) {
            shadowScored.increment();
            if (s.action() != decision.policy().action(decision.score(), false)) {
                shadowDisagreed.increment();
            }
        }
    }

    /**
     * Counts an item of a batch answered with an error instead of a decision: inside a 200, which
     * the requests' counts by status do not show (items refused while the service drains, invalid
     * items).
     */
    public void batchItemError(org.korrekt.scoring.api.ErrorCode code) {
        batchItemErrors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** Counts a finished HTTP request. */
    public void request(String route, int status, long nanos) {
        if (!requests.containsKey(route) && requests.size() >= MAX_ROUTES) {
            route = "other";
        }
        LongAdder[] byStatus = requests.computeIfAbsent(route, k -> newCounters());
        byStatus[status >= 100 && status < byStatus.length ? status : 0].increment();
        requestSeconds.computeIfAbsent(route, k -> new Histogram()).observe(nanos / 1e9);
    }

    /**
     * Counts a decision by profile, action and band, records the in-process scoring time (decode
     * to decision), and the score for drift.
     *
     * @param scores the champion's training score distribution when it made the decision, or null
     */
    public void decision(Decision decision, ScoreDistribution scores, long scoringNanos) {
        String profile = decision.profile();
        int cell =
                decision.band().ordinal() * ACTIONS.length + decision.action().ordinal();
        decisions.computeIfAbsent(profile, k -> newCounters(BANDS.length * ACTIONS.length))[cell].increment();
        bands
                .computeIfAbsent(profile, k -> newCounters(BANDS.length))[
                decision.band().ordinal()].increment();
        if (decision.opensCase()) {
            queueCases.increment();
        }
        scoringSeconds.computeIfAbsent(profile, k -> new Histogram()).observe(scoringNanos / 1e9);
        if (scores != null) {
            Drift d = drift.get(profile);
            if (d == null || !d.version.equals(decision.modelVersion())) {
                d = drift.compute(
                        profile,
                        (k, old) -> old != null && old.version.equals(decision.modelVersion())
                                ? old
                                : new Drift(decision.modelVersion(), scores));
            }
            d.observe(decision.score());
        }
    }

    private static LongAdder[] newCounters() {
        return newCounters(600);
    }

    private static LongAdder[] newCounters(int size) {
        LongAdder[] counters = new LongAdder[size];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
        return counters;
    }

    /** {@code value} escaped as a label value of the text format: backslash, double quote and line feed. */
    static String labelValue(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** The metrics as Prometheus text. */
    public String render() {
        StringBuilder out = new StringBuilder(4_096);
        out.append("# HELP korrekt_http_requests_total HTTP requests by route and status.\n");
        out.append("# TYPE korrekt_http_requests_total counter\n");
        requests.forEach((route, byStatus) -> {
            for (int status = 0; status < byStatus.length; status++) {
                long count = byStatus[status].sum();
                if (count > 0) {
                    out.append("korrekt_http_requests_total{route=\"")
                            .append(labelValue(route))
                            .append("\",status=\"")
                            .append(status == 0 ? "other" : Integer.toString(status))
                            .append("\"} ")
                            .append(count)
                            .append('\n');
                }
            }
        });
        out.append("# HELP korrekt_decisions_total Decisions by profile, risk band and action (rules, the amount"
                + " limit and the random control sample move an action away from its band's).\n");
        out.append("# TYPE korrekt_decisions_total counter\n");
        decisions.forEach((profile, byBandAndAction) -> {
            for (Band band : BANDS) {
                for (Action action : ACTIONS) {
                    long count = byBandAndAction[band.ordinal() * ACTIONS.length + action.ordinal()].sum();
                    if (count == 0) {
                        continue;
                    }
                    out.append("korrekt_decisions_total{profile=\"")
                            .append(labelValue(profile))
                            .append("\",band=\"")
                            .append(band.name())
                            .append("\",action=\"")
                            .append(action.name())
                            .append("\"} ")
                            .append(count)
                            .append('\n');
                }
            }
        });
        out.append("# HELP korrekt_batch_item_errors_total Items of score batches answered with an error instead"
                + " of a decision (the batch itself is a 200), by error code.\n");
        out.append("# TYPE korrekt_batch_item_errors_total counter\n");
        batchItemErrors.forEach((code, count) -> out.append("korrekt_batch_item_errors_total{code=\"")
                .append(code.name())
                .append("\"} ")
                .append(count.sum())
                .append('\n'));
        out.append("# HELP korrekt_queue_signals_total Decisions that opened or joined a queue case.\n");
        out.append("# TYPE korrekt_queue_signals_total counter\n");
        out.append("korrekt_queue_signals_total ").append(queueCases.sum()).append('\n');
        out.append("# HELP korrekt_decisions_by_band_total Decisions by profile and risk band.\n");
        out.append("# TYPE korrekt_decisions_by_band_total counter\n");
        bands.forEach((profile, byBand) -> {
            for (Band band : BANDS) {
                out.append("korrekt_decisions_by_band_total{profile=\"")
                        .append(labelValue(profile))
                        .append("\",band=\"")
                        .append(band.name())
                        .append("\"} ")
                        .append(byBand[band.ordinal()].sum())
                        .append('\n');
            }
        });
        out.append("# HELP korrekt_score_psi Population stability index of the champion's live scores against its"
                + " test-period score deciles (0.1 to 0.25: watch; above 0.25: investigate).\n");
        out.append("# TYPE korrekt_score_psi gauge\n");
        drift.forEach((profile, d) -> out.append("korrekt_score_psi{profile=\"")
                .append(labelValue(profile))
                .append("\",model_version=\"")
                .append(d.version)
                .append("\"} ")
                .append(String.format(Locale.ROOT, "%.6f", d.psi()))
                .append('\n'));
        out.append("# HELP korrekt_score_psi_observations Live scores the PSI is computed on.\n");
        out.append("# TYPE korrekt_score_psi_observations gauge\n");
        drift.forEach((profile, d) -> out.append("korrekt_score_psi_observations{profile=\"")
                .append(labelValue(profile))
                .append("\",model_version=\"")
                .append(d.version)
                .append("\"} ")
                .append(d.observations())
                .append('\n'));
        out.append("# HELP korrekt_shadow_scores_total Decisions also scored by a shadow challenger.\n");
        out.append("# TYPE korrekt_shadow_scores_total counter\n");
        out.append("korrekt_shadow_scores_total ").append(shadowScored.sum()).append('\n');
        out.append(
                "# HELP korrekt_shadow_disagreements_total Shadow scores whose action differs from the champion's.\n");
        out.append("# TYPE korrekt_shadow_disagreements_total counter\n");
        out.append("korrekt_shadow_disagreements_total ")
                .append(shadowDisagreed.sum())
                .append('\n');
        out.append(gauges.get());
        header(
                out,
                "korrekt_scoring_seconds",
                "Time from request body to decision, in process (no database), by profile.");
        scoringSeconds.forEach((profile, h) -> h.render(out, "korrekt_scoring_seconds", "profile", profile));
        header(out, "korrekt_http_request_seconds", "HTTP request time in the server, by route.");
        requestSeconds.forEach((route, h) -> h.render(out, "korrekt_http_request_seconds", "route", route));
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" histogram\n");
    }

    private static final Action[] ACTIONS = Action.values();
    private static final Band[] BANDS = Band.values();

    /**
     * Live scores counted in the deciles of a champion's test-period scores. The population
     * stability index is the sum over bins of (live share - expected share) * ln(live / expected),
     * with shares floored at {@value #FLOOR} so an empty bin stays finite.
     */
    static final class Drift {
        static final double FLOOR = 1e-4;
        final String version;
        private final double[] edges;
        private final double[] expected;
        private final AtomicLongArray counts;

        Drift(String version, ScoreDistribution scores) {
            this.version = version;
            this.edges = scores.decileEdges();
            this.expected = scores.shares(edges);
            this.counts = new AtomicLongArray(edges.length + 1);
        }

        void observe(double score) {
            counts.incrementAndGet(ScoreDistribution.bin(score, edges));
        }

        long observations() {
            long n = 0;
            for (int i = 0; i < counts.length(); i++) {
                n += counts.get(i);
            }
            return n;
        }

        double psi() {
            long n = observations();
            if (n == 0) {
                return 0;
            }
            double psi = 0;
            for (int i = 0; i < counts.length(); i++) {
                double live = Math.max(FLOOR, (double) counts.get(i) / n);
                double train = Math.max(FLOOR, expected[i]);
                psi += (live - train) * Math.log(live / train);
            }
            return psi;
        }
    }

    /** A cumulative histogram with fixed buckets. */
    private static final class Histogram {
        private final AtomicLongArray counts = new AtomicLongArray(LATENCY_BUCKETS.length + 1);
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();

        void observe(double seconds) {
            int bucket = 0;
            while (bucket < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[bucket]) {
                bucket++;
            }
            counts.incrementAndGet(bucket);
            count.increment();
            sum.add(seconds);
        }

        void render(StringBuilder out, String name, String label, String value) {
            String labels = label + "=\"" + labelValue(value) + "\"";
            long cumulative = 0;
            for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
                cumulative += counts.get(i);
                out.append(name)
                        .append("_bucket{")
                        .append(labels)
                        .append(",le=\"")
                        .append(String.format(Locale.ROOT, "%s", LATENCY_BUCKETS[i]))
                        .append("\"} ")
                        .append(cumulative)
                        .append('\n');
            }
            cumulative += counts.get(LATENCY_BUCKETS.length);
            out.append(name)
                    .append("_bucket{")
                    .append(labels)
                    .append(",le=\"+Inf\"} ")
                    .append(cumulative)
                    .append('\n');
            out.append(name)
                    .append("_sum{")
                    .append(labels)
                    .append("} ")
                    .append(sum.sum())
                    .append('\n');
            out.append(name)
                    .append("_count{")
                    .append(labels)
                    .append("} ")
                    .append(count.sum())
                    .append('\n');
        }
    }
}
