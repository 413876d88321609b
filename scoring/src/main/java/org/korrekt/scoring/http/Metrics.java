package org.korrekt.scoring.http;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service's metrics, rendered in the Prometheus text exposition format (version 0.0.4).
 * Counters and histograms are lock-free. Thread-safe.
 */
public final class Metrics {

    /** Upper bounds of the latency histogram buckets, in seconds. */
    static final double[] LATENCY_BUCKETS = {
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5
    };

    /** Request counts by route, indexed by HTTP status: no key is built per request. */
    private final ConcurrentMap<String, LongAdder[]> requests = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, LongAdder> decisions = new ConcurrentHashMap<>();
    private final Histogram scoringSeconds = new Histogram();
    private final Histogram requestSeconds = new Histogram();
    private final LongAdder queueCases = new LongAdder();
    private final LongAdder shadowScored = new LongAdder();
    private final LongAdder shadowDisagreed = new LongAdder();
    private final ConcurrentMap<String, LongAdder> bands = new ConcurrentHashMap<>();
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
        bands.computeIfAbsent(decision.band().name(), k -> new LongAdder()).increment();
        for (org.korrekt.scoring.ShadowScore s : decision.shadow()) {
            shadowScored.increment();
            if (s.action() != decision.policy().action(decision.score(), false)) {
                shadowDisagreed.increment();
            }
        }
    }

    /** Counts a finished HTTP request. */
    public void request(String route, int status, long nanos) {
        LongAdder[] byStatus = requests.computeIfAbsent(route, k -> newCounters());
        byStatus[status >= 100 && status < byStatus.length ? status : 0].increment();
        requestSeconds.observe(nanos / 1e9);
    }

    /** Counts a decision by action and records the in-process scoring time (decode to decision). */
    public void decision(String action, boolean opensCase, long scoringNanos) {
        decisions.computeIfAbsent(action, k -> new LongAdder()).increment();
        if (opensCase) {
            queueCases.increment();
        }
        scoringSeconds.observe(scoringNanos / 1e9);
    }

    private static LongAdder[] newCounters() {
        LongAdder[] counters = new LongAdder[600];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
        return counters;
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
                            .append(route)
                            .append("\",status=\"")
                            .append(status == 0 ? "other" : Integer.toString(status))
                            .append("\"} ")
                            .append(count)
                            .append('\n');
                }
            }
        });
        out.append("# HELP korrekt_decisions_total Decisions by action.\n");
        out.append("# TYPE korrekt_decisions_total counter\n");
        decisions.forEach((action, count) -> out.append("korrekt_decisions_total{action=\"")
                .append(action)
                .append("\"} ")
                .append(count.sum())
                .append('\n'));
        out.append("# HELP korrekt_queue_signals_total Decisions that opened or joined a queue case.\n");
        out.append("# TYPE korrekt_queue_signals_total counter\n");
        out.append("korrekt_queue_signals_total ").append(queueCases.sum()).append('\n');
        out.append("# HELP korrekt_decisions_by_band_total Decisions by risk band.\n");
        out.append("# TYPE korrekt_decisions_by_band_total counter\n");
        bands.forEach((band, count) -> out.append("korrekt_decisions_by_band_total{band=\"")
                .append(band)
                .append("\"} ")
                .append(count.sum())
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
        scoringSeconds.render(
                out, "korrekt_scoring_seconds", "Time from request body to decision, in process (no database).");
        requestSeconds.render(out, "korrekt_http_request_seconds", "HTTP request time in the server.");
        return out.toString();
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

        void render(StringBuilder out, String name, String help) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(" histogram\n");
            long cumulative = 0;
            for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
                cumulative += counts.get(i);
                out.append(name)
                        .append("_bucket{le=\"")
                        .append(String.format(Locale.ROOT, "%s", LATENCY_BUCKETS[i]))
                        .append("\"} ")
                        .append(cumulative)
                        .append('\n');
            }
            cumulative += counts.get(LATENCY_BUCKETS.length);
            out.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
            out.append(name).append("_sum ").append(sum.sum()).append('\n');
            out.append(name).append("_count ").append(count.sum()).append('\n');
        }
    }
}
