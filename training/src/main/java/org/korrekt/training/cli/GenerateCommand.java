package org.korrekt.training.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.korrekt.features.Application;
import org.korrekt.training.data.ApplicationJsonWriter;
import org.korrekt.training.data.ClaimsParquet;
import org.korrekt.training.synthetic.ClaimsGenerator;
import org.korrekt.training.synthetic.GeneratorConfig;
import org.korrekt.training.synthetic.SyntheticHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code korrekt generate}: writes a synthetic claims history as Parquet. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate a synthetic claims history: applications.parquet, persons.parquet and"
                + " incoming.jsonl (applications after the history, in the scoring API's format).")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Output folder: a local path or an hdfs:// URI.")
    String out;

    @Option(names = "--persons", description = "Number of persons (default: ${DEFAULT-VALUE}).")
    int persons = GeneratorConfig.DEFAULT_PERSONS;

    @Option(names = "--start", description = "First day of the history (default: ${DEFAULT-VALUE}).")
    LocalDate start = GeneratorConfig.DEFAULT_HISTORY_START;

    @Option(names = "--months", description = "Length of the history in months (default: ${DEFAULT-VALUE}).")
    int months = GeneratorConfig.DEFAULT_HISTORY_MONTHS;

    @Option(
            names = "--incoming",
            description = "Applications after the history, for scoring (default: ${DEFAULT-VALUE}).")
    int incoming = GeneratorConfig.DEFAULT_INCOMING;

    @Option(
            names = "--random-control-share",
            description = "Share selected for control at random (default: ${DEFAULT-VALUE}).")
    double randomControlShare = GeneratorConfig.DEFAULT_RANDOM_CONTROL_SHARE;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = GeneratorConfig.DEFAULT_SEED;

    @Override
    public Integer call() throws Exception {
        GeneratorConfig config = new GeneratorConfig(persons, start, months, incoming, randomControlShare, seed);
        SyntheticHistory history;
        try (ProgressBar bar = bar("Generating persons", persons)) {
            history = new ClaimsGenerator(config).generate(bar::stepTo);
        }
        URI folder = DataLocation.toUri(out);
        Configuration conf = new Configuration();
        ClaimsParquet parquet = new ClaimsParquet(conf);
        URI applications = DataLocation.child(folder, "applications.parquet");
        try (ProgressBar bar =
                bar("Writing applications.parquet", history.claims().size())) {
            parquet.writeApplications(
                    applications, () -> new CountingIterator<>(history.claims().iterator(), bar));
        }
        parquet.writePersons(DataLocation.child(folder, "persons.parquet"), history.persons());
        URI incomingFile = DataLocation.child(folder, "incoming.jsonl");
        Path incomingPath = new Path(incomingFile);
        FileSystem fs = incomingPath.getFileSystem(conf);
        try (FSDataOutputStream stream = fs.create(incomingPath, true);
                ApplicationJsonWriter writer = new ApplicationJsonWriter(
                        new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)))) {
            for (Application application : history.incoming()) {
                writer.write(application);
            }
        }
        long incorrect = history.claims().stream().filter(c -> c.incorrect()).count();
        System.out.printf(
                "Wrote %,d persons and %,d applications (%,d incorrect, %.1f %%) to %s, and %,d incoming applications.%n",
                history.persons().size(),
                history.claims().size(),
                incorrect,
                100.0 * incorrect / Math.max(1, history.claims().size()),
                folder,
                history.incoming().size());
        return 0;
    }

    static ProgressBar bar(String task, long max) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .build();
    }

    /** Steps a progress bar as rows are consumed. */
    private static final class CountingIterator<T> implements java.util.Iterator<T> {
        private final java.util.Iterator<T> delegate;
        private final ProgressBar bar;

        CountingIterator(java.util.Iterator<T> delegate, ProgressBar bar) {
            this.delegate = delegate;
            this.bar = bar;
        }

        @Override
        public boolean hasNext() {
            return delegate.hasNext();
        }

        @Override
        public T next() {
            bar.step();
            return delegate.next();
        }
    }
}
