package org.korrekt.training.profile;

/**
 * What one row of a profile's table says about its payment and its check, read from the cells and
 * held to the rules every row must meet (docs/profiles.md, "What every row must hold").
 *
 * @param observed whether the row was investigated (always, without an {@code investigated} column)
 * @param positive whether the label column holds the positive value
 * @param labelKnown whether the row's label is known: an investigated row's always; another row's
 *     when its label cell holds a value (the ground truth of generated data), not when it is blank
 * @param amount the amount at stake, SEK: finite, 0 or more
 * @param incorrect the amount found incorrect, SEK: finite, 0 or more, and 0 on a row not labelled
 *     incorrect (the whole amount of an incorrect row without an {@code incorrectAmount} column)
 * @param randomControl whether the random control sample drew the row; such a row was investigated
 * @param propensity the recorded chance of selection of an investigated row, in (0, 1], with a
 *     recorded-propensity column; else NaN
 */
record RowOutcome(
        boolean observed,
        boolean positive,
        boolean labelKnown,
        double amount,
        double incorrect,
        boolean randomControl,
        double propensity) {

    /** Where the label is among the cells read: after the id and the time. */
    static final int LABEL_AT = 2;
    /** Where the amount at stake is among the cells read. */
    static final int AMOUNT_AT = 3;

    /**
     * Where the other outcome columns are among the cells read, -1 for a column the profile does
     * not have.
     *
     * @param propensityColumn the name of the recorded-propensity column, or null
     */
    record Layout(int incorrectAt, int investigatedAt, int randomAt, int propensityAt, String propensityColumn) {}

    /**
     * Reads the outcome of the row of id {@code id}.
     *
     * @throws IllegalArgumentException naming the row when a cell breaks a rule: an investigated row
     *     without a readable label, an amount or incorrect amount that is missing, negative or
     *     infinite, an incorrect amount on a correct row, a random-control row not investigated, or
     *     an investigated row without a recorded propensity in (0, 1]
     */
    static RowOutcome of(Object[] cells, Layout at, ProfileDefinition.Columns c, String id) {
        boolean observed = at.investigatedAt() < 0 || Cells.flag(cells[at.investigatedAt()], c.investigated());
        if (observed) {
            // an investigated row's outcome is what training learns; a blank or unknown one is not "correct"
            String unreadable = Cells.unreadableLabel(cells[LABEL_AT], c.positive(), c.label());
            if (unreadable != null) {
                throw new IllegalArgumentException("row " + id
                        + (at.investigatedAt() < 0 ? " " : " was investigated but ")
                        + unreadable
                        + (at.investigatedAt() < 0
                                ? "; without an \"investigated\" column every row must be labelled"
                                : ""));
            }
        }
        boolean positive = Cells.isPositive(cells[LABEL_AT], c.positive());
        boolean labelKnown = observed || Cells.unreadableLabel(cells[LABEL_AT], c.positive(), c.label()) == null;
        double amount = Cells.number(cells[AMOUNT_AT], c.amount());
        if (!(amount >= 0 && amount < Double.POSITIVE_INFINITY)) {
            // every row is ranked by score x amount, and the combiner weighs rows by it
            throw new IllegalArgumentException("row " + id + " has "
                    + (Double.isNaN(amount) ? "no amount" : "the amount " + amount) + " in column '" + c.amount()
                    + "'; every row needs a finite amount at stake of 0 or more");
        }
        double incorrect;
        if (at.incorrectAt() < 0) {
            incorrect = positive ? amount : 0;
        } else {
            double cell = Cells.number(cells[at.incorrectAt()], c.incorrectAmount());
            incorrect = Double.isNaN(cell) ? 0 : cell;
        }
        if (!(incorrect >= 0 && incorrect < Double.POSITIVE_INFINITY)) {
            // what the profiles are judged by: the incorrect SEK found at capacity
            throw new IllegalArgumentException("row " + id + " has the incorrect amount " + incorrect + " in column '"
                    + c.incorrectAmount() + "'; an incorrect amount is a finite number of 0 or more, or missing (0)");
        }
        if (incorrect > 0 && !positive) {
            throw new IllegalArgumentException("row " + id + " has the incorrect amount " + incorrect + " in column '"
                    + c.incorrectAmount() + "' but is not labelled incorrect ('" + c.label() + "' is not '"
                    + c.positive() + "'); a correct payment has no incorrect amount");
        }
        boolean random = at.randomAt() >= 0 && Cells.flag(cells[at.randomAt()], c.randomControl());
        if (random && !observed) {
            // the random control sample is what estimates the selection bias, so its cases must be checked
            throw new IllegalArgumentException("row " + id + " is in the random control sample ('"
                    + c.randomControl() + "') but was not investigated ('" + c.investigated()
                    + "'); a case the sample draws is checked whatever its score: mark it investigated"
                    + " with its outcome, or leave out the cases still open");
        }
        double propensity = Double.NaN;
        if (at.propensityAt() >= 0 && observed) {
            propensity = Cells.number(cells[at.propensityAt()], at.propensityColumn());
            if (!(propensity > 0 && propensity <= 1)) {
                throw new IllegalArgumentException("row " + id + " was investigated but its '"
                        + at.propensityColumn() + "' is " + (Double.isNaN(propensity) ? "missing" : propensity)
                        + "; weighting by the recorded propensity needs every investigated row's chance of"
                        + " selection, in (0, 1] (or \"weighting\": {\"method\": \"none\"})");
            }
        }
        return new RowOutcome(observed, positive, labelKnown, amount, incorrect, random, propensity);
    }
}
