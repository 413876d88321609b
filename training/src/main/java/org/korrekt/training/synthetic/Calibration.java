package org.korrekt.training.synthetic;

/**
 * How one benefit's error model was calibrated, and which targets it could not reach.
 *
 * @param incidence the factor on the E- and F-episode probabilities of domain.md 7.5
 * @param amountFactor the factor on episode amounts that fits the incorrect share (Tabell 68)
 * @param detectE the detection probability of an E-episode
 * @param detectF the detection probability of an F-episode
 * @param amountTargetReachable whether the episodes' payments could carry the target amount
 * @param detectedCountReachable whether detection matches the count (Tabell 63) as well as the amount
 * @param recoveryCountReachable whether enough detected cases reach the recovery threshold (Tabell 76)
 * @param recoveryAmountReachable whether the claimed share of the detected amount (Tabell 77) was reached
 */
public record Calibration(
        double incidence,
        double amountFactor,
        double detectE,
        double detectF,
        boolean amountTargetReachable,
        boolean detectedCountReachable,
        boolean recoveryCountReachable,
        boolean recoveryAmountReachable) {

    /** The error model's calibration, before detection is solved. */
    static Calibration ofErrors(double incidence, double amountFactor, boolean amountTargetReachable) {
        return new Calibration(
                incidence, amountFactor, Double.NaN, Double.NaN, amountTargetReachable, true, true, true);
    }

    /** This calibration with the solved detection probabilities. */
    Calibration withDetection(double detectE, double detectF, boolean countReachable) {
        return new Calibration(
                incidence,
                amountFactor,
                detectE,
                detectF,
                amountTargetReachable,
                countReachable,
                recoveryCountReachable,
                recoveryAmountReachable);
    }

    /** This calibration, noting that the recovery count cannot be reached. */
    Calibration withRecoveryCountUnreachable() {
        return new Calibration(
                incidence,
                amountFactor,
                detectE,
                detectF,
                amountTargetReachable,
                detectedCountReachable,
                false,
                recoveryAmountReachable);
    }

    /** This calibration, noting that the recovered share of the amount cannot be reached. */
    Calibration withRecoveryAmountUnreachable() {
        return new Calibration(
                incidence,
                amountFactor,
                detectE,
                detectF,
                amountTargetReachable,
                detectedCountReachable,
                recoveryCountReachable,
                false);
    }
}
