/**
 * The claims history's data model: one record type per table of the history that training reads
 * (persons, households and addresses, children and childcare attendance, employers and monthly
 * employer declarations, assistance providers and timesheets, applications, decisions, payments,
 * bank accounts, change reports, notifications, controls, investigations, recovery claims).
 * docs/data.md documents every table and column. Amounts are in SEK, dates are calendar days.
 *
 * <p>Payments carry the ground-truth layer of generated data ({@code incorrect}, mechanism, cause,
 * intentional, incorrect amount); controls, investigations and the {@code detected} fields carry the
 * observed layer an agency would really have.
 */
package org.korrekt.features.history;
