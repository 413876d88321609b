package org.korrekt.features.history;

/**
 * How much a {@link PersonHistoryStore} keeps: how many people, children, assistants and addresses,
 * and how many events of each kind per key. The store's memory is fixed by these numbers when it is
 * created (docs/operations.md gives the figures). The features look back at most 13 months, so the
 * per-key numbers need only cover that window for the people who claim the most.
 *
 * @param persons people who claim, are paid, earn or are registered at an address
 * @param children children whose attendance and VAB claims are kept
 * @param assistants personal assistants whose timesheets are kept
 * @param addresses addresses whose registrations are kept
 * @param claimsPerPerson applications per person (all benefits)
 * @param paymentsPerPerson payments per person (all benefits)
 * @param incomePerPerson monthly employer declarations per person (months times employers)
 * @param registrationsPerPerson the person's own address registrations
 * @param attendancePerChild days a child attended childcare
 * @param claimsPerChild VAB claims naming the child (by either parent)
 * @param timesheetsPerAssistant days an assistant reported hours
 * @param registrationsPerAddress registrations at one address
 * @param providers assistance providers whose licence revocations are kept
 * @param assistedMonthsPerPerson months of hours reported by a person's assistants (assistance users)
 */
public record HistoryLimits(
        int persons,
        int children,
        int assistants,
        int addresses,
        int claimsPerPerson,
        int paymentsPerPerson,
        int incomePerPerson,
        int registrationsPerPerson,
        int attendancePerChild,
        int claimsPerChild,
        int timesheetsPerAssistant,
        int registrationsPerAddress,
        int providers,
        int assistedMonthsPerPerson) {

    public HistoryLimits {
        int[] all = {
            persons,
            children,
            assistants,
            addresses,
            claimsPerPerson,
            paymentsPerPerson,
            incomePerPerson,
            registrationsPerPerson,
            attendancePerChild,
            claimsPerChild,
            timesheetsPerAssistant,
            registrationsPerAddress,
            providers,
            assistedMonthsPerPerson
        };
        for (int n : all) {
            if (n < 1) {
                throw new IllegalArgumentException("every history limit must be at least 1: " + this);
            }
        }
    }

    /**
     * Limits for a population of about {@code persons} people: a year and a month of events per
     * person, with room for those who claim every week.
     */
    public static HistoryLimits forPopulation(int persons) {
        int n = Math.max(16, persons);
        return new HistoryLimits(
                n, n, Math.max(16, n / 8), n, 96, 96, 48, 4, 260, 32, 400, 8, Math.max(1_024, n / 16), 16);
    }
}
