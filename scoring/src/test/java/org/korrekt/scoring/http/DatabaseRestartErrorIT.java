package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.db.TestDirectories;

/**
 * A session that PostgreSQL ends, as a restart ends every session, fails with SQLSTATE 57P01; the
 * service answers that 503, worth a retry, not 500 (a payment run's client stops at a 500).
 */
class DatabaseRestartErrorIT {

    @Test
    void aSessionTheServerEndsIsUnavailableNotABug() throws Exception {
        Path work = TestDirectories.fresh("database-restart-error");
        try (Database database = Database.open(DatabaseConfig.embedded(work));
                Connection ended = database.dataSource().getConnection();
                Connection admin = database.dataSource().getConnection()) {
            int pid;
            try (PreparedStatement query = ended.prepareStatement("SELECT pg_backend_pid()");
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                pid = rows.getInt(1);
            }
            try (PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                terminate.setInt(1, pid);
                terminate.execute();
            }

            SQLException failure = catchThrowableOfType(SQLException.class, () -> {
                try (PreparedStatement query = ended.prepareStatement("SELECT 1")) {
                    query.execute();
                }
            });

            assertThat((Object) failure).isNotNull();
            assertThat(failure.getSQLState()).isEqualTo("57P01");
            assertThat(ScoringVerticle.isUnavailable(failure)).isTrue();
            // a bug stays a bug
            assertThat(ScoringVerticle.isUnavailable(new SQLException("syntax", "42601")))
                    .isFalse();
        }
    }
}
