package org.korrekt.training.data;

import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.korrekt.features.history.AddressRegistration;
import org.korrekt.features.history.AssistantTimesheet;
import org.korrekt.features.history.ChildcareAttendance;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.HistoryEvents;
import org.korrekt.features.history.MonthlyIncome;
import org.korrekt.features.history.Payment;
import org.korrekt.features.history.Person;
import org.korrekt.features.history.Provider;
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
