package org.korrekt.training.data;

import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.korrekt.features.history.AddressRegistration;
import org.korrekt.features.history.AssistantTimesheet;
import org.korrekt.features.history.ChildcareAttendance;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.HistoryEvents;
import org.korrekt.features.history.HistoryRows;
import org.korrekt.features.history.MonthlyIncome;
import org.korrekt.features.history.Payment;
import org.korrekt.features.history.Person;
import org.korrekt.features.history.Provider;
import org.korrekt.training.features.PointInTimeFeatureBuilder;
import org.korrekt.training.synthetic.GeneratedHistory;

/**
 * Reads the tables of a history folder (local or hdfs://) that the person history needs: persons,
 * address registrations, applications, payments, monthly income, childcare attendance,
 * assistant timesheets and assistance providers, as docs/data.md describes them.
 */
public final class HistoryParquet {

    private final ClaimsParquet parquet;

    public HistoryParquet(ClaimsParquet parquet) {
        this.parquet = parquet;
    }

    /** The tables under {@code folder}, each {@code NAME.parquet} (a file or a folder of part files). */
    public HistoryEvents.Tables read(URI folder, java.util.function.Consumer<String> progress) throws IOException {
        List<Person> persons = read(folder, "persons", HistoryParquet::person, progress);
        List<AddressRegistration> registrations =
                read(folder, "address_registrations", HistoryParquet::registration, progress);
        List<Claim> claims = new ArrayList<>();
        progress.accept("applications");
        parquet.readApplications(table(folder, "applications"), claims::add);
        List<Payment> payments = read(folder, "payments", HistoryParquet::payment, progress);
        List<MonthlyIncome> income = read(folder, "monthly_income", HistoryParquet::income, progress);
        List<ChildcareAttendance> attendance =
                read(folder, "childcare_attendance", HistoryParquet::attendance, progress);
        List<AssistantTimesheet> timesheets = read(folder, "assistant_timesheets", HistoryParquet::timesheet, progress);
        List<Provider> providers = read(folder, "providers", HistoryParquet::provider, progress);
        return new HistoryEvents.Tables(
                persons, registrations, claims, payments, income, attendance, timesheets, providers);
    }

    /**
     * The point-in-time feature builder over the tables under {@code folder}, read as streams: of
     * the large tables (payments, monthly income, attendance, timesheets) only the columns the
     * features need are read, and their rows are kept compactly, never as records.
     */
    public PointInTimeFeatureBuilder features(URI folder, java.util.function.Consumer<String> progress)
            throws IOException {
        return readInto(folder, PointInTimeFeatureBuilder.loader(), progress).build();
    }

    /**
     * The events of the tables under {@code folder} that the scoring service's person history is fed
     * with, sorted by the day each becomes known: what {@link HistoryEvents#of} makes of {@link
     * #read}'s tables, read as streams without keeping the rows.
     */
    public HistoryEvents.Collector events(URI folder, java.util.function.Consumer<String> progress) throws IOException {
        HistoryEvents.Collector events = readInto(folder, HistoryEvents.collector(), progress);
        events.sorted();
        return events;
    }

    /**
     * Streams the rows of the tables under {@code folder} to {@code rows}, table by table in the order
     * of {@link HistoryEvents.Tables}; of the large tables (payments, monthly income, attendance,
     * timesheets) only the columns {@link HistoryRows} takes are read.
     */
    private <R extends HistoryRows> R readInto(URI folder, R rows, java.util.function.Consumer<String> progress)
            throws IOException {
        stream(
                folder,
                HistoryTables.PERSONS,
                progress,
                g -> rows.person(person(g)),
                "person_id",
                "sex",
                "birth_year",
                "country_of_birth_group",
                "permit_type",
                "permit_valid_to",
                "permit_renewed_on",
                "emigrated_on",
                "returned_on",
                "address_id");
        stream(
                folder,
                HistoryTables.ADDRESS_REGISTRATIONS,
                progress,
                g -> rows.registration(registration(g)),
                "person_id",
                "address_id",
                "registered_from",
                "registered_to");
        stream(
                folder,
                HistoryTables.APPLICATIONS,
                progress,
                g -> rows.claim(ClaimsParquet.toClaim(g)),
                "application_id",
                "person_id",
                "benefit",
                "channel",
                "submitted_on",
                "period_start",
                "period_end",
                "claimed_days",
                "amount_sek",
                "declared_monthly_income_sek",
                "provider_id",
                "granted_hours",
                "child_id",
                "sample_weight",
                "is_incorrect",
                "mechanism",
                "incorrect_amount_sek",
                "investigated",
                "random_control");
        stream(
                folder,
                HistoryTables.PAYMENTS,
                progress,
                g -> rows.payment(
                        g.getString("person_id", 0),
                        ClaimsParquet.parseBenefit(g.getString("benefit", 0)),
                        date(g, "pay_date"),
                        ClaimsParquet.money(g, "amount_sek")),
                "person_id",
                "benefit",
                "pay_date",
                "amount_sek");
        stream(
                folder,
                HistoryTables.MONTHLY_INCOME,
                progress,
                g -> rows.income(
                        g.getString("person_id", 0),
                        date(g, "month"),
                        ClaimsParquet.money(g, "gross_pay_sek"),
                        g.getInteger("sick_days", 0),
                        g.getInteger("parental_leave_days", 0),
                        g.getInteger("vab_days", 0)),
                "person_id",
                "month",
                "gross_pay_sek",
                "sick_days",
                "parental_leave_days",
                "vab_days");
        stream(
                folder,
                HistoryTables.CHILDCARE_ATTENDANCE,
                progress,
                g -> rows.attendance(g.getString("child_id", 0), date(g, "date"), g.getBoolean("present", 0)),
                "child_id",
                "date",
                "present");
        stream(
                folder,
                HistoryTables.ASSISTANT_TIMESHEETS,
                progress,
                g -> rows.timesheet(
                        g.getString("assistant_id", 0),
                        g.getString("user_id", 0),
                        date(g, "date"),
                        g.getDouble("hours", 0)),
                "assistant_id",
                "user_id",
                "date",
                "hours");
        stream(
                folder,
                HistoryTables.PROVIDERS,
                progress,
                g -> {
                    Provider p = provider(g);
                    rows.provider(p.providerId(), p.licenceRevokedOn());
                },
                "provider_id",
                "licensed_from",
                "licence_revoked_on");
        return rows;
    }

    /**
     * Streams the rows of {@code table} under {@code folder} (a file, or a folder of part files), only
     * {@code columns}, to {@code sink}. Each part file must hold those columns of the physical and
     * logical type korrekt writes ({@link HistoryTables}), not repeated; a column korrekt writes
     * required may be optional in the file (Spark writes every column so), but each row must hold it.
     *
     * @throws IOException naming the file and column when a column is missing, of another type or repeated
     * @throws IllegalArgumentException naming the file and row when a row lacks a value korrekt needs
     */
    private void stream(
            URI folder,
            ParquetTable<?> table,
            java.util.function.Consumer<String> progress,
            java.util.function.Consumer<Group> sink,
            String... columns)
            throws IOException {
        progress.accept(table.name());
        MessageType expected = table.schema();
        for (org.apache.hadoop.fs.Path file : parquet.dataFiles(table(folder, table.name()))) {
            MessageType actual = parquet.footer(file).schema();
            List<Type> fields = new ArrayList<>();
            // columns korrekt writes required that this file has optional (as Spark writes every
            // column): each row must still hold a value
            List<String> mustHold = new ArrayList<>();
            for (String column : columns) {
                Type wanted = expected.getType(column);
                Type found = column(file, table.name(), actual, wanted, columns);
                fields.add(found);
                if (wanted.isRepetition(Type.Repetition.REQUIRED) && !found.isRepetition(Type.Repetition.REQUIRED)) {
                    mustHold.add(column);
                }
            }
            java.util.function.Consumer<Group> checked = mustHold.isEmpty()
                    ? sink
                    : g -> {
                        for (String column : mustHold) {
                            if (g.getFieldRepetitionCount(column) == 0) {
                                throw new IllegalArgumentException("column '" + column + "' of the " + table.name()
                                        + " table has no value; korrekt needs one in every row");
                            }
                        }
                        sink.accept(g);
                    };
            parquet.readFile(file, new MessageType(actual.getName(), fields), g -> g, checked);
        }
    }

    /** {@code file}'s column of {@code wanted}'s name, if it is of {@code wanted}'s type. */
    private static Type column(
            org.apache.hadoop.fs.Path file, String table, MessageType actual, Type wanted, String[] columns)
            throws IOException {
        String name = wanted.getName();
        if (!actual.containsField(name)) {
            throw new IOException(file + ": the " + table + " table has no column '" + name + "'; korrekt reads "
                    + String.join(", ", columns) + " from it (docs/data.md)");
        }
        Type found = actual.getType(name);
        if (!found.isPrimitive()
                || found.asPrimitiveType().getPrimitiveTypeName()
                        != wanted.asPrimitiveType().getPrimitiveTypeName()
                || !java.util.Objects.equals(found.getLogicalTypeAnnotation(), wanted.getLogicalTypeAnnotation())) {
            throw new IOException(file + ": column '" + name + "' of the " + table + " table is " + typeOf(found)
                    + "; korrekt reads it as " + typeOf(wanted) + ", as korrekt generate writes it (docs/data.md)");
        }
        if (found.isRepetition(Type.Repetition.REPEATED)) {
            throw new IOException(file + ": column '" + name + "' of the " + table
                    + " table is repeated (a list); korrekt reads one value a row (docs/data.md)");
        }
        return found;
    }

    private static String typeOf(Type type) {
        if (!type.isPrimitive()) {
            return "a group (nested)";
        }
        String physical = type.asPrimitiveType().getPrimitiveTypeName().name();
        return type.getLogicalTypeAnnotation() == null ? physical : physical + " " + type.getLogicalTypeAnnotation();
    }

    /** The same tables of a history generated in memory. */
    public static HistoryEvents.Tables tables(GeneratedHistory h) {
        return new HistoryEvents.Tables(
                h.persons(),
                h.addressRegistrations(),
                h.applications(),
                h.payments(),
                h.monthlyIncome(),
                h.childcareAttendance(),
                h.assistantTimesheets(),
                h.providers());
    }

    private <T> List<T> read(
            URI folder,
            String name,
            java.util.function.Function<Group, T> mapper,
            java.util.function.Consumer<String> progress)
            throws IOException {
        progress.accept(name);
        List<T> rows = new ArrayList<>();
        parquet.readRows(table(folder, name), mapper, rows::add);
        return rows;
    }

    private static URI table(URI folder, String name) {
        String base = folder.toString();
        return URI.create(base.endsWith("/") ? base + name + ".parquet" : base + "/" + name + ".parquet");
    }

    private static LocalDate date(Group g, String column) {
        return LocalDate.ofEpochDay(g.getInteger(column, 0));
    }

    private static LocalDate optionalDate(Group g, String column) {
        return g.getFieldRepetitionCount(column) > 0 ? date(g, column) : null;
    }

    private static Person person(Group g) {
        return new Person(
                g.getString("person_id", 0),
                g.getString("sex", 0),
                g.getInteger("birth_year", 0),
                g.getString("country_of_birth_group", 0),
                g.getString("permit_type", 0),
                optionalDate(g, "permit_valid_to"),
                optionalDate(g, "permit_renewed_on"),
                optionalDate(g, "emigrated_on"),
                optionalDate(g, "returned_on"),
                g.getString("address_id", 0));
    }

    private static AddressRegistration registration(Group g) {
        return new AddressRegistration(
                g.getString("person_id", 0),
                g.getString("address_id", 0),
                date(g, "registered_from"),
                optionalDate(g, "registered_to"));
    }

    private static Payment payment(Group g) {
        return new Payment(
                g.getString("payment_id", 0),
                g.getString("application_id", 0),
                g.getString("person_id", 0),
                ClaimsParquet.parseBenefit(g.getString("benefit", 0)),
                date(g, "pay_date"),
                ClaimsParquet.money(g, "amount_sek"),
                g.getString("account_id", 0),
                g.getBoolean("advance", 0),
                g.getDouble("sample_weight", 0),
                g.getBoolean("is_incorrect", 0),
                ClaimsParquet.optionalString(g, "episode_id"),
                ClaimsParquet.optionalString(g, "mechanism"),
                ClaimsParquet.optionalString(g, "cause_actor"),
                g.getBoolean("intentional", 0),
                ClaimsParquet.optionalString(g, "timing"),
                ClaimsParquet.money(g, "incorrect_amount_sek"),
                g.getBoolean("detected", 0),
                ClaimsParquet.optionalString(g, "detected_by"),
                optionalDate(g, "detected_on"));
    }

    private static MonthlyIncome income(Group g) {
        return new MonthlyIncome(
                g.getString("person_id", 0),
                g.getString("employer_id", 0),
                date(g, "month"),
                ClaimsParquet.money(g, "gross_pay_sek"),
                g.getInteger("sick_days", 0),
                g.getInteger("parental_leave_days", 0),
                g.getInteger("vab_days", 0));
    }

    private static ChildcareAttendance attendance(Group g) {
        return new ChildcareAttendance(g.getString("child_id", 0), date(g, "date"), g.getBoolean("present", 0));
    }

    private static AssistantTimesheet timesheet(Group g) {
        return new AssistantTimesheet(
                g.getString("assistant_id", 0),
                g.getString("user_id", 0),
                g.getString("provider_id", 0),
                date(g, "date"),
                g.getDouble("hours", 0));
    }

    private static Provider provider(Group g) {
        return new Provider(
                g.getString("provider_id", 0), date(g, "licensed_from"), optionalDate(g, "licence_revoked_on"));
    }
}
