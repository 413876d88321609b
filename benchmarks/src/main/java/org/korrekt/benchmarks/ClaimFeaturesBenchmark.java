package org.korrekt.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.korrekt.features.Application;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.features.history.HistoryEvents;
import org.korrekt.features.history.HistoryLimits;
import org.korrekt.features.history.PersonHistoryStore;
import org.korrekt.features.rules.CompiledRules;
import org.korrekt.training.data.HistoryParquet;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One question: what do the claim features (application plus person history) and the claim rules
 * cost for one application against a realistic history, and do they allocate? The store holds a
 * whole generated 1:1000 history (two years: applications, payments, employer declarations,
 * attendance, timesheets, registrations, permits); the applications scored are the last 1,024 of
 * that history, each on its submission day, so that every person has up to two years behind them.
 * A second benchmark adds recording the scored application, as the service does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClaimFeaturesBenchmark {

    private static final int INPUTS = 1_024;

    private PersonHistoryStore store;
    private Application[] applications;
    private String[] children;
    private int[] days;
    private CompiledRules rules;
    private double[] features;
    private int[] hits;
    private int next;

    /** Generates the history, loads it into the store, and picks the applications. */
    @Setup(Level.Trial)
    public void setUp() {
        rules = CompiledRules.bundled("claim-v1.rules.json", ClaimFeatures.SCHEMA);
        GeneratedHistory history = new HistoryGenerator(
                        new HistoryConfig(0.001, 2, 2023, 5, java.util.Map.of(), false, 0))
                .generate((stage, done, total) -> {});
        List<HistoryEvent> events = HistoryEvents.of(HistoryParquet.tables(history));
        store = new PersonHistoryStore(HistoryLimits.forPopulation(
                Math.max(history.persons().size(), history.children().size()) + 64));
        events.forEach(e -> e.applyTo(store));
        List<Claim> claims = new ArrayList<>(history.applications());
        claims.sort(Comparator.comparing((Claim c) -> c.application().submittedOn()));
        List<Claim> last = claims.subList(claims.size() - INPUTS, claims.size());
        applications = new Application[INPUTS];
        children = new String[INPUTS];
        days = new int[INPUTS];
        for (int i = 0; i < INPUTS; i++) {
            applications[i] = last.get(i).application();
            children[i] = last.get(i).childId();
            days[i] = Days.of(applications[i].submittedOn());
        }
        features = new double[ClaimFeatures.SCHEMA.size()];
        hits = new int[rules.size()];
        System.out.println("\nstore: " + store.stats() + ", " + events.size() + " events");
    }

    /** Application and history features, then every claim rule. */
    @Benchmark
    public int featuresAndRules() {
        int i = next++ & (INPUTS - 1);
        ClaimFeatures.extract(store, applications[i], children[i], days[i], features);
        return rules.evaluate(features, hits);
    }

    /** The same, then the application is recorded in the store as the service does after scoring. */
    @Benchmark
    public int featuresRulesAndRecord() {
        int i = next++ & (INPUTS - 1);
        Application a = applications[i];
        ClaimFeatures.extract(store, a, children[i], days[i], features);
        int n = rules.evaluate(features, hits);
        store.recordClaim(
                a.applicationId(),
                a.personPseudonym(),
                a.benefit(),
                days[i],
                Days.of(a.periodStart()),
                a.claimedDays(),
                children[i]);
        return n;
    }
}
