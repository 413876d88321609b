package org.korrekt.paymentrun;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.korrekt.features.Benefit;
import org.korrekt.scoring.Action;

/**
 * What a payment run did: rows scored and skipped, actions by benefit, random-control rows, and
 * the SEK held or sent to a manual check. Sums of money are kept in whole öre, so they are exact.
 * Filled by {@link PaymentRunScorer}; not thread-safe.
 */
public final class RunSummary {

    private static final Action[] ACTIONS = Action.values();

    private final Map<Benefit, long[]> actionsByBenefit = new EnumMap<>(Benefit.class);
    private final long[] actions = new long[ACTIONS.length];
    private final long[] oreByAction = new long[ACTIONS.length];
    private final List<String> skipped = new ArrayList<>();
    private long scored;
    private long randomControl;
    private long amountLimited;
    private long amountLimitedOre;
    private long elapsedNanos;

    /** Counts one scored row. */
    void add(ScoredRow row) {
        int action = row.action().ordinal();
        actionsByBenefit
                .computeIfAbsent(row.decision().application().benefit(), b -> new long[ACTIONS.length])[action]++;
        actions[action]++;
        long ore = OutputColumn.ore(row.decision().application().amountSek());
        oreByAction[action] += ore;
        if (row.decision().randomControl()) {
            randomControl++;
        }
        if (row.amountLimitApplied()) {
            amountLimited++;
            amountLimitedOre += ore;
        }
        scored++;
    }

    /** Counts and lists one skipped row. */
    void skip(RowException e) {
        skipped.add(e.getMessage());
    }

    /** Sets the time spent reading, scoring and writing. */
    void finish(long elapsedNanos) {
        this.elapsedNanos = elapsedNanos;
    }

    /** Rows scored and written. */
    public long scoredRows() {
        return scored;
    }

    /** Bad rows skipped. */
    public long skippedRows() {
        return skipped.size();
    }

    /** Each skipped row's error, naming its row and column, in file order. */
    public List<String> skipped() {
        return Collections.unmodifiableList(skipped);
    }

    /** Rows with {@code action}, after the amount limit. */
    public long rows(Action action) {
        return actions[action.ordinal()];
    }

    /** Rows of {@code benefit} with {@code action}, after the amount limit. */
    public long rows(Benefit benefit, Action action) {
        long[] counts = actionsByBenefit.get(benefit);
        return counts == null ? 0 : counts[action.ordinal()];
    }

    /** Rows drawn for the random control sample. */
    public long randomControlRows() {
        return randomControl;
    }

    /** Rows whose manual check or hold the amount limit turned into PASS. */
    public long amountLimitedRows() {
        return amountLimited;
    }

    /** The amount of the rows with {@code action}, in öre. */
    public long ore(Action action) {
        return oreByAction[action.ordinal()];
    }

    /** SEK held: the amounts of the rows whose action is HOLD_PAYMENT. */
    public double heldSek() {
        return ore(Action.HOLD_PAYMENT) / 100.0;
    }

    /** SEK sent to a manual check: the amounts of the rows whose action is MANUAL_CHECK. */
    public double manualCheckSek() {
        return ore(Action.MANUAL_CHECK) / 100.0;
    }

    /** SEK of the rows the amount limit passed. */
    public double amountLimitedSek() {
        return amountLimitedOre / 100.0;
    }

    /** Seconds spent reading, scoring and writing (not starting the JVM or loading the model and history). */
    public double seconds() {
        return elapsedNanos / 1e9;
    }

    /** Scored rows per second of {@link #seconds()}. */
    public double rowsPerSecond() {
        return elapsedNanos == 0 ? 0 : scored / seconds();
    }

    /** The summary as a few lines of text, for people. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "rows       %,d scored, %,d skipped, in %.1f s (%,.0f rows/s)%n",
                scored,
                skipped.size(),
                seconds(),
                rowsPerSecond()));
        out.append(String.format(Locale.ROOT, "%-10s", "benefit"));
        for (Action action : ACTIONS) {
            out.append(String.format(Locale.ROOT, " %16s", action.name()));
        }
        out.append(System.lineSeparator());
        for (Map.Entry<Benefit, long[]> e : actionsByBenefit.entrySet()) {
            line(out, e.getKey().code(), e.getValue());
        }
        line(out, "all", actions);
        out.append(String.format(Locale.ROOT, "random control rows   %,d%n", randomControl));
        out.append(String.format(
                Locale.ROOT,
                "SEK held              %,.2f (%,d HOLD_PAYMENT rows)%n",
                heldSek(),
                rows(Action.HOLD_PAYMENT)));
        out.append(String.format(
                Locale.ROOT,
                "SEK to manual check   %,.2f (%,d MANUAL_CHECK rows)%n",
                manualCheckSek(),
                rows(Action.MANUAL_CHECK)));
        if (amountLimited > 0) {
            out.append(String.format(
                    Locale.ROOT,
                    "amount limit          %,d checks or holds passed, %,.2f SEK%n",
                    amountLimited,
                    amountLimitedSek()));
        }
        if (!skipped.isEmpty()) {
            out.append(String.format(Locale.ROOT, "skipped rows (%,d):%n", skipped.size()));
            for (String error : skipped) {
                out.append("  ").append(error).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, long[] counts) {
        out.append(String.format(Locale.ROOT, "%-10s", label));
        for (long count : counts) {
            out.append(String.format(Locale.ROOT, " %,16d", count));
        }
        out.append(System.lineSeparator());
    }
}
