package org.korrekt.training.synthetic;

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

/**
 * A generated history: every table, in the order it is written, and the applications that arrive
 * after it. Lists are immutable.
 */
public record GeneratedHistory(
        HistoryConfig config,
        List<Person> persons,
        List<AddressRegistration> addressRegistrations,
        List<Child> children,
        List<ChildcareAttendance> childcareAttendance,
        List<Employer> employers,
        List<MonthlyIncome> monthlyIncome,
        List<Provider> providers,
        List<AssistantTimesheet> assistantTimesheets,
        List<Claim> applications,
        List<BenefitDecision> decisions,
        List<Payment> payments,
        List<BankAccount> bankAccounts,
        List<ChangeReport> changeReports,
        List<AgencyNotification> notifications,
        List<Control> controls,
        List<ControlInvestigation> investigations,
        List<RecoveryClaim> recoveryClaims,
        List<BobReconciliation> bobReconciliations,
        List<IncomingApplication> incoming,
        java.util.Map<org.korrekt.features.Benefit, Calibration> calibrations) {}
