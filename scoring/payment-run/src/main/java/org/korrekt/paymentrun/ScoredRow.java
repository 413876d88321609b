package org.korrekt.paymentrun;

import java.util.Objects;
import org.korrekt.scoring.Action;
import org.korrekt.scoring.Decision;

/**
 * A row with its decision.
 *
 * @param input the row as read
 * @param decision the scoring service's decision, unchanged
 * @param action the action the run takes: the decision's, or {@link Action#PASS} when the amount
 *     limit applied
 * @param amountLimitApplied whether a manual check or hold was dropped because the amount is below
 *     the profile policy's amount limit ({@link Decision#belowAmountLimit()}) or {@code
 *     --min-amount-sek} (see {@link ScoreOptions#minAmountSek()})
 */
public record ScoredRow(PaymentRow input, Decision decision, Action action, boolean amountLimitApplied) {

    public ScoredRow {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(action, "action");
        if (amountLimitApplied != (action != decision.action())) {
            throw new IllegalArgumentException("the action may differ from the decision's only when the amount limit"
                    + " applied; was " + action + " for " + decision.action());
        }
    }
}
