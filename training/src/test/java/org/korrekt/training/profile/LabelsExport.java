package org.korrekt.training.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.Person;
import org.korrekt.training.data.HistoryParquet;
import org.korrekt.training.data.TestParquet;
import org.korrekt.training.features.PointInTimeFeatureBuilder;
import org.korrekt.training.synthetic.GeneratedHistory;

/**
 * A labels export as {@code korrekt export-labels} writes it (investigators' outcomes joined with
 * the scoring service's decision records, one row per investigated case), built from a generated
 * history for tests: the claim features computed point in time on the day of the decision, the
 * outcome the generated truth, the decision's other columns plausible seeded values. Written as
 * Parquet with the export's column types, or as CSV.
 */
public final class LabelsExport {

    /** The export's columns before the feature columns, in the order it writes them. */
    public static final List<String> CASE_COLUMNS = List.of(
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

    /** Protected attributes a data scientist may join into an export from the population register. */
    public static final List<String> GROUP_COLUMNS = List.of("sex", "born_abroad", "country_of_birth");

    private static final String[] CAUSES = {"CLAIMANT", "AGENCY", "OTHER"};
    private static final String[] ACTIONS = {"extra_questions", "manual_check", "hold_payment"};

    private LabelsExport() {}

    /**
     * One row of the export.
     *
     * @param caseId the case's number
     * @param decisionId the decision record's id
     * @param applicationId the application's id
     * @param personPseudonym the claimant's pseudonym
     * @param benefit the benefit's code
     * @param decidedOn the day the application was scored
     * @param fingerprint the feature schema fingerprint the decision recorded
     * @param amountSek the amount at stake
     * @param score the served profile's score
     * @param action the decision's action
     * @param randomControl whether the random control sample drew the case
     * @param selectionPropensity the chance the case was selected
     * @param incorrect the investigators' outcome
     * @param incorrectAmountSek the amount found incorrect
     * @param cause the cause of an incorrect payment, else null
     * @param outcomeOn the day the outcome was recorded
     * @param features the recorded claim features (NaN: missing, written as null)
     * @param groups protected attributes by column name, for exports they were joined into
     */
    public record Row(
            long caseId,
            String decisionId,
            String applicationId,
            String personPseudonym,
            String benefit,
            LocalDate decidedOn,
            String fingerprint,
            double amountSek,
            double score,
            String action,
            boolean randomControl,
            double selectionPropensity,
            boolean incorrect,
            double incorrectAmountSek,
            String cause,
            LocalDate outcomeOn,
            double[] features,
            Map<String, String> groups) {

        /** This row as if scored with another feature schema. */
        public Row withFingerprint(String other) {
            return with(other, selectionPropensity, incorrect, incorrectAmountSek, cause, features);
        }

        /** This row with another recorded chance of selection (NaN: none recorded). */
        public Row withSelectionPropensity(double p) {
            return with(fingerprint, p, incorrect, incorrectAmountSek, cause, features);
        }

        /** This row with the outcome correct. */
        public Row correct() {
            return with(fingerprint, selectionPropensity, false, 0, null, features);
        }

        /** This row with one feature value replaced. */
        public Row withFeature(String name, double value) {
            double[] changed = features.clone();
            changed[ClaimFeatures.SCHEMA.names().indexOf(name)] = value;
            return with(fingerprint, selectionPropensity, incorrect, incorrectAmountSek, cause, changed);
        }

        private Row with(
                String fingerprint,
                double selectionPropensity,
                boolean incorrect,
                double incorrectAmountSek,
                String cause,
                double[] features) {
            return new Row(
                    caseId,
                    decisionId,
                    applicationId,
                    personPseudonym,
                    benefit,
                    decidedOn,
                    fingerprint,
                    amountSek,
                    score,
                    action,
                    randomControl,
                    selectionPropensity,
                    incorrect,
                    incorrectAmountSek,
                    cause,
                    outcomeOn,
                    features,
                    groups);
        }
    }

    /** The rows of the applications of {@code history} that {@code keep} accepts, in the history's order. */
    public static List<Row> rows(GeneratedHistory history, Predicate<Claim> keep, long seed) {
        PointInTimeFeatureBuilder builder = new PointInTimeFeatureBuilder(HistoryParquet.tables(history));
        Map<String, Person> persons = new HashMap<>();
        for (Person p : history.persons()) {
            persons.put(p.personId(), p);
        }
        SplittableRandom random = new SplittableRandom(seed);
        String fingerprint = ClaimFeatures.SCHEMA.fingerprint();
        List<Row> rows = new ArrayList<>();
        for (Claim c : history.applications()) {
            if (!keep.test(c)) {
                continue;
            }
            LocalDate day = c.application().submittedOn();
            double[] x = builder.claimFeatures(c.application(), c.childId(), day);
            Person person = persons.get(c.application().personPseudonym());
            Map<String, String> groups = new LinkedHashMap<>();
            groups.put("sex", person.sex());
            groups.put("born_abroad", "sweden".equals(person.countryOfBirthGroup()) ? "no" : "yes");
            groups.put("country_of_birth", person.countryOfBirthGroup());
            long caseId = rows.size() + 1L;
            rows.add(new Row(
                    caseId,
                    String.format(Locale.ROOT, "dec-%08x-%04d", random.nextInt(), caseId),
                    c.application().applicationId(),
                    c.application().personPseudonym(),
                    c.application().benefit().code(),
                    day,
                    fingerprint,
                    c.application().amountSek(),
                    random.nextDouble(),
                    c.randomControl() ? "manual_check" : ACTIONS[random.nextInt(ACTIONS.length)],
                    c.randomControl(),
                    c.randomControl() ? 0.01 : 0.2 + 0.8 * random.nextDouble(),
                    c.incorrect(),
                    c.incorrect() ? c.incorrectAmountSek() : 0,
                    c.incorrect() ? CAUSES[random.nextInt(CAUSES.length)] : null,
                    day.plusDays(7 + random.nextInt(60)),
                    x,
                    groups));
        }
        return rows;
    }

    /** A table of {@code rows} to write. */
    public static Table table(List<Row> rows) {
        return new Table(rows, Set.of(), List.of());
    }

    /**
     * The export's rows with the columns to write.
     *
     * @param rows the rows
     * @param omitted columns left out (to write a broken export)
     * @param groups protected-attribute columns joined in after the features
     */
    public record Table(List<Row> rows, Set<String> omitted, List<String> groups) {

        /** This table without {@code columns}. */
        public Table without(String... columns) {
            Set<String> all = new LinkedHashSet<>(omitted);
            all.addAll(Arrays.asList(columns));
            return new Table(rows, all, groups);
        }

        /** This table with protected-attribute columns joined in. */
        public Table withGroups(String... columns) {
            return new Table(rows, omitted, List.of(columns));
        }

        /** Writes the table as Parquet, every column OPTIONAL, with the export's types. */
        public Path writeParquet(Path file) throws IOException {
            List<Column> columns = columns();
            List<Type> fields = new ArrayList<>();
            for (Column c : columns) {
                fields.add(c.type());
            }
            MessageType schema = new MessageType("labels", fields);
            TestParquet.write(file, schema, rows.size(), (g, r) -> {
                for (Column c : columns) {
                    c.append(g, rows.get(r));
                }
            });
            return file;
        }

        /** Writes the table as CSV: ISO dates, {@code true}/{@code false}, empty cells for null. */
        public Path writeCsv(Path file) throws IOException {
            List<Column> columns = columns();
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                s.append(i == 0 ? "" : ",").append(columns.get(i).name());
            }
            s.append('\n');
            for (Row row : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    Object v = columns.get(i).value().apply(row);
                    s.append(i == 0 ? "" : ",");
                    if (v instanceof String text) {
                        s.append('"').append(text.replace("\"", "\"\"")).append('"');
                    } else if (v != null && !(v instanceof Double d && d.isNaN())) {
                        s.append(v);
                    }
                }
                s.append('\n');
            }
            Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
            return file;
        }

        private List<Column> columns() {
            List<Column> all = new ArrayList<>();
            all.add(new Column("case_id", PrimitiveTypeName.INT64, null, Row::caseId));
            all.add(string("decision_id", Row::decisionId));
            all.add(string("application_id", Row::applicationId));
            all.add(string("person_pseudonym", Row::personPseudonym));
            all.add(string("benefit", Row::benefit));
            all.add(string("unit", r -> "unit-" + r.benefit()));
            all.add(date("decided_on", Row::decidedOn));
            all.add(string("profile", r -> "all-benefits"));
            all.add(string("model_version", r -> "all-benefits-20250102-030405-0123456789ab"));
            all.add(string("schema_fingerprint", Row::fingerprint));
            all.add(string("rules", r -> "claim-v1"));
            all.add(number("amount_sek", Row::amountSek));
            all.add(number("score", Row::score));
            all.add(string("action", Row::action));
            all.add(flag("random_control", Row::randomControl));
            all.add(number("selection_propensity", Row::selectionPropensity));
            all.add(flag("investigated", r -> true));
            all.add(flag("incorrect", Row::incorrect));
            all.add(number("incorrect_amount_sek", Row::incorrectAmountSek));
            all.add(number("prevented_future_sek", r -> r.incorrect() ? r.amountSek() / 2 : 0.0));
            all.add(string("cause", Row::cause));
            all.add(flag("intentional_suspected", r -> "CLAIMANT".equals(r.cause()) && r.caseId() % 5 == 0));
            all.add(string("actions", r -> r.incorrect() ? "recovery_claim,decision_changed" : "none"));
            all.add(flag("police_report", r -> "CLAIMANT".equals(r.cause()) && r.caseId() % 10 == 0));
            all.add(date("outcome_on", Row::outcomeOn));
            List<String> names = ClaimFeatures.SCHEMA.names();
            for (int j = 0; j < names.size(); j++) {
                int feature = j;
                all.add(number(names.get(j), r -> r.features()[feature]));
            }
            for (String group : groups) {
                all.add(string(group, r -> r.groups().get(group)));
            }
            all.removeIf(c -> omitted.contains(c.name()));
            return all;
        }
    }

    private static Column string(String name, Function<Row, String> value) {
        return new Column(name, PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType(), value);
    }

    private static Column date(String name, Function<Row, LocalDate> value) {
        return new Column(name, PrimitiveTypeName.INT32, LogicalTypeAnnotation.dateType(), value);
    }

    private static Column number(String name, Function<Row, Double> value) {
        return new Column(name, PrimitiveTypeName.DOUBLE, null, value);
    }

    private static Column flag(String name, Function<Row, Boolean> value) {
        return new Column(name, PrimitiveTypeName.BOOLEAN, null, value);
    }

    /** A column of the export: its Parquet type and how a row's value is found; null and NaN are written as null. */
    private record Column(
            String name, PrimitiveTypeName primitive, LogicalTypeAnnotation logical, Function<Row, ?> value) {

        Type type() {
            return Types.primitive(primitive, Type.Repetition.OPTIONAL)
                    .as(logical)
                    .named(name);
        }

        void append(Group g, Row row) {
            Object v = value.apply(row);
            if (v == null || (v instanceof Double d && d.isNaN())) {
                return;
            }
            switch (primitive) {
                case INT64 -> g.append(name, (Long) v);
                case INT32 -> g.append(name, (int) ((LocalDate) v).toEpochDay());
                case DOUBLE -> g.append(name, (Double) v);
                case BOOLEAN -> g.append(name, (Boolean) v);
                default -> g.append(name, (String) v);
            }
        }
    }
}
