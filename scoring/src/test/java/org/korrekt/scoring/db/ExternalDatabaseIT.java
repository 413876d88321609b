package org.korrekt.scoring.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code KORREKT_DB_URL} set, the service uses that server and starts no embedded one. The
 * "external" server here is a real PostgreSQL started on its own and reached only by URL, user and
 * password.
 */
class ExternalDatabaseIT {

    @Test
    void usesTheServerNamedByTheEnvironmentAndMigratesIt() throws Exception {
        Path work = TestDirectories.fresh("external");
        try (EmbeddedPostgres server =
                EmbeddedPostgres.start(work.resolve("server"), work.resolve("postgres-binaries"))) {
            Map<String, String> env = Map.of(
                    DatabaseConfig.ENV_URL, server.jdbcUrl("postgres"),
                    DatabaseConfig.ENV_USER, EmbeddedPostgres.SUPERUSER,
                    DatabaseConfig.ENV_PASSWORD, server.password());
            DatabaseConfig config = DatabaseConfig.fromEnvironment(env, work.resolve("unused"));
            assertThat(config.isEmbedded()).isFalse();

            try (Database database = Database.open(config);
                    Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet tables = statement.executeQuery(
                            "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('decision', 'queue_case')")) {
                assertThat(database.description()).isEqualTo("PostgreSQL at " + server.jdbcUrl("postgres"));
                tables.next();
                assertThat(tables.getInt(1)).isEqualTo(2);
            }
            assertThat(work.resolve("unused").resolve("postgres")).doesNotExist();
        }
    }

    @Test
    void readsThePasswordFromTheFileTheEnvironmentNames() throws Exception {
        Path work = TestDirectories.fresh("external-password-file");
        try (EmbeddedPostgres server =
                EmbeddedPostgres.start(work.resolve("server"), work.resolve("postgres-binaries"))) {
            // a mounted secret: the password and a line ending
            Path secret = java.nio.file.Files.writeString(work.resolve("db-password"), server.password() + "\n");
            Map<String, String> env = Map.of(
                    DatabaseConfig.ENV_URL, server.jdbcUrl("postgres"),
                    DatabaseConfig.ENV_USER, EmbeddedPostgres.SUPERUSER,
                    DatabaseConfig.ENV_PASSWORD_FILE, secret.toString());
            try (Database database = Database.open(DatabaseConfig.fromEnvironment(env, work.resolve("unused")));
                    Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet one = statement.executeQuery("SELECT 1")) {
                assertThat(one.next()).isTrue();
            }

            Map<String, String> both = new java.util.HashMap<>(env);
            both.put(DatabaseConfig.ENV_PASSWORD, server.password());
            assertThatThrownBy(() -> DatabaseConfig.fromEnvironment(both, work))
                    .hasMessage("set KORREKT_DB_PASSWORD or KORREKT_DB_PASSWORD_FILE, not both");
            Map<String, String> missing = new java.util.HashMap<>(env);
            missing.put(
                    DatabaseConfig.ENV_PASSWORD_FILE,
                    work.resolve("no-such-file").toString());
            assertThatThrownBy(() -> DatabaseConfig.fromEnvironment(missing, work))
                    .hasMessage("KORREKT_DB_PASSWORD_FILE names " + work.resolve("no-such-file")
                            + ", which cannot be read (no such file)");
            java.nio.file.Files.writeString(secret, "\n");
            assertThatThrownBy(() -> DatabaseConfig.fromEnvironment(env, work))
                    .hasMessage("KORREKT_DB_PASSWORD_FILE names " + secret + ", whose first line is empty");
        }
    }

    @Test
    void refusesAUrlThatIsNotPostgres() {
        assertThatThrownBy(() -> DatabaseConfig.fromEnvironment(
                        Map.of(DatabaseConfig.ENV_URL, "jdbc:mysql://localhost/x"), Path.of("work")))
                .hasMessage("KORREKT_DB_URL must be a jdbc:postgresql: URL, was jdbc:mysql://localhost/x");
    }
}
