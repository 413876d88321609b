package org.korrekt.paymentrun.labels;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.korrekt.features.FeatureSchema;
import org.korrekt.paymentrun.io.PartialFile;

/**
 * Writes investigators' outcomes joined with the decision that opened each case as a Parquet file
 * that {@code korrekt train --profile labels} reads: one row per closed case, with the features as
 * scored, the model version, the selection propensity and the random-control flag. The features
 * are named by the feature schema the decisions were scored with; decisions scored with another
 * schema are refused (they cannot be labels for the same models). Written to a temporary file and
 * moved into place ({@link PartialFile}), so a failed or interrupted export leaves no half-written
 * file.
 */
public final class LabelExporter {

    private static final String QUERY = """
            SELECT c.case_id, d.decision_id, d.application_id, d.person_pseudonym, d.benefit, c.unit, d.decided_at,
                d.profile, d.model_version, d.schema_fingerprint, d.rules, d.amount_sek, d.score, d.action,
                c.random_control, d.thresholds, d.features, o.incorrect, o.incorrect_amount_sek,
                o.prevented_future_sek, o.cause, o.intentional_suspected, o.actions, o.police_report, o.recorded_at
            FROM case_outcome_current o
                JOIN queue_case c ON c.case_id = o.case_id
                JOIN decision d ON d.decision_id = c.first_decision_id
            WHERE o.recorded_at >= ? OR o.corrected_at >= ?
            ORDER BY o.recorded_at, c.case_id
            """;

    /** The columns before the features, in order. */
    public static final List<String> LEADING = List.of(
            "case_id",
            "decision_id",
            "application_id",
            "person_pseudonym",
            "benefit",
            "unit",
            "decided_on",
            "profile",
            "model_version",
            "schema_fingerprint",
            "rules",
            "amount_sek",
            "score",
            "action",
            "random_control",
            "selection_propensity",
            "investigated",
            "incorrect",
            "incorrect_amount_sek",
            "prevented_future_sek",
            "cause",
            "intentional_suspected",
            "actions",
            "police_report",
            "outcome_on");

    private LabelExporter() {}

    /**
     * What an export wrote.
     *
     * @param rows closed cases written
     * @param incorrect of those, found incorrect
     * @param randomControl of those, drawn by the random control sample
     * @param modelVersions the model versions that scored them
     */
    public record Summary(long rows, long incorrect, long randomControl, Set<String> modelVersions) {}

    /**
     * Exports the outcomes recorded or corrected on or after {@code since} (a day in {@code zone}) to
     * {@code out}, each as it counts now (its newest correction's finding).
     *
     * @param schema the feature schema the decisions must have been scored with
     * @param progress told the rows written so far, every 10,000 rows
     * @throws IllegalStateException if a decision was scored with another feature schema
     */
    public static Summary export(
            DataSource dataSource, LocalDate since, ZoneId zone, FeatureSchema schema, Path out, LongConsumer progress)
            throws SQLException, IOException {
        MessageType parquet = schema(schema);
        for (String name : schema.names()) {
            if (LEADING.contains(name)) {
                throw new IllegalStateException("feature '" + name + "' has the name of a label column");
            }
        }
        long rows = 0;
        long incorrect = 0;
        long random = 0;
        Set<String> versions = new LinkedHashSet<>();
        try (PartialFile partial = PartialFile.nextTo(out)) {
            SimpleGroupFactory groups = new SimpleGroupFactory(parquet);
            try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(partial.path()))
                            .withType(parquet)
                            .withCompressionCodec(CompressionCodecName.SNAPPY)
                            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                            .build();
                    Connection connection = dataSource.getConnection()) {
                // a cursor: the rows stream in pages rather than all at once
                connection.setAutoCommit(false);
                try (PreparedStatement query = connection.prepareStatement(QUERY)) {
                    query.setFetchSize(1_000);
                    Timestamp from = Timestamp.from(since.atStartOfDay(zone).toInstant());
                    query.setTimestamp(1, from);
                    query.setTimestamp(2, from);
                    try (ResultSet r = query.executeQuery()) {
                        while (r.next()) {
                            String fingerprint = r.getString("schema_fingerprint");
                            if (!schema.fingerprint().equals(fingerprint)) {
                                throw new IllegalStateException(String.format(
                                        Locale.ROOT,
                                        "case %d's decision %s was scored with feature schema %s, not %s (%s v%d);"
                                                + " export the labels of each schema with its own feature names",
                                        r.getLong("case_id"),
                                        r.getString("decision_id"),
                                        fingerprint,
                                        schema.fingerprint(),
                                        schema.name(),
                                        schema.version()));
                            }
                            Group g = groups.newGroup();
                            boolean rc = r.getBoolean("random_control");
                            double[] thresholds = doubles(r.getArray("thresholds"));
                            double share = thresholds.length > 3 ? thresholds[3] : Double.NaN;
                            boolean wrong = r.getBoolean("incorrect");
                            g.add("case_id", r.getLong("case_id"));
                            g.add("decision_id", r.getString("decision_id"));
                            g.add("application_id", r.getString("application_id"));
                            g.add("person_pseudonym", r.getString("person_pseudonym"));
                            g.add("benefit", r.getString("benefit"));
                            g.add("unit", r.getString("unit"));
                            g.add("decided_on", (int)
                                    day(r.getTimestamp("decided_at"), zone).toEpochDay());
                            g.add("profile", r.getString("profile"));
                            g.add("model_version", r.getString("model_version"));
                            g.add("schema_fingerprint", fingerprint);
                            g.add("rules", r.getString("rules"));
                            g.add("amount_sek", r.getBigDecimal("amount_sek").doubleValue());
                            g.add("score", r.getDouble("score"));
                            g.add("action", r.getString("action"));
                            g.add("random_control", rc);
                            // a random-control case was drawn with the sample's share; a model-selected one
                            // was selected by its score, with certainty
                            if (!rc || Double.isFinite(share)) {
                                g.add("selection_propensity", rc ? share : 1.0);
                            }
                            g.add("investigated", true);
                            g.add("incorrect", wrong);
                            g.add(
                                    "incorrect_amount_sek",
                                    r.getBigDecimal("incorrect_amount_sek").doubleValue());
                            g.add(
                                    "prevented_future_sek",
                                    r.getBigDecimal("prevented_future_sek").doubleValue());
                            String cause = r.getString("cause");
                            if (cause != null) {
                                g.add("cause", cause);
                            }
                            g.add("intentional_suspected", r.getBoolean("intentional_suspected"));
                            g.add("actions", String.join(",", (String[])
                                    r.getArray("actions").getArray()));
                            g.add("police_report", r.getBoolean("police_report"));
                            g.add("outcome_on", (int)
                                    day(r.getTimestamp("recorded_at"), zone).toEpochDay());
                            double[] features = doubles(r.getArray("features"));
                            if (features.length != schema.size()) {
                                throw new IllegalStateException("decision " + r.getString("decision_id") + " has "
                                        + features.length + " feature values, the schema " + schema.size());
                            }
                            for (int i = 0; i < features.length; i++) {
                                if (!Double.isNaN(features[i])) {
                                    g.add(schema.names().get(i), features[i]);
                                }
                            }
                            writer.write(g);
                            rows++;
                            incorrect += wrong ? 1 : 0;
                            random += rc ? 1 : 0;
                            versions.add(r.getString("model_version"));
                            if (rows % 10_000 == 0) {
                                progress.accept(rows);
                            }
                        }
                    }
                } finally {
                    connection.rollback();
                }
            }
            partial.moveIntoPlace();
        }
        return new Summary(rows, incorrect, random, versions);
    }

    /** The labels file's Parquet schema for decisions scored with {@code features}. */
    public static MessageType schema(FeatureSchema features) {
        List<Type> fields = new ArrayList<>();
        fields.add(Types.required(PrimitiveTypeName.INT64).named("case_id"));
        for (String s : List.of("decision_id", "application_id", "person_pseudonym", "benefit", "unit")) {
            fields.add(string(s, Type.Repetition.REQUIRED));
        }
        fields.add(date("decided_on"));
        for (String s : List.of("profile", "model_version", "schema_fingerprint", "rules")) {
            fields.add(string(s, Type.Repetition.REQUIRED));
        }
        fields.add(Types.required(PrimitiveTypeName.DOUBLE).named("amount_sek"));
        fields.add(Types.required(PrimitiveTypeName.DOUBLE).named("score"));
        fields.add(string("action", Type.Repetition.REQUIRED));
        fields.add(Types.required(PrimitiveTypeName.BOOLEAN).named("random_control"));
        fields.add(Types.optional(PrimitiveTypeName.DOUBLE).named("selection_propensity"));
        fields.add(Types.required(PrimitiveTypeName.BOOLEAN).named("investigated"));
        fields.add(Types.required(PrimitiveTypeName.BOOLEAN).named("incorrect"));
        fields.add(Types.required(PrimitiveTypeName.DOUBLE).named("incorrect_amount_sek"));
        fields.add(Types.required(PrimitiveTypeName.DOUBLE).named("prevented_future_sek"));
        fields.add(string("cause", Type.Repetition.OPTIONAL));
        fields.add(Types.required(PrimitiveTypeName.BOOLEAN).named("intentional_suspected"));
        fields.add(string("actions", Type.Repetition.REQUIRED));
        fields.add(Types.required(PrimitiveTypeName.BOOLEAN).named("police_report"));
        fields.add(date("outcome_on"));
        for (String name : features.names()) {
            fields.add(Types.optional(PrimitiveTypeName.DOUBLE).named(name));
        }
        return new MessageType("korrekt_labels", fields);
    }

    private static Type string(String name, Type.Repetition repetition) {
        return Types.primitive(PrimitiveTypeName.BINARY, repetition)
                .as(LogicalTypeAnnotation.stringType())
                .named(name);
    }

    private static Type date(String name) {
        return Types.required(PrimitiveTypeName.INT32)
                .as(LogicalTypeAnnotation.dateType())
                .named(name);
    }

    private static LocalDate day(Timestamp t, ZoneId zone) {
        return Instant.ofEpochMilli(t.getTime()).atZone(zone).toLocalDate();
    }

    private static double[] doubles(Array array) throws SQLException {
        Double[] boxed = (Double[]) array.getArray();
        double[] values = new double[boxed.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = boxed[i] == null ? Double.NaN : boxed[i];
        }
        return values;
    }
}
