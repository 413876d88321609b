package org.korrekt.paymentrun.io;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.identity.PersonalIdentityNumber;
import org.korrekt.features.identity.Pseudonymizer;
import org.korrekt.paymentrun.InputColumn;
import org.korrekt.paymentrun.PaymentRow;
import org.korrekt.paymentrun.RowException;
import org.korrekt.scoring.api.ApplicationRequestDecoder;

/**
 * Turns a {@link RawRow} into a {@link PaymentRow}, checking each value with the bounds {@code
 * POST /v1/score} checks ({@link ApplicationRequestDecoder}): ids of letters, digits and {@code . _
 * : -}; a person pseudonym of the service's form, or an identity number pseudonymised here; known
 * benefit and channel codes; dates from 2000-01-01 to 2100-12-31; a period of 1 to 366 days; claimed
 * days within it; amounts and income within range; submitted no later than tomorrow and within the
 * bounds around the period. An application id that an earlier valid row of the run had is a bad
 * row too, as a repeat in a {@code POST /v1/score/batch} is: the run decides an application once
 * (scoring it again would hold or check its SEK twice, and a payment table joined twice is the
 * usual cause). Errors name the column, never an identity number. One decoder per run: it remembers
 * the run's application ids, so it is not thread-safe.
 */
final class RowDecoder {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]+");
    private static final LocalDate LATEST_DATE = LocalDate.of(2100, 12, 31);

    private final Set<InputColumn> present;
    private final Pseudonymizer pseudonymizer;
    private final LocalDate latestSubmission;
    /** The row each application id of the run was first decoded in: 120 to 150 bytes an id. */
    private final Map<String, Long> firstRow = new HashMap<>();

    /**
     * @param present the columns the file has (checked with {@link InputColumn#checkLayout})
     * @param pseudonymizer pseudonymises raw identity numbers; may be null when the file has none
     * @param latestSubmission the latest accepted submission day (tomorrow)
     */
    RowDecoder(Set<InputColumn> present, Pseudonymizer pseudonymizer, LocalDate latestSubmission) {
        this.present = present.isEmpty() ? EnumSet.noneOf(InputColumn.class) : EnumSet.copyOf(present);
        if (pseudonymizer == null && InputColumn.hasRawIdentities(present)) {
            throw new IllegalArgumentException("a file with identity numbers needs a pseudonymizer");
        }
        this.pseudonymizer = pseudonymizer;
        this.latestSubmission = latestSubmission;
    }

    /** The checked row. */
    PaymentRow decode(RawRow r) throws RowException {
        String id = id(
                r,
                InputColumn.APPLICATION_ID,
                require(r, InputColumn.APPLICATION_ID, r.string(InputColumn.APPLICATION_ID)));
        String person = person(r);
        String benefitCode = require(r, InputColumn.BENEFIT, r.string(InputColumn.BENEFIT));
        Benefit benefit = Benefit.fromCode(benefitCode);
        if (benefit == null) {
            throw r.error(
                    InputColumn.BENEFIT,
                    "unknown benefit '" + PersonalIdentityNumber.quotable(benefitCode) + "'; known: "
                            + Benefit.codes());
        }
        String channelCode = require(r, InputColumn.CHANNEL, r.string(InputColumn.CHANNEL));
        Channel channel = Channel.fromCode(channelCode);
        if (channel == null) {
            throw r.error(
                    InputColumn.CHANNEL,
                    "unknown channel '" + PersonalIdentityNumber.quotable(channelCode)
                            + "'; known: e-service, paper, automatic");
        }
        LocalDate submitted = date(r, InputColumn.SUBMITTED_ON, true);
        LocalDate start = date(r, InputColumn.PERIOD_START, true);
        LocalDate end = date(r, InputColumn.PERIOD_END, true);
        int days = require(r, InputColumn.CLAIMED_DAYS, r.integer(InputColumn.CLAIMED_DAYS));
        double amount = require(r, InputColumn.AMOUNT_SEK, r.number(InputColumn.AMOUNT_SEK));
        double income =
                require(r, InputColumn.DECLARED_MONTHLY_INCOME_SEK, r.number(InputColumn.DECLARED_MONTHLY_INCOME_SEK));
        long periodDays = ChronoUnit.DAYS.between(start, end) + 1;
        if (periodDays < 1) {
            throw r.error(InputColumn.PERIOD_END, "must not be before period_start");
        }
        if (periodDays > Application.MAX_PERIOD_DAYS) {
            throw r.error(
                    InputColumn.PERIOD_END,
                    "the period may be at most " + Application.MAX_PERIOD_DAYS + " days, was " + periodDays);
        }
        if (days < 0 || days > periodDays) {
            throw r.error(
                    InputColumn.CLAIMED_DAYS,
                    "must be between 0 and the period's " + periodDays + " days, was " + days);
        }
        if (!(amount >= 0 && amount <= Application.MAX_AMOUNT_SEK)) {
            throw r.error(
                    InputColumn.AMOUNT_SEK,
                    "must be between 0 and " + (long) Application.MAX_AMOUNT_SEK + " SEK, was " + amount);
        }
        if (!(income >= 0 && income <= Application.MAX_MONTHLY_INCOME_SEK)) {
            throw r.error(
                    InputColumn.DECLARED_MONTHLY_INCOME_SEK,
                    "must be between 0 and " + (long) Application.MAX_MONTHLY_INCOME_SEK + " SEK, was " + income);
        }
        if (submitted.isAfter(latestSubmission)) {
            throw r.error(InputColumn.SUBMITTED_ON, "must not be later than tomorrow, was " + submitted);
        }
        long lag = ChronoUnit.DAYS.between(end, submitted);
        if (lag > Application.MAX_DAYS_LATE) {
            throw r.error(
                    InputColumn.SUBMITTED_ON,
                    "must be at most " + Application.MAX_DAYS_LATE + " days after the period, was " + lag);
        }
        if (ChronoUnit.DAYS.between(submitted, start) > Application.MAX_DAYS_IN_ADVANCE) {
            throw r.error(
                    InputColumn.SUBMITTED_ON,
                    "must be at most " + Application.MAX_DAYS_IN_ADVANCE + " days before the period starts");
        }
        String child = child(r);
        String paymentId = present.contains(InputColumn.PAYMENT_ID) ? r.string(InputColumn.PAYMENT_ID) : null;
        if (paymentId != null) {
            id(r, InputColumn.PAYMENT_ID, paymentId);
        }
        LocalDate payDate = present.contains(InputColumn.PAY_DATE) ? date(r, InputColumn.PAY_DATE, false) : null;
        String provider = present.contains(InputColumn.PROVIDER_ID) ? r.string(InputColumn.PROVIDER_ID) : null;
        Double granted = present.contains(InputColumn.GRANTED_HOURS) ? r.number(InputColumn.GRANTED_HOURS) : null;
        if (benefit != Benefit.ASS && (provider != null || granted != null)) {
            throw r.error(
                    provider != null ? InputColumn.PROVIDER_ID : InputColumn.GRANTED_HOURS,
                    "is for assistance allowance (benefit 'ass') only");
        }
        if (provider != null) {
            id(r, InputColumn.PROVIDER_ID, provider);
        }
        if (granted != null && !(granted > 0 && granted <= Application.MAX_GRANTED_HOURS_PER_MONTH)) {
            throw r.error(
                    InputColumn.GRANTED_HOURS,
                    "must be above 0 and at most " + (int) Application.MAX_GRANTED_HOURS_PER_MONTH + ", was "
                            + granted);
        }
        Application application = new Application(
                id,
                person,
                benefit,
                channel,
                submitted,
                start,
                end,
                days,
                Application.toOre(amount),
                Application.toOre(income),
                provider,
                granted == null ? Double.NaN : granted);
        // last, so that a bad row does not take its id from a later, valid one
        Long first = firstRow.putIfAbsent(id, r.row());
        if (first != null) {
            throw r.error(
                    InputColumn.APPLICATION_ID,
                    "application " + id + " is also row " + first + ", where it is scored; a run holds an application"
                            + " once (a payment table joined twice?)");
        }
        return new PaymentRow(r.row(), application, child, paymentId, payDate);
    }

    private String person(RawRow r) throws RowException {
        if (present.contains(InputColumn.PERSONAL_IDENTITY_NUMBER)) {
            return pseudonym(
                    r,
                    InputColumn.PERSONAL_IDENTITY_NUMBER,
                    require(r, InputColumn.PERSONAL_IDENTITY_NUMBER, r.string(InputColumn.PERSONAL_IDENTITY_NUMBER)));
        }
        String pseudonym = require(r, InputColumn.PERSON_ID, r.string(InputColumn.PERSON_ID));
        if (!Pseudonymizer.isPseudonym(pseudonym)) {
            throw r.error(InputColumn.PERSON_ID, "must be 'p-' followed by 32 lower-case hex digits");
        }
        return pseudonym;
    }

    private String child(RawRow r) throws RowException {
        if (present.contains(InputColumn.CHILD_PERSONAL_IDENTITY_NUMBER)) {
            String number = r.string(InputColumn.CHILD_PERSONAL_IDENTITY_NUMBER);
            return number == null ? null : pseudonym(r, InputColumn.CHILD_PERSONAL_IDENTITY_NUMBER, number);
        }
        if (present.contains(InputColumn.CHILD_ID)) {
            String child = r.string(InputColumn.CHILD_ID);
            return child == null ? null : id(r, InputColumn.CHILD_ID, child);
        }
        return null;
    }

    private String pseudonym(RawRow r, InputColumn column, String number) throws RowException {
        try {
            return pseudonymizer.pseudonymize(number);
        } catch (IllegalArgumentException e) {
            // The message says what is wrong with the number, never the number itself.
            throw r.error(column, e.getMessage());
        }
    }

    private static String id(RawRow r, InputColumn column, String id) throws RowException {
        if (id.isEmpty() || id.length() > Application.MAX_ID_LENGTH) {
            throw r.error(column, "must have 1 to " + Application.MAX_ID_LENGTH + " characters, had " + id.length());
        }
        if (!ID.matcher(id).matches()) {
            throw r.error(column, "may hold only letters A-Z, digits and . _ : -");
        }
        // ids are written to the output, where raw identity numbers never are (a child's pseudonym's hex is not one)
        boolean pseudonym = column == InputColumn.CHILD_ID && Pseudonymizer.isPseudonym(id);
        if (!pseudonym && PersonalIdentityNumber.occursIn(id)) {
            throw r.error(
                    column,
                    "holds a personal identity number; ids are written to the output, so they must not name a"
                            + " person (give the number in its own column, which is pseudonymised)");
        }
        return id;
    }

    private static LocalDate date(RawRow r, InputColumn column, boolean required) throws RowException {
        LocalDate date = r.date(column);
        if (date == null) {
            return required ? require(r, column, null) : null;
        }
        if (date.isBefore(ApplicationRequestDecoder.EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
            throw r.error(
                    column,
                    "must be a date from " + ApplicationRequestDecoder.EARLIEST_DATE + " to " + LATEST_DATE + ", was "
                            + date);
        }
        return date;
    }

    private static <T> T require(RawRow r, InputColumn column, T value) throws RowException {
        if (value == null) {
            throw r.error(column, "is empty; a value is required");
        }
        return value;
    }
}
