package org.korrekt.paymentrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.Benefit;
import org.korrekt.paymentrun.PaymentRunFixtures.InputRow;
import org.korrekt.scoring.Action;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.ScoringService;

/** The scorer with in-memory rows: the amount limit and the summary's counts and sums. */
class PaymentRunScorerTest {

    private static final long ROWS_SEED = 99L;
    private static final long DRAW_SEED = 5L;
    private static final double SHARE = 0.1;
    private static final double LIMIT_SEK = 20_000;

    @TempDir
    Path dir;

    @Test
    void theAmountLimitPassesChecksAndHoldsBelowItButNeverARandomControlRow() throws Exception {
        Path models = dir.resolve("models");
        PaymentRunFixtures.writeBundle(models);
        List<InputRow> rows = PaymentRunFixtures.rows(ROWS_SEED, 3_000);
        System.out.println("PaymentRunScorerTest: rows seed " + ROWS_SEED + ", draw seed " + DRAW_SEED);
        List<Decision> reference = new ArrayList<>();
        ScoringService referenceService = service(models);
        for (InputRow row : rows) {
            reference.add(referenceService.score(PaymentRunFixtures.application(row, row.person()), row.child()));
        }
        ListSink sink = new ListSink();

        RunSummary summary = new PaymentRunScorer(service(models), new ScoreOptions(0, LIMIT_SEK))
                .run(new ListSource(rows), sink, (read, expected, nanos) -> {});

        List<ScoredRow> written = sink.rows;
        assertThat(written).hasSize(rows.size());
        long limited = 0;
        long limitedOre = 0;
        long[] actions = new long[Action.values().length];
        long heldOre = 0;
        long manualOre = 0;
        for (int i = 0; i < rows.size(); i++) {
            Decision d = reference.get(i);
            ScoredRow row = written.get(i);
            assertThat(row.decision().score()).isEqualTo(d.score());
            assertThat(row.decision().action()).isEqualTo(d.action());
            assertThat(row.decision().randomControl()).isEqualTo(d.randomControl());
            boolean below = rows.get(i).amountSek() < LIMIT_SEK;
            boolean expectLimit = below && d.action().opensCase() && !d.randomControl();
            assertThat(row.amountLimitApplied()).as("row " + (i + 1)).isEqualTo(expectLimit);
            assertThat(row.action()).isEqualTo(expectLimit ? Action.PASS : d.action());
            long ore = Math.round(rows.get(i).amountSek() * 100);
            if (expectLimit) {
                limited++;
                limitedOre += ore;
            }
            actions[row.action().ordinal()]++;
            heldOre += row.action() == Action.HOLD_PAYMENT ? ore : 0;
            manualOre += row.action() == Action.MANUAL_CHECK ? ore : 0;
        }
        assertThat(limited).isPositive();
        assertThat(written.stream()
                        .filter(r -> r.decision().randomControl()
                                && r.input().application().amountSek() < LIMIT_SEK))
                .isNotEmpty()
                .allMatch(r -> r.action() == Action.MANUAL_CHECK || r.action() == Action.HOLD_PAYMENT);
        assertThat(summary.scoredRows()).isEqualTo(rows.size());
        assertThat(summary.amountLimitedRows()).isEqualTo(limited);
        assertThat(summary.amountLimitedSek()).isEqualTo(limitedOre / 100.0);
        assertThat(summary.heldSek()).isEqualTo(heldOre / 100.0);
        assertThat(summary.manualCheckSek()).isEqualTo(manualOre / 100.0);
        for (Action action : Action.values()) {
            assertThat(summary.rows(action)).as(action.name()).isEqualTo(actions[action.ordinal()]);
            long byBenefit = 0;
            for (Benefit benefit : Benefit.values()) {
                long expected = written.stream()
                        .filter(r -> r.action() == action
                                && r.decision().application().benefit() == benefit)
                        .count();
                assertThat(summary.rows(benefit, action)).isEqualTo(expected);
                byBenefit += expected;
            }
            assertThat(byBenefit).isEqualTo(actions[action.ordinal()]);
        }
        assertThat(summary.randomControlRows())
                .isEqualTo(reference.stream().filter(Decision::randomControl).count());
        assertThat(summary.render()).contains("amount limit          " + String.format(Locale.ROOT, "%,d", limited));
    }

    private static ScoringService service(Path models) throws Exception {
        return ServedProfile.load(models, PaymentRunFixtures.PROFILE, null, SHARE)
                .service(new SplittableRandom(DRAW_SEED)::nextDouble, Clock.systemUTC());
    }

    /** Keeps the rows written. */
    private static final class ListSink implements ScoredRowSink {
        final List<ScoredRow> rows = new ArrayList<>();

        @Override
        public void write(ScoredRow row) {
            rows.add(row);
        }

        @Override
        public void close() {}
    }

    /** The rows as a source, in order. */
    private static final class ListSource implements RowSource {
        private final Iterator<InputRow> rows;
        private final long size;
        private long row;

        ListSource(List<InputRow> rows) {
            this.rows = rows.iterator();
            this.size = rows.size();
        }

        @Override
        public PaymentRow next() {
            if (!rows.hasNext()) {
                return null;
            }
            InputRow r = rows.next();
            return new PaymentRow(
                    ++row, PaymentRunFixtures.application(r, r.person()), r.child(), r.paymentId(), r.payDate());
        }

        @Override
        public long expectedRows() {
            return size;
        }

        @Override
        public void close() {}
    }
}
