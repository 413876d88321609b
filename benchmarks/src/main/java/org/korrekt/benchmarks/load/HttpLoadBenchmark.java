package org.korrekt.benchmarks.load;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.korrekt.benchmarks.load.LoadGenerator.Phase;
import org.korrekt.benchmarks.load.LoadGenerator.Route;
import org.korrekt.benchmarks.load.LoadGenerator.Saturation;
import org.korrekt.scoring.http.ScoringVerticle;
import org.korrekt.training.synthetic.GeneratedHistory;

/**
 * One question: what does {@code POST /v1/score} cost over HTTP, next to a route of the same server
 * that does no scoring? The same payloads go to {@code /v1/score} and to {@code /v1/bench/echo}
 * (same router, authentication, media type check, body handler and role check; no decoding,
 * scoring, decision record or response encoding), in the same run, at the same fixed rate, open
 * loop (latency from each request's due time, see {@link LoadGenerator}); then each route at
 * saturation (closed loop) for its throughput. Issue 9's targets: {@code /v1/score}'s median at
 * most 2x the echo's, its p99 at most 1.5x, its throughput at least 50 % of the echo's.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * org.korrekt.benchmarks.load.HttpLoadBenchmark [--rate 1000] [--connections 16] ...}
 */
public final class HttpLoadBenchmark {

    private static final String USAGE = """
            Usage: HttpLoadBenchmark [--rate R] [--warmup S] [--duration S] [--rounds N] [--connections N]
                                     [--saturation S] [--applications N] [--scale X] [--seed N]
                                     [--work-dir DIR] [--url URL --token JWT]
            Open-loop load on POST /v1/score and on the same server's echo route, then each at saturation.
              --rate R          requests a second in the open-loop phases (default 1000)
              --warmup S        seconds of warm-up per route (default 10)
              --duration S      seconds measured per route in each round (default 10)
              --rounds N        measured rounds; the routes take turns going first (default 2)
              --connections N   HTTP/1.1 keep-alive connections (default 16)
              --saturation S    seconds per route at saturation (closed loop, one request in flight per
                                connection); 0 skips it (default 8)
              --applications N  different generated applications the payloads cycle through (default 20000)
              --scale X         scale of the generated history the profile is trained on (default 0.001)
              --seed N          seed of the history and the training (default 2026)
              --work-dir DIR    folder for the run's data, bundle and embedded PostgreSQL
                                (default korrekt-data/http-load)
              --url URL         load a running 'korrekt serve --bench-echo' instead of starting one
              --token JWT       bearer token with the selfservice role, for --url
            """;

    /**
     * How to run.
     *
     * @param rate requests a second in the open-loop phases
     * @param warmupSeconds seconds of warm-up per route
     * @param durationSeconds seconds measured per route in each round
     * @param rounds measured rounds; the routes take turns going first
     * @param connections HTTP/1.1 connections, and requests in flight at saturation
     * @param saturationSeconds seconds per route at saturation, 0 to skip
     * @param applications different generated applications the payloads cycle through
     * @param scale the generated history's scale
     * @param seed the history's and the training's seed
     * @param workDir where a run started here keeps its data
     * @param url a running service's base URL, or null to start one here
     * @param token a bearer token for {@code url}, or null
     */
    record Settings(
            double rate,
            int warmupSeconds,
            int durationSeconds,
            int rounds,
            int connections,
            int saturationSeconds,
            int applications,
            double scale,
            long seed,
            Path workDir,
            URI url,
            String token) {

        /** 1,000 requests a second, 16 connections, 10 s warm-up, 2 x 10 s, 8 s at saturation: about 2 minutes. */
        static final Settings DEFAULT = new Settings(
                1_000, 10, 10, 2, 16, 8, 20_000, 0.001, 2026, Path.of("korrekt-data", "http-load"), null, null);

        Settings {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("rate must be > 0, was " + rate);
            }
            if (warmupSeconds < 0 || saturationSeconds < 0) {
                throw new IllegalArgumentException(
                        "warmup and saturation must be >= 0, were " + warmupSeconds + " and " + saturationSeconds);
            }
            if (durationSeconds < 1 || rounds < 1 || connections < 1 || applications < 1) {
                throw new IllegalArgumentException("duration, rounds, connections and applications must be >= 1");
            }
            if (url != null && token == null) {
                throw new IllegalArgumentException("--url needs --token");
            }
        }

        /** The settings of a command line: {@link #DEFAULT} but for the options given. */
        static Settings parse(String... args) {
            Settings d = DEFAULT;
            double rate = d.rate;
            int warmup = d.warmupSeconds;
            int duration = d.durationSeconds;
            int rounds = d.rounds;
            int connections = d.connections;
            int saturation = d.saturationSeconds;
            int applications = d.applications;
            double scale = d.scale;
            long seed = d.seed;
            Path workDir = d.workDir;
            URI url = d.url;
            String token = d.token;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--rate" -> rate = Double.parseDouble(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--duration" -> duration = Integer.parseInt(v);
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--connections" -> connections = Integer.parseInt(v);
                    case "--saturation" -> saturation = Integer.parseInt(v);
                    case "--applications" -> applications = Integer.parseInt(v);
                    case "--scale" -> scale = Double.parseDouble(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--work-dir" -> workDir = Path.of(v);
                    case "--url" -> url = URI.create(v);
                    case "--token" -> token = v;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Settings(
                    rate,
                    warmup,
                    duration,
                    rounds,
                    connections,
                    saturation,
                    applications,
                    scale,
                    seed,
                    workDir,
                    url,
                    token);
        }
    }

    /** What a run measured. */
    record Results(Phase echo, Phase score, Saturation echoMax, Saturation scoreMax, String durability, long recorded) {
        boolean allAnswered() {
            return echo.failed() == 0
                    && score.failed() == 0
                    && (echoMax == null || echoMax.failed() == 0)
                    && (scoreMax == null || scoreMax.failed() == 0);
        }
    }

    /** Runs the benchmark with the command line's options; exits 1 if any request failed, 2 on bad options. */
    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("HttpLoadBenchmark: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        Results results = run(settings, System.out);
        System.exit(results.allAnswered() ? 0 : 1);
    }

    /** Sets up (or reaches) the service, runs every phase, prints the report, and returns the results. */
    static Results run(Settings s, PrintStream out) throws Exception {
        out.printf(
                Locale.ROOT,
                "generating %d applications (history scale %s, seed %d) ...%n",
                s.applications(),
                s.scale(),
                s.seed());
        GeneratedHistory history = BenchmarkService.history(s.scale(), s.applications(), s.seed());
        List<byte[]> payloads = BenchmarkService.payloads(history);
        BenchmarkService service = null;
        try {
            URI base = s.url();
            String bearer = s.token();
            if (base == null) {
                Path work = s.workDir().toAbsolutePath();
                Path run = work.resolve("run-" + Instant.now().toString().replace(':', '-'));
                Path trained = work.resolve(String.format(Locale.ROOT, "trained-%s-%d", s.scale(), s.seed()));
                service =
                        BenchmarkService.start(history, trained, run, work.resolve("postgres-binaries"), s.seed(), out);
                base = service.baseUrl();
                bearer = service.token();
                out.println(
                        "serving model " + service.server().bundle().version() + " at " + base + ", data in " + run);
            }
            Results results = measure(s, base, bearer, payloads, service, out);
            report(s, results, payloads, out);
            return results;
        } finally {
            if (service != null) {
                service.close();
            }
        }
    }

    /** Where a run with {@code s} keeps (and finds) the trained bundle and the person history. */
    static Path trainedFolder(Settings s) {
        return s.workDir().toAbsolutePath().resolve(String.format(Locale.ROOT, "trained-%s-%d", s.scale(), s.seed()));
    }

    private static Results measure(
            Settings s, URI base, String bearer, List<byte[]> payloads, BenchmarkService service, PrintStream out)
            throws Exception {
        Route echo = new Route("echo", ScoringVerticle.ECHO_ROUTE, true);
        Route score = new Route("score", "/v1/score", false);
        try (LoadGenerator load = new LoadGenerator(base, bearer, s.connections(), payloads)) {
            // Both routes answer correctly before anything is timed.
            for (Route route : List.of(echo, score)) {
                Phase check = load.openLoop(route, 10, Duration.ofMillis(500));
                if (check.failed() > 0) {
                    throw new IllegalStateException(route.path() + " does not answer correctly: " + check.firstFailure()
                            + (route.echo() ? " (is the server started with --bench-echo?)" : ""));
                }
            }
            if (s.warmupSeconds() > 0) {
                for (Route route : List.of(echo, score)) {
                    out.printf(
                            Locale.ROOT, "warm-up: %s, %,.0f/s for %d s%n", route.name(), s.rate(), s.warmupSeconds());
                    load.openLoop(route, s.rate(), Duration.ofSeconds(s.warmupSeconds()));
                }
            }
            Phase echoPhase = null;
            Phase scorePhase = null;
            for (int r = 0; r < s.rounds(); r++) {
                List<Route> order = r % 2 == 0 ? List.of(echo, score) : List.of(score, echo);
                for (Route route : order) {
                    out.printf(
                            Locale.ROOT,
                            "round %d/%d: %s, %,.0f/s for %d s%n",
                            r + 1,
                            s.rounds(),
                            route.name(),
                            s.rate(),
                            s.durationSeconds());
                    Phase phase = load.openLoop(route, s.rate(), Duration.ofSeconds(s.durationSeconds()));
                    if (route == echo) {
                        echoPhase = echoPhase == null ? phase : echoPhase.plus(phase);
                    } else {
                        scorePhase = scorePhase == null ? phase : scorePhase.plus(phase);
                    }
                }
            }
            Saturation echoMax = null;
            Saturation scoreMax = null;
            if (s.saturationSeconds() > 0) {
                out.printf(
                        Locale.ROOT,
                        "saturation: each route with %d requests in flight for %d s%n",
                        s.connections(),
                        s.saturationSeconds());
                echoMax = load.closedLoop(echo, s.connections(), Duration.ofSeconds(s.saturationSeconds()));
                scoreMax = load.closedLoop(score, s.connections(), Duration.ofSeconds(s.saturationSeconds()));
            }
            String durability = "not known (--url: the service's own database)";
            long recorded = -1;
            if (service != null) {
                service.server().recorder().flush(Duration.ofSeconds(60));
                durability = service.durability();
                recorded = service.server().recorder().written();
            }
            return new Results(echoPhase, scorePhase, echoMax, scoreMax, durability, recorded);
        }
    }

    private static void report(Settings s, Results r, List<byte[]> payloads, PrintStream out) {
        long bytes = 0;
        for (byte[] p : payloads) {
            bytes += p.length;
        }
        out.printf(
                Locale.ROOT,
                "%nHTTP load: open loop at %,.0f requests/s, %d connections, %d x %d s per route after %d s warm-up;"
                        + " %,d applications cycled (mean body %d bytes), the same for both routes%n",
                s.rate(),
                s.connections(),
                s.rounds(),
                s.durationSeconds(),
                s.warmupSeconds(),
                payloads.size(),
                bytes / payloads.size());
        out.printf(
                Locale.ROOT,
                "%-6s %7s %9s %7s %10s %9s %9s %9s %9s %9s %9s%n",
                "route",
                "answer",
                "answered",
                "failed",
                "per s",
                "p50 µs",
                "p99 µs",
                "p99.9 µs",
                "max µs",
                "lag p50",
                "lag p99");
        for (Phase p : List.of(r.echo(), r.score())) {
            out.printf(
                    Locale.ROOT,
                    "%-6s %6dB %9d %7d %10.0f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n",
                    p.route(),
                    p.latency().getTotalCount() == 0
                            ? 0
                            : p.answerBytes() / p.latency().getTotalCount(),
                    p.latency().getTotalCount(),
                    p.failed(),
                    p.achievedPerSecond(),
                    micros(p.latency(), 50),
                    micros(p.latency(), 99),
                    micros(p.latency(), 99.9),
                    p.latency().getMaxValue() / 1e3,
                    micros(p.sendLag(), 50),
                    micros(p.sendLag(), 99));
            if (p.failed() > 0) {
                out.println("       " + p.route() + " failures: " + p.statuses() + ", first: " + p.firstFailure());
            }
        }
        out.println("(answer: mean body; latency from each request's due time to the end of its answer;"
                + " lag: the generator's own lateness in dispatching a request, in µs, included in its latency)");
        double median = micros(r.score().latency(), 50) / micros(r.echo().latency(), 50);
        double p99 = micros(r.score().latency(), 99) / micros(r.echo().latency(), 99);
        out.printf(Locale.ROOT, "score/echo median %.2fx (target <= 2x: %s)%n", median, verdict(median <= 2));
        out.printf(Locale.ROOT, "score/echo p99    %.2fx (target <= 1.5x: %s)%n", p99, verdict(p99 <= 1.5));
        if (r.echoMax() != null) {
            double share = r.scoreMax().perSecond() / r.echoMax().perSecond();
            out.printf(
                    Locale.ROOT,
                    "saturation, %d in flight: echo %,.0f/s, score %,.0f/s (%d and %d failed): %.0f %% (target >= 50 %%:"
                            + " %s)%n",
                    r.echoMax().inFlight(),
                    r.echoMax().perSecond(),
                    r.scoreMax().perSecond(),
                    r.echoMax().failed(),
                    r.scoreMax().failed(),
                    100 * share,
                    verdict(share >= 0.5));
        }
        out.println("decision records: " + r.durability()
                + (r.recorded() >= 0 ? "; " + r.recorded() + " written in this run" : ""));
        out.printf(
                Locale.ROOT,
                "JDK %s, %d processors available; the generator runs on the same machine%n",
                Runtime.version(),
                Runtime.getRuntime().availableProcessors());
    }

    private static double micros(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e3;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}
