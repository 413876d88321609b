package org.korrekt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The quick variant of the JMH suite, in every build: every benchmark runs once, briefly, in
 * process. Each benchmark's setup checks that korrekt's compiled model and the library it replaces
 * agree on every input, so this proves the benchmarks still run and still agree; it does not look
 * at the timings (the build machine is no benchmark machine).
 */
class BenchmarkSuiteIT {

    @Test
    void everyBenchmarkRunsAndItsImplementationsAgree() throws Exception {
        Set<String> expected = new TreeSet<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().getAll(null, List.of())) {
            expected.add(entry.getUsername());
        }
        assertThat(expected).hasSizeGreaterThanOrEqualTo(10);

        Path odds = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath()
                .resolve("../../shared/data/odds/cardio.csv")
                .normalize();
        assertThat(odds).as("ODDS data beside the project root").isRegularFile();
        Options options = new OptionsBuilder()
                .include("org\\.korrekt\\.benchmarks\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .param("data", odds.toString())
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult result : results) {
            ran.add(result.getParams().getBenchmark());
            double score = result.getPrimaryResult().getScore();
            assertThat(score).as(result.getParams().getBenchmark()).isPositive().isFinite();
        }
        assertThat(ran).isEqualTo(expected);
    }
}
