package org.korrekt.training.synthetic;

import java.util.Objects;
import org.korrekt.features.Application;

/**
 * An application that arrives after the generated history, unlabelled, for scoring demos and
 * benchmarks.
 *
 * @param application the application as a self-service flow sends it
 * @param childId the pseudonym of the child a VAB application names (the child the recipient
 *     claimed for before), or null for the other benefits
 */
public record IncomingApplication(Application application, String childId) {

    /** Checks that the application is given. */
    public IncomingApplication {
        Objects.requireNonNull(application, "application");
    }
}
