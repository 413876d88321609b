package org.korrekt.scoring.record;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.korrekt.scoring.DecisionPolicy;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.model.ModelRegistry;

/**
 * The durable record of every change of a profile's champion or shadow made through the model
 * routes: the {@code model_change} table, which refuses {@code UPDATE}, {@code DELETE} and {@code
 * TRUNCATE}. A change's row is inserted before the change takes effect and committed after it has
 * ({@link ModelRegistry.ChangeLog}), so there is a row for every change made and none for a change
 * that failed. While the database is unavailable, no change can be made. Thread-safe.
 */
public final class ModelChanges {

    private static final String INSERT = """
            INSERT INTO model_change (profile, action, subject, champion_before, champion, previous, shadow_before,
                shadow, policy_basis, thresholds, gate, gate_override, signatures_checked, policy_source, policy_sha256,
                questions)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?)
            """;

    private static final String RECENT = """
            SELECT change_id, changed_at, profile, action, subject, champion_before, champion, previous, shadow_before,
                shadow, policy_basis, thresholds::text
            FROM model_change WHERE profile = ? ORDER BY change_id DESC LIMIT ?
            """;

    /**
     * One recorded change.
     *
     * @param id the row's id, rising with time
     * @param at when the row was written, just before the change took effect
     * @param profile the profile changed
     * @param action {@code START}, {@code ACTIVATE}, {@code ROLLBACK}, {@code SHADOW} or {@code STOP_SHADOW}
     * @param subject the token's subject that asked for it; for a start, the instance
     * @param championBefore the champion before the change
     * @param champion the champion after it
     * @param previous the version to roll back to after it, or null
     * @param shadowBefore the shadow before it, or null
     * @param shadow the shadow after it, or null
     * @param policyBasis where the champion's thresholds came from after it
     * @param thresholds the champion's thresholds after it, as JSON
     */
    public record Change(
            long id,
            Instant at,
            String profile,
            String action,
            String subject,
            String championBefore,
            String champion,
            String previous,
            String shadowBefore,
            String shadow,
            String policyBasis,
            String thresholds) {}

    private final DataSource dataSource;

    public ModelChanges(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The log that records the changes {@code subject} (a token's subject) asks for. */
    public ModelRegistry.ChangeLog by(String subject) {
        Objects.requireNonNull(subject, "subject");
        return (action, current, next) -> begin(subject, action, current, next);
    }

    /**
     * Records that an instance started serving {@code state}: a {@code START} row, whose subject
     * names the instance, so that what decided from then is on record whatever chose it (the
     * champion file, the newest bundle, a policy file edited before the start).
     *
     * @throws SQLException if the database fails
     */
    public void started(ModelRegistry.State state, String instance) throws SQLException {
        try (ModelRegistry.ChangeLog.Pending pending = begin(instance, "START", state, state)) {
            pending.commit();
        } catch (BundleException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
        }
    }

    /**
     * The newest changes of {@code profile}, newest first.
     *
     * @throws SQLException if the database fails
     */
    public List<Change> recent(String profile, int limit) throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(RECENT)) {
            select.setString(1, profile);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    changes.add(new Change(
                            rows.getLong(1),
                            rows.getTimestamp(2).toInstant(),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            rows.getString(7),
                            rows.getString(8),
                            rows.getString(9),
                            rows.getString(10),
                            rows.getString(11),
                            rows.getString(12)));
                }
            }
        }
        return changes;
    }

    private ModelRegistry.ChangeLog.Pending begin(
            String subject, String action, ModelRegistry.State current, ModelRegistry.State next)
            throws BundleException {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            DecisionPolicy policy = next.champion().policy();
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setString(1, next.champion().profile());
                insert.setString(2, action);
                insert.setString(3, subject);
                insert.setString(4, current.champion().version());
                insert.setString(5, next.champion().version());
                insert.setString(6, version(next.previous()));
                insert.setString(7, version(current.shadow()));
                insert.setString(8, version(next.shadow()));
                insert.setString(9, policy.basis());
                insert.setString(
                        10,
                        new JsonObject()
                                .put("extraQuestions", policy.extraQuestions())
                                .put("manualCheck", policy.manualCheck())
                                .put("holdPayment", policy.holdPayment())
                                .put("randomControlShare", policy.randomControlShare())
                                .put("minCaseAmountSek", policy.minCaseAmountSek())
                                .encode());
                ModelBundle.Provenance made = next.champion().provenance();
                insert.setString(11, made.gate());
                insert.setString(
                        12,
                        made.override() == null
                                ? null
                                : new JsonObject()
                                        .put("by", made.override().by())
                                        .put("at", made.override().at().toString())
                                        .put("reason", made.override().reason())
                                        .put("bundleSha256", made.override().bundleSha256())
                                        .encode());
                if (made == ModelBundle.Provenance.UNKNOWN) {
                    insert.setNull(13, java.sql.Types.BOOLEAN);
                } else {
                    insert.setBoolean(13, made.signaturesChecked());
                }
                insert.setString(14, made.policySource());
                insert.setString(15, made.policySha256());
                insert.setArray(
                        16,
                        c.createArrayOf(
                                "text",
                                policy.questions().stream()
                                        .map(org.korrekt.scoring.Question::code)
                                        .toArray()));
                insert.executeUpdate();
            }
            return new Open(c);
        } catch (SQLException e) {
            abandon(c);
            throw new ModelRegistry.ChangeNotRecordedException(
                    "cannot record the change in the database (" + e.getMessage() + "); nothing changed", e);
        }
    }

    private static String version(ModelBundle bundle) {
        return bundle == null ? null : bundle.version();
    }

    private static void abandon(Connection c) {
        if (c == null) {
            return;
        }
        boolean rolledBack = false;
        try {
            c.rollback();
            rolledBack = true;
        } catch (SQLException ignored) {
            // closed below without committing: the pool rolls back or drops the connection
        }
        try {
            if (rolledBack) {
                // switching auto-commit on would commit a transaction still open
                c.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // a broken connection: the pool drops it
        } finally {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a broken connection: the pool drops it
            }
        }
    }

    /** A change's row, inserted and not yet committed. */
    private static final class Open implements ModelRegistry.ChangeLog.Pending {

        private final Connection connection;
        private boolean done;

        Open(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void commit() throws BundleException {
            try {
                connection.commit();
            } catch (SQLException e) {
                throw new ModelRegistry.ChangeNotRecordedException(
                        "cannot record the change in the database (" + e.getMessage() + "); it is undone", e);
            }
            done = true;
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // committed: a connection that fails afterwards changes nothing; the pool drops it
            } finally {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // as above
                }
            }
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                abandon(connection);
            }
        }
    }
}
