package org.korrekt.training.synthetic;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;

/**
 * The generator's working state before it becomes the history's records: people, a recipient's
 * year of one benefit, applications, payments and error episodes. Mutable; used by one generator.
 */
final class Drafts {

    private Drafts() {}

    static final class PersonState {
        final String id;
        final String sex;
        final int birthYear;
        final String country;
        String permitType;
        LocalDate permitValidTo;
        LocalDate permitRenewedOn;
        LocalDate emigratedOn;
        LocalDate returnedOn;
        String addressId;
        String accountId;
        double monthlyIncome;
        String employerId;
        final List<Integer> children = new ArrayList<>();
        final List<String> assistants = new ArrayList<>();
        final java.util.Set<Benefit> benefits = java.util.EnumSet.noneOf(Benefit.class);
        final Map<YearMonth, String[]> extraIncome = new HashMap<>();

        PersonState(String id, String sex, int birthYear, String country, String permitType, LocalDate permitValidTo) {
            this.id = id;
            this.sex = sex;
            this.birthYear = birthYear;
            this.country = country;
            this.permitType = permitType;
            this.permitValidTo = permitValidTo;
        }
    }

    static final class RecipientYear {
        final PersonState person;
        final BenefitTargets targets;
        final int year;
        final double weight;
        final List<ClaimDraft> claims = new ArrayList<>();
        final List<PaymentDraft> payments = new ArrayList<>();
        boolean hasError;
        /** Every year of this person's receipt of this benefit, in order. */
        List<RecipientYear> allYears = List.of();

        RecipientYear(PersonState person, BenefitTargets targets, int year, double weight) {
            this.person = person;
            this.targets = targets;
            this.year = year;
            this.weight = weight;
        }
    }

    static final class ClaimDraft {
        final String id;
        final RecipientYear ry;
        final Channel channel;
        LocalDate submitted;
        LocalDate periodStart;
        LocalDate periodEnd;
        final int claimed;
        double amount;
        double declaredIncome;
        int childIndex = -1;
        String providerId;
        double grantedHours = Double.NaN;
        int absenceDays;
        String absenceKind;
        boolean investigated;
        boolean randomControl;
        final List<PaymentDraft> payments = new ArrayList<>();

        ClaimDraft(
                String id,
                RecipientYear ry,
                Channel channel,
                LocalDate submitted,
                LocalDate periodStart,
                LocalDate periodEnd,
                int claimed) {
            this.id = id;
            this.ry = ry;
            this.channel = channel;
            this.submitted = submitted;
            this.periodStart = periodStart;
            this.periodEnd = periodEnd;
            this.claimed = claimed;
        }
    }

    static final class PaymentDraft {
        final String id;
        final ClaimDraft claim;
        final LocalDate payDate;
        double amount;
        boolean advance;
        Episode episode;
        double incorrect;

        PaymentDraft(String id, ClaimDraft claim, LocalDate payDate, double amount) {
            this.id = id;
            this.claim = claim;
            this.payDate = payDate;
            this.amount = amount;
        }
    }

    static final class Episode {
        final RecipientYear ry;
        final boolean large;
        final double draw;
        final List<PaymentDraft> payments;
        /** For G5: whether the hours are over-reported exactly to the grant (else the provider lost its licence). */
        final boolean g5Exact;

        String id;
        double amount;
        String cause;
        boolean intentional;
        Mechanism.Timing timing;
        Mechanism mechanism;
        String detectedBy;
        LocalDate detectedOn;

        Episode(RecipientYear ry, boolean large, double draw, List<PaymentDraft> payments, boolean g5Exact) {
            this.g5Exact = g5Exact;
            this.ry = ry;
            this.large = large;
            this.draw = draw;
            this.payments = payments;
        }

        double entitlement() {
            double sum = 0;
            for (PaymentDraft p : payments) {
                if (p.episode == null) {
                    sum += p.amount;
                }
            }
            return sum;
        }

        /**
         * Spreads the amount over the payments in proportion to them; a payment belongs to one episode.
         *
         * @return false when another episode holds all of this one's payments
         */
        boolean allocate() {
            double entitlement = entitlement();
            if (entitlement <= 0 || amount <= 0) {
                return false;
            }
            double share = Math.min(1, amount / entitlement);
            List<PaymentDraft> mine = new ArrayList<>();
            for (PaymentDraft p : payments) {
                if (p.episode == null) {
                    p.episode = this;
                    p.incorrect = Math.min(p.amount, Math.round(p.amount * share * 100) / 100.0);
                    mine.add(p);
                }
            }
            payments.clear();
            payments.addAll(mine);
            amount = 0;
            for (PaymentDraft p : mine) {
                amount += p.incorrect;
            }
            ry.hasError = true;
            return true;
        }
    }
}
