package org.korrekt.scoring.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.db.DatabaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code korrekt migrate}: brings the database's schema to this version's and stops, as every
 * start of the service does before it serves. It lets an operator migrate as the role that owns
 * the schema, then run the service as a role that does not (docs/operations.md, "An external
 * PostgreSQL"), without starting a service to do it.
 */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Migrate the database (KORREKT_DB_URL, or the working folder's embedded one) to this"
                + " version's schema, and stop.")
public final class MigrateCommand implements Callable<Integer> {

    @Option(
            names = "--work-dir",
            description = "The service's working folder, for the embedded database (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of("korrekt-data");

    @Spec
    CommandSpec spec;

    /** The environment the configuration is read from; tests replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DatabaseConfig config;
        try {
            config = DatabaseConfig.fromEnvironment(env, workDir);
        } catch (IllegalArgumentException e) {
            err.println("korrekt migrate: " + e.getMessage());
            return 2;
        }
        try (Database database = Database.open(config)) {
            Database.Migration m = database.migration();
            out.printf(
                    "%s: schema version %s, %d migration%s applied now (it was %s)%n",
                    database.description(),
                    m.to(),
                    m.applied(),
                    m.applied() == 1 ? "" : "s",
                    m.from() == null ? "empty" : "at version " + m.from());
            out.flush();
            return 0;
        } catch (com.zaxxer.hikari.pool.HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            err.println("korrekt migrate: cannot connect to the database: " + cause.getMessage());
            return 1;
        } catch (org.flywaydb.core.api.FlywayException e) {
            err.println("korrekt migrate: the schema cannot be brought to this version's: "
                    + e.getMessage().lines().findFirst().orElse("") + " (see docs/operations.md, \"Upgrades\")");
            return 1;
        }
    }
}
