package org.korrekt.paymentrun.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.Checksums;
import org.korrekt.paymentrun.labels.LabelExporter;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.queue.QueueSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code korrekt export-labels}: the outcomes recorded or corrected since a day, joined with the decisions that
 * opened their cases, as a Parquet file for {@code korrekt train --profile labels}. Reads the
 * service's database: an external PostgreSQL from {@code KORREKT_DB_URL} (the service may run), or
 * the embedded one in the work folder (the service must be stopped: one process at a time).
 */
@Command(
        name = "export-labels",
        mixinStandardHelpOptions = true,
        description = {
            "Write investigators' outcomes (closed cases) recorded or corrected on or after --since, each as it"
                    + " counts now (a lead's newest correction), joined with the decision that opened its case (features as scored, model version, selection propensity, random-control"
                    + " flag), as Parquet for: korrekt train --profile labels --name PROFILE --data FILE.",
            "The database is the service's: KORREKT_DB_URL/_USER/_PASSWORD for an external PostgreSQL, else the"
                    + " embedded one in --work-dir (stop the service first)."
        })
public final class ExportLabelsCommand implements Callable<Integer> {

    @Option(names = "--since", required = true, description = "First day (yyyy-MM-dd) of outcomes to export.")
    LocalDate since;

    @Option(names = "--out", required = true, description = "The Parquet file to write.")
    Path out;

    @Option(
            names = "--work-dir",
            description = "The service's work folder, for the embedded database (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of("korrekt-data");

    @Override
    public Integer call() throws Exception {
        DatabaseConfig config;
        try {
            config = DatabaseConfig.fromEnvironment(System.getenv(), workDir);
        } catch (IllegalArgumentException e) {
            System.err.println("korrekt export-labels: " + e.getMessage());
            return ScoreCommand.BAD_INPUT;
        }
        try (Database database = Database.open(config)) {
            return export(database.dataSource());
        } catch (java.io.IOException e) {
            System.err.println("korrekt export-labels: " + e.getMessage());
            return ScoreCommand.BAD_INPUT;
        }
    }

    /** Exports from {@code dataSource}; the exit status. */
    int export(DataSource dataSource) throws Exception {
        QueueSettings settings = QueueSettings.defaults();
        List<String> fingerprints = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q =
                        c.prepareStatement("SELECT DISTINCT d.schema_fingerprint FROM case_outcome_current o"
                                + " JOIN queue_case k ON k.case_id = o.case_id"
                                + " JOIN decision d ON d.decision_id = k.first_decision_id"
                                + " WHERE o.recorded_at >= ? OR o.corrected_at >= ?")) {
            Timestamp from = Timestamp.from(since.atStartOfDay(settings.zone()).toInstant());
            q.setTimestamp(1, from);
            q.setTimestamp(2, from);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    fingerprints.add(rows.getString(1));
                }
            }
        }
        if (fingerprints.size() > 1) {
            System.err.println("korrekt export-labels: the outcomes since " + since + " label decisions scored with "
                    + fingerprints.size() + " feature schemas " + fingerprints
                    + "; export each period separately (choose --since after the change of schema)");
            return ScoreCommand.BAD_INPUT;
        }
        FeatureSchema schema = ClaimFeatures.SCHEMA;
        if (!fingerprints.isEmpty()) {
            schema = null;
            for (FeatureSchema known : List.of(ClaimFeatures.SCHEMA, ApplicationFeatures.SCHEMA_V1)) {
                if (known.fingerprint().equals(fingerprints.get(0))) {
                    schema = known;
                }
            }
            if (schema == null) {
                System.err.println("korrekt export-labels: the decisions were scored with feature schema "
                        + fingerprints.get(0) + ", which this version of korrekt does not know");
                return ScoreCommand.BAD_INPUT;
            }
        }
        long started = System.nanoTime();
        // written aside, recorded, then moved into place: no labels file without its record
        Path absolute = out.toAbsolutePath();
        Path pending = absolute.resolveSibling("." + absolute.getFileName() + ".pending");
        java.nio.file.Files.deleteIfExists(pending);
        LabelExporter.Summary summary;
        String sha256;
        long exportId;
        try {
            summary = LabelExporter.export(
                    dataSource,
                    since,
                    settings.zone(),
                    schema,
                    pending,
                    rows -> System.err.printf(Locale.ROOT, "  %,d rows written%n", rows));
            // on record: who exported what, so that a bundle trained on the file (its provenance names the
            // file's SHA-256) can be followed back to the outcomes
            sha256 = Checksums.sha256Hex(pending);
            try (Connection c = dataSource.getConnection();
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO label_export (exported_by, since, rows, incorrect, random_control,"
                                    + " feature_schema, file, file_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                    + " RETURNING export_id")) {
                insert.setString(1, System.getProperty("user.name", "unknown"));
                insert.setObject(2, since);
                insert.setLong(3, summary.rows());
                insert.setLong(4, summary.incorrect());
                insert.setLong(5, summary.randomControl());
                insert.setString(6, schema.name() + " v" + schema.version());
                insert.setString(7, absolute.toString());
                insert.setString(8, sha256);
                try (ResultSet id = insert.executeQuery()) {
                    id.next();
                    exportId = id.getLong(1);
                }
            }
            java.nio.file.Files.move(
                    pending,
                    absolute,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            java.nio.file.Files.deleteIfExists(pending);
        }
        System.out.printf(
                Locale.ROOT,
                "Exported %,d closed cases since %s to %s in %.1f s: %,d incorrect, %,d from the random control sample;"
                        + " features %s v%d; model versions %s%n",
                summary.rows(),
                since,
                out,
                (System.nanoTime() - started) / 1e9,
                summary.incorrect(),
                summary.randomControl(),
                schema.name(),
                schema.version(),
                summary.modelVersions());
        if (summary.rows() == 0) {
            System.out.println("No outcomes were recorded or corrected since " + since + "; the file has no rows.");
        }
        System.out.println("Recorded as label export " + exportId + " (SHA-256 " + sha256 + ")");
        return 0;
    }
}
