package org.korrekt.features.history;

import org.korrekt.features.Benefit;

/**
 * One fact of a person's history at the moment it becomes known ({@link #knownOn()}, see {@link
 * Known}): what {@link PersonHistoryStore} is fed with, from the history at start and from scored
 * applications and payments afterwards.
 */
public sealed interface HistoryEvent {

    /** The day the event becomes known; features scored on day {@code t} see it when this is {@code < t}. */
    int knownOn();

    /** Records the event in a store. */
    void applyTo(PersonHistoryStore store);

    /**
     * An event the history feed can take back: a payment, an employer declaration, a day of
     * attendance or a timesheet, facts that add up. A registration, a permit or a revocation is
     * corrected by the event that follows it instead.
     */
    sealed interface Withdrawable extends HistoryEvent
            permits PaymentMade, IncomeDeclared, ChildAttended, HoursReported {

        /**
         * Removes the event from a store, as if it had never been recorded; false when the store
         * holds no such event (never recorded, or overwritten or evicted since).
         */
        boolean withdrawFrom(PersonHistoryStore store);
    }

    /** An application; a VAB application also names the child. */
    record ClaimSubmitted(
            String applicationId,
            String person,
            Benefit benefit,
            int submitted,
            int periodStart,
            int claimedDays,
            String child)
            implements HistoryEvent {
        @Override
        public int knownOn() {
            return submitted;
        }

        @Override
        public void applyTo(PersonHistoryStore store) {
            store.recordClaim(applicationId, person, benefit, submitted, periodStart, claimedDays, child);
        }
    }

    /** A payment. */
    record PaymentMade(String person, Benefit benefit, int payDay, double amountSek) implements Withdrawable {
        @Override
        public int knownOn() {
            return payDay;
        }

        @Override
        public void applyTo(PersonHistoryStore store) {
            store.recordPayment(person, benefit, payDay, amountSek);
        }

        @Override
        public boolean withdrawFrom(PersonHistoryStore store) {
            return store.removePayment(person, benefit, payDay, amountSek);
        }
    }

    /** One employer's monthly declaration for one person. */
    record IncomeDeclared(
            String person, int month, double grossPaySek, int sickDays, int parentalLeaveDays, int vabDays)
            implements Withdrawable {
        @Override
        public int knownOn() {
            return Known.income(month);
        }

        @Override
        public void applyTo(PersonHistoryStore store) {
            store.recordIncome(person, month, grossPaySek, sickDays, parentalLeaveDays, vabDays);
        }

        @Override
        public boolean withdrawFrom(PersonHistoryStore store) {
            return store.removeIncome(person, month, grossPaySek, sickDays, parentalLeaveDays, vabDays);
        }
    }

    /** A day a child attended childcare. */
    record ChildAttended(String child, int day) implements Withdrawable {
        @Override
        public int knownOn() {
            return Known.attendance(day);
        }

        @Override
        public void applyTo(PersonHistoryStore store) {
            store.recordAttendance(child, day);
        }

        @Override
        public boolean withdrawFrom(PersonHistoryStore store) {
            return store.removeAttendance(child, day);
        }
    }

    /** Hours a personal assistant reported for a day of assistance to a user. */
    record HoursReported(String assistant, String user, int day, double hours) implements Withdrawable {
        @Override
        public int knownOn() {
            return Known.timesheet(day);
        }

        @Override
        public void applyTo(PersonHistoryStore store) {
            store.recordTimesheet(assistant, user, day, hours);
        }

        @Override
        public boolean withdrawFrom(PersonHistoryStore store) {
            return store.removeTimesheet(assistant, user, day, hours);
        }
    }

    /** IVO revoked an assistance provider's licence, known from that day. */
    record LicenceRevoked(String provider, int revokedOn) implements HistoryEvent {
        @Override
        public int knownOn() {
            return revokedOn;
        }

        @Override
        public void applyTo(PersonHistoryStore store) {
            store.recordLicenceRevoked(provider, revokedOn);
        }
    }

    /** A registration at an address begins. */
    record MovedIn(String person, String address, int from) implements HistoryEvent {
        @Override
        public int knownOn() {
            return from;
        }

        @Override
        public void applyTo(PersonHistoryStore store) {
            store.recordMoveIn(person, address, from);
        }
    }

    /** A registration at an address ends. */
    record MovedOut(String person, String address, int lastDay) implements HistoryEvent {
        @Override
        public int knownOn() {
            return Known.moveOut(lastDay);
        }

        @Override
        public void applyTo(PersonHistoryStore store) {
            store.recordMoveOut(person, address, lastDay);
        }
    }

    /** A temporary residence permit, known from the start. */
    record PermitIssued(String person, int validTo) implements HistoryEvent {
        @Override
        public int knownOn() {
            return Integer.MIN_VALUE;
        }

        @Override
        public void applyTo(PersonHistoryStore store) {
            store.recordPermit(person, validTo);
        }
    }

    /** A new permit takes effect. */
    record PermitRenewed(String person, int renewedOn) implements HistoryEvent {
        @Override
        public int knownOn() {
            return renewedOn;
        }

        @Override
        public void applyTo(PersonHistoryStore store) {
            store.recordPermitRenewal(person, renewedOn);
        }
    }
}
