package org.korrekt.training.data;

import java.util.List;
import org.korrekt.features.history.AddressRegistration;
import org.korrekt.features.history.AgencyNotification;
import org.korrekt.features.history.AssistantTimesheet;
import org.korrekt.features.history.BankAccount;
import org.korrekt.features.history.BenefitDecision;
import org.korrekt.features.history.BobReconciliation;
import org.korrekt.features.history.ChangeReport;
import org.korrekt.features.history.Child;
import org.korrekt.features.history.ChildcareAttendance;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.Control;
import org.korrekt.features.history.ControlInvestigation;
import org.korrekt.features.history.Employer;
import org.korrekt.features.history.MonthlyIncome;
import org.korrekt.features.history.Payment;
import org.korrekt.features.history.Person;
import org.korrekt.features.history.Provider;
import org.korrekt.features.history.RecoveryClaim;
import org.korrekt.training.synthetic.IncomingApplication;

/**
 * The Parquet tables of a claims history, one file each; docs/data.md documents every column.
 * Column names are snake_case; money columns end in {@code _sek} and are DECIMAL(18,2).
 */
public final class HistoryTables {

    private HistoryTables() {}

    /** persons.parquet */
    public static final ParquetTable<Person> PERSONS = ParquetTable.<Person>named("persons")
            .string("person_id", Person::personId)
            .string("sex", Person::sex)
            .integer("birth_year", Person::birthYear)
            .string("country_of_birth_group", Person::countryOfBirthGroup)
            .string("permit_type", Person::permitType)
            .optionalDate("permit_valid_to", Person::permitValidTo)
            .optionalDate("permit_renewed_on", Person::permitRenewedOn)
            .optionalDate("emigrated_on", Person::emigratedOn)
            .optionalDate("returned_on", Person::returnedOn)
            .string("address_id", Person::addressId)
            .build();

    /** address_registrations.parquet */
    public static final ParquetTable<AddressRegistration> ADDRESS_REGISTRATIONS =
            ParquetTable.<AddressRegistration>named("address_registrations")
                    .string("person_id", AddressRegistration::personId)
                    .string("address_id", AddressRegistration::addressId)
                    .date("registered_from", AddressRegistration::registeredFrom)
                    .optionalDate("registered_to", AddressRegistration::registeredTo)
                    .build();

    /** children.parquet */
    public static final ParquetTable<Child> CHILDREN = ParquetTable.<Child>named("children")
            .string("child_id", Child::childId)
            .string("parent_id", Child::parentId)
            .optionalString("other_parent_id", Child::otherParentId)
            .integer("birth_year", Child::birthYear)
            .bool("alternating_residence", Child::alternatingResidence)
            .optionalDate("enrolled_until", Child::enrolledUntil)
            .optionalDate("re_enrolled_on", Child::reEnrolledOn)
            .build();

    /** childcare_attendance.parquet */
    public static final ParquetTable<ChildcareAttendance> CHILDCARE_ATTENDANCE =
            ParquetTable.<ChildcareAttendance>named("childcare_attendance")
                    .string("child_id", ChildcareAttendance::childId)
                    .date("date", ChildcareAttendance::date)
                    .bool("present", ChildcareAttendance::present)
                    .build();

    /** employers.parquet */
    public static final ParquetTable<Employer> EMPLOYERS = ParquetTable.<Employer>named("employers")
            .string("employer_id", Employer::employerId)
            .date("registered_on", Employer::registeredOn)
            .integer("employees", Employer::employees)
            .string("sector", Employer::sector)
            .bool("is_shell", Employer::shell)
            .build();

    /** monthly_income.parquet (AGI) */
    public static final ParquetTable<MonthlyIncome> MONTHLY_INCOME = ParquetTable.<MonthlyIncome>named("monthly_income")
            .string("person_id", MonthlyIncome::personId)
            .string("employer_id", MonthlyIncome::employerId)
            .date("month", MonthlyIncome::month)
            .money("gross_pay_sek", MonthlyIncome::grossPaySek)
            .integer("sick_days", MonthlyIncome::sickDays)
            .integer("parental_leave_days", MonthlyIncome::parentalLeaveDays)
            .integer("vab_days", MonthlyIncome::vabDays)
            .build();

    /** providers.parquet */
    public static final ParquetTable<Provider> PROVIDERS = ParquetTable.<Provider>named("providers")
            .string("provider_id", Provider::providerId)
            .date("licensed_from", Provider::licensedFrom)
            .optionalDate("licence_revoked_on", Provider::licenceRevokedOn)
            .build();

    /** assistant_timesheets.parquet */
    public static final ParquetTable<AssistantTimesheet> ASSISTANT_TIMESHEETS = ParquetTable.<AssistantTimesheet>named(
                    "assistant_timesheets")
            .string("assistant_id", AssistantTimesheet::assistantId)
            .string("user_id", AssistantTimesheet::userId)
            .string("provider_id", AssistantTimesheet::providerId)
            .date("date", AssistantTimesheet::date)
            .number("hours", AssistantTimesheet::hours)
            .build();

    /** applications.parquet */
    public static final ParquetTable<Claim> APPLICATIONS = ParquetTable.<Claim>named("applications")
            .string("application_id", c -> c.application().applicationId())
            .string("person_id", c -> c.application().personPseudonym())
            .string("benefit", c -> c.application().benefit().code())
            .string("channel", c -> c.application().channel().code())
            .date("submitted_on", c -> c.application().submittedOn())
            .date("period_start", c -> c.application().periodStart())
            .date("period_end", c -> c.application().periodEnd())
            .integer("claimed_days", c -> c.application().claimedDays())
            .money("amount_sek", c -> c.application().amountSek())
            .money("declared_monthly_income_sek", c -> c.application().declaredMonthlyIncomeSek())
            .optionalString("child_id", Claim::childId)
            .optionalString("provider_id", Claim::providerId)
            .optionalNumber("granted_hours", Claim::grantedHours)
            .number("sample_weight", Claim::sampleWeight)
            .bool("is_incorrect", Claim::incorrect)
            .optionalString("mechanism", Claim::mechanism)
            .money("incorrect_amount_sek", Claim::incorrectAmountSek)
            .bool("investigated", Claim::investigated)
            .bool("random_control", Claim::randomControl)
            .build();

    /**
     * incoming.parquet: the applications after the history (the same as {@code incoming.jsonl}), in the
     * applications table's columns for what an applicant declares, and {@code child_id}, the child a
     * VAB application names, so that {@code korrekt score} can score them as a payment run. Not a history table: it has no labels and is not in {@link #NAMES}.
     */
    public static final ParquetTable<IncomingApplication> INCOMING = ParquetTable.<IncomingApplication>named("incoming")
            .string("application_id", a -> a.application().applicationId())
            .string("person_id", a -> a.application().personPseudonym())
            .string("benefit", a -> a.application().benefit().code())
            .string("channel", a -> a.application().channel().code())
            .date("submitted_on", a -> a.application().submittedOn())
            .date("period_start", a -> a.application().periodStart())
            .date("period_end", a -> a.application().periodEnd())
            .integer("claimed_days", a -> a.application().claimedDays())
            .money("amount_sek", a -> a.application().amountSek())
            .money("declared_monthly_income_sek", a -> a.application().declaredMonthlyIncomeSek())
            .optionalString("provider_id", a -> a.application().providerId())
            .optionalNumber("granted_hours", a -> a.application().grantedHoursPerMonth())
            .optionalString("child_id", IncomingApplication::childId)
            .build();

    /** decisions.parquet */
    public static final ParquetTable<BenefitDecision> DECISIONS = ParquetTable.<BenefitDecision>named("decisions")
            .string("decision_id", BenefitDecision::decisionId)
            .string("application_id", BenefitDecision::applicationId)
            .date("decided_on", BenefitDecision::decidedOn)
            .bool("automated", BenefitDecision::automated)
            .money("granted_amount_sek", BenefitDecision::grantedAmountSek)
            .build();

    /** payments.parquet */
    public static final ParquetTable<Payment> PAYMENTS = ParquetTable.<Payment>named("payments")
            .string("payment_id", Payment::paymentId)
            .string("application_id", Payment::applicationId)
            .string("person_id", Payment::personId)
            .string("benefit", p -> p.benefit().code())
            .date("pay_date", Payment::payDate)
            .money("amount_sek", Payment::amountSek)
            .string("account_id", Payment::accountId)
            .bool("advance", Payment::advance)
            .number("sample_weight", Payment::sampleWeight)
            .bool("is_incorrect", Payment::incorrect)
            .optionalString("episode_id", Payment::episodeId)
            .optionalString("mechanism", Payment::mechanism)
            .optionalString("cause_actor", Payment::causeActor)
            .bool("intentional", Payment::intentional)
            .optionalString("timing", Payment::timing)
            .money("incorrect_amount_sek", Payment::incorrectAmountSek)
            .bool("detected", Payment::detected)
            .optionalString("detected_by", Payment::detectedBy)
            .optionalDate("detected_on", Payment::detectedOn)
            .build();

    /** bank_accounts.parquet */
    public static final ParquetTable<BankAccount> BANK_ACCOUNTS = ParquetTable.<BankAccount>named("bank_accounts")
            .string("account_id", BankAccount::accountId)
            .string("holder_id", BankAccount::holderId)
            .date("registered_on", BankAccount::registeredOn)
            .build();

    /** change_reports.parquet */
    public static final ParquetTable<ChangeReport> CHANGE_REPORTS = ParquetTable.<ChangeReport>named("change_reports")
            .string("report_id", ChangeReport::reportId)
            .string("person_id", ChangeReport::personId)
            .string("benefit", r -> r.benefit().code())
            .string("type", ChangeReport::type)
            .date("effective_date", ChangeReport::effectiveDate)
            .date("received_on", ChangeReport::receivedOn)
            .date("processed_on", ChangeReport::processedOn)
            .build();

    /** notifications.parquet */
    public static final ParquetTable<AgencyNotification> NOTIFICATIONS = ParquetTable.<AgencyNotification>named(
                    "notifications")
            .string("notification_id", AgencyNotification::notificationId)
            .string("source", AgencyNotification::source)
            .string("person_id", AgencyNotification::personId)
            .string("benefit", n -> n.benefit().code())
            .string("subject", AgencyNotification::subject)
            .date("received_on", AgencyNotification::receivedOn)
            .build();

    /** controls.parquet */
    public static final ParquetTable<Control> CONTROLS = ParquetTable.<Control>named("controls")
            .string("control_id", Control::controlId)
            .string("type", Control::type)
            .string("benefit", c -> c.benefit().code())
            .string("person_id", Control::personId)
            .optionalString("payment_id", Control::paymentId)
            .date("performed_on", Control::performedOn)
            .bool("deviation", Control::deviation)
            .money("prevented_sek", Control::preventedSek)
            .build();

    /** investigations.parquet */
    public static final ParquetTable<ControlInvestigation> INVESTIGATIONS = ParquetTable.<ControlInvestigation>named(
                    "investigations")
            .string("investigation_id", ControlInvestigation::investigationId)
            .string("person_id", ControlInvestigation::personId)
            .string("benefit", i -> i.benefit().code())
            .string("trigger", ControlInvestigation::trigger)
            .date("started_on", ControlInvestigation::startedOn)
            .date("ended_on", ControlInvestigation::endedOn)
            .string("action", ControlInvestigation::action)
            .bool("police_report", ControlInvestigation::policeReport)
            .money("detected_sek", ControlInvestigation::detectedSek)
            .money("prevented_sek", ControlInvestigation::preventedSek)
            .build();

    /** recovery_claims.parquet */
    public static final ParquetTable<RecoveryClaim> RECOVERY_CLAIMS = ParquetTable.<RecoveryClaim>named(
                    "recovery_claims")
            .string("recovery_id", RecoveryClaim::recoveryId)
            .string("person_id", RecoveryClaim::personId)
            .string("benefit", r -> r.benefit().code())
            .string("kind", RecoveryClaim::kind)
            .optionalString("episode_id", RecoveryClaim::episodeId)
            .date("decided_on", RecoveryClaim::decidedOn)
            .money("amount_sek", RecoveryClaim::amountSek)
            .date("due_on", RecoveryClaim::dueOn)
            .money("repaid_sek", RecoveryClaim::repaidSek)
            .string("status", RecoveryClaim::status)
            .build();

    /** bob_reconciliations.parquet */
    public static final ParquetTable<BobReconciliation> BOB_RECONCILIATIONS = ParquetTable.<BobReconciliation>named(
                    "bob_reconciliations")
            .string("person_id", BobReconciliation::personId)
            .integer("year", BobReconciliation::year)
            .date("decided_on", BobReconciliation::decidedOn)
            .string("outcome", BobReconciliation::outcome)
            .money("amount_sek", BobReconciliation::amountSek)
            .build();

    /** Every table's name, in the order they are written. */
    public static final List<String> NAMES = List.of(
            "persons",
            "address_registrations",
            "children",
            "childcare_attendance",
            "employers",
            "monthly_income",
            "providers",
            "assistant_timesheets",
            "applications",
            "decisions",
            "payments",
            "bank_accounts",
            "change_reports",
            "notifications",
            "controls",
            "investigations",
            "recovery_claims",
            "bob_reconciliations");
}
