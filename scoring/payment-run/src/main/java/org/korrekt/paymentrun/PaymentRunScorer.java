package org.korrekt.paymentrun;

import java.io.IOException;
import java.util.Objects;
import org.korrekt.scoring.Action;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.ScoringService;

/**
 * Scores a payment run: reads each row from a {@link RowSource}, scores it with the {@link
 * ScoringService}, applies the amount limit, writes it to a {@link ScoredRowSink} and counts it.
 * Rows are scored one at a time in file order, so each sees the rows before it in the person
 * history, as the service sees requests in the order they arrive, and a seeded random-control draw
 * gives the same run every time.
 */
public final class PaymentRunScorer {

    /** Told how far a run has come, every {@link #PROGRESS_EVERY} rows. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param rows rows read so far (scored or skipped)
         * @param expected rows in the file, or -1 when not known
         * @param elapsedNanos time since the run started
         */
        void report(long rows, long expected, long elapsedNanos);
    }

    /** How often progress is reported, in rows. */
    public static final int PROGRESS_EVERY = 10_000;

    private final ScoringService service;
    private final ScoreOptions options;

    /**
     * @param service scores each row (and records it in its person history)
     * @param options the error budget and the amount limit
     */
    public PaymentRunScorer(ScoringService service, ScoreOptions options) {
        this.service = Objects.requireNonNull(service, "service");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Scores every row of {@code source} into {@code sink}.
     *
     * @return the counts
     * @throws BadInputException if the source cannot be read, or a bad row exceeds {@link
     *     ScoreOptions#maxErrors()} (the message names it)
     * @throws IOException if the sink cannot be written
     */
    public RunSummary run(RowSource source, ScoredRowSink sink, Progress progress)
            throws BadInputException, IOException {
        RunSummary summary = new RunSummary();
        long expected = source.expectedRows();
        long start = System.nanoTime();
        long read = 0;
        while (true) {
            PaymentRow row;
            try {
                row = source.next();
            } catch (RowException e) {
                summary.skip(e);
                if (summary.skippedRows() > options.maxErrors()) {
                    throw new BadInputException(e.getMessage()
                            + (options.maxErrors() == 0
                                    ? " (--max-errors 0: the first bad row stops the run)"
                                    : " (more than --max-errors " + options.maxErrors() + " bad rows)"));
                }
                if (++read % PROGRESS_EVERY == 0) {
                    progress.report(read, expected, System.nanoTime() - start);
                }
                continue;
            }
            if (row == null) {
                break;
            }
            ScoredRow scored = decide(row);
            sink.write(scored);
            summary.add(scored);
            if (++read % PROGRESS_EVERY == 0) {
                progress.report(read, expected, System.nanoTime() - start);
            }
        }
        summary.finish(System.nanoTime() - start);
        return summary;
    }

    private ScoredRow decide(PaymentRow row) {
        Decision decision = service.score(row.application(), row.childPseudonym());
        // the profile policy's amount limit (the service lowered the action to extra questions, which a
        // payment run cannot ask), or this run's own
        boolean limited = decision.belowAmountLimit()
                || (decision.action().opensCase()
                        && !decision.randomControl()
                        && row.application().amountSek() < options.minAmountSek());
        return new ScoredRow(row, decision, limited ? Action.PASS : decision.action(), limited);
    }
}
