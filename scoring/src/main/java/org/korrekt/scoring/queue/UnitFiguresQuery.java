package org.korrekt.scoring.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a unit's figures ({@link CaseStore#figures}) in one connection. */
final class UnitFiguresQuery {

    private UnitFiguresQuery() {}

    /**
     * @param capacity the unit's cases a day
     * @param today the day in {@code zone}
     * @param weeks how many ISO weeks, this one the last
     */
    static UnitFigures read(Connection connection, String unit, int capacity, LocalDate today, ZoneId zone, int weeks)
            throws SQLException {
        ZonedDateTime startOfDay = today.atStartOfDay(zone);
        LocalDate firstWeek =
                today.minusDays(today.getDayOfWeek().getValue() - 1L).minusWeeks(weeks - 1L);
        long releasedToday = 0;
        try (PreparedStatement q =
                connection.prepareStatement("SELECT released FROM unit_release WHERE unit = ? AND released_on = ?")) {
            q.setString(1, unit);
            q.setObject(2, today);
            try (ResultSet rows = q.executeQuery()) {
                if (rows.next()) {
                    releasedToday = rows.getLong(1);
                }
            }
        }
        Timestamp since = Timestamp.from(startOfDay.toInstant());
        long claimedToday = CaseStore.count(
                connection, "SELECT count(*) FROM queue_case WHERE unit = ? AND claimed_at >= ?", unit, since);
        long closedToday = CaseStore.count(
                connection,
                "SELECT count(*) FROM queue_case WHERE unit = ? AND status = 'CLOSED' AND closed_at >= ?",
                unit,
                since);
        long backlog = CaseStore.count(
                connection,
                "SELECT count(*) FROM queue_case WHERE unit = ? AND status = 'OPEN' AND released_on IS NULL",
                unit);
        long released = CaseStore.count(
                connection,
                "SELECT count(*) FROM queue_case WHERE unit = ? AND status = 'OPEN' AND released_on IS NOT NULL",
                unit);
        long claimed = CaseStore.count(
                connection, "SELECT count(*) FROM queue_case WHERE unit = ? AND status = 'CLAIMED'", unit);
        Map<LocalDate, UnitFigures.Week> byWeek = new LinkedHashMap<>();
        for (int w = 0; w < weeks; w++) {
            LocalDate from = firstWeek.plusWeeks(w);
            byWeek.put(from, new UnitFigures.Week(from, UnitFigures.Tally.EMPTY, UnitFigures.Tally.EMPTY));
        }
        try (PreparedStatement q = connection.prepareStatement("""
                SELECT date_trunc('week', o.recorded_at AT TIME ZONE ?)::date AS week, c.random_control,
                    count(*), count(*) FILTER (WHERE o.incorrect), coalesce(sum(o.incorrect_amount_sek), 0),
                    coalesce(sum(o.prevented_future_sek), 0)
                FROM case_outcome_current o JOIN queue_case c ON c.case_id = o.case_id
                WHERE c.unit = ? AND o.recorded_at >= ?
                GROUP BY 1, 2
                """)) {
            q.setString(1, zone.getId());
            q.setString(2, unit);
            q.setTimestamp(3, Timestamp.from(firstWeek.atStartOfDay(zone).toInstant()));
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    LocalDate from = rows.getObject(1, LocalDate.class);
                    UnitFigures.Week week = byWeek.get(from);
                    if (week == null) {
                        continue;
                    }
                    UnitFigures.Tally tally = new UnitFigures.Tally(
                            rows.getLong(3),
                            rows.getLong(4),
                            rows.getBigDecimal(5).doubleValue(),
                            rows.getBigDecimal(6).doubleValue());
                    byWeek.put(
                            from,
                            rows.getBoolean(2)
                                    ? new UnitFigures.Week(from, week.modelSelected(), tally)
                                    : new UnitFigures.Week(from, tally, week.randomControl()));
                }
            }
        }
        return new UnitFigures(
                unit,
                capacity,
                today,
                releasedToday,
                claimedToday,
                closedToday,
                backlog,
                released,
                claimed,
                new ArrayList<>(byWeek.values()));
    }
}
