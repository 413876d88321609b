package org.korrekt.scoring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.db.EmbeddedPostgres;
import org.korrekt.scoring.db.TestDirectories;
import picocli.CommandLine;

/**
 * {@code korrekt migrate} brings a database to this version's schema and stops: every migration on
 * an empty one, none on one already there; on an external server (a real PostgreSQL reached by URL)
 * as on the embedded one.
 */
class MigrateCommandIT {

    private record Run(int exit, String out, String err) {}

    private static Run migrate(Map<String, String> env, String... args) {
        MigrateCommand command = new MigrateCommand();
        command.env = env;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line =
                new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exit = line.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void migratesAnEmptyDatabaseOnceThenFindsNothingToDo() throws Exception {
        Path work = TestDirectories.fresh("migrate");
        try (EmbeddedPostgres server =
                EmbeddedPostgres.start(work.resolve("server"), work.resolve("postgres-binaries"))) {
            Map<String, String> env = Map.of(
                    DatabaseConfig.ENV_URL, server.jdbcUrl("postgres"),
                    DatabaseConfig.ENV_USER, EmbeddedPostgres.SUPERUSER,
                    DatabaseConfig.ENV_PASSWORD, server.password());
            String latest = latestVersion();

            Run first = migrate(env, "--work-dir", work.resolve("unused").toString());
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out())
                    .isEqualTo("PostgreSQL at " + server.jdbcUrl("postgres") + ": schema version " + latest + ", "
                            + latest + " migrations applied now (it was empty)\n");

            Run second = migrate(env, "--work-dir", work.resolve("unused").toString());
            assertThat(second.exit()).isZero();
            assertThat(second.out())
                    .endsWith(": schema version " + latest + ", 0 migrations applied now (it was at" + " version "
                            + latest + ")\n");
            try (Database database = Database.openForReading(DatabaseConfig.fromEnvironment(env, work));
                    Connection c = database.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT count(*) FROM decision")) {
                rows.next();
                assertThat(rows.getLong(1)).isZero();
            }
            assertThat(work.resolve("unused")).doesNotExist();
        }

        Run refused = migrate(Map.of(DatabaseConfig.ENV_URL, "jdbc:mysql://localhost/x"));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err())
                .isEqualTo(
                        "korrekt migrate: KORREKT_DB_URL must be a jdbc:postgresql: URL, was jdbc:mysql://localhost/x\n");
    }

    /** The number of the newest migration this build holds (V1 to Vn). */
    private static String latestVersion() throws Exception {
        Path folder = Path.of("src/main/resources/db/migration");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
            return Integer.toString(files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V[0-9]+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max()
                    .orElseThrow());
        }
    }
}
