package org.korrekt.features;

import java.util.ArrayList;
import java.util.List;
import org.korrekt.features.history.HistoryFeatures;
import org.korrekt.features.history.PersonHistoryStore;

/**
 * The features of an application in its person's history: the {@link ApplicationFeatures} first,
 * in the same positions, then the {@link HistoryFeatures}. A model trained on the application
 * schema reads the first slots of a claim vector unchanged; the claim rules read all of it.
 */
public final class ClaimFeatures {

    /**
     * Version 3 takes history version 3 (the other parent's overlap counts VAB claims only); version 2
     * appended the history schema's two assistance features. A bundle of an earlier version no
     * longer loads, since its fingerprint differs.
     */
    public static final FeatureSchema SCHEMA = new FeatureSchema("claim", 3, concat());

    private static final int HISTORY_OFFSET = ApplicationFeatures.SCHEMA_V1.size();

    private ClaimFeatures() {}

    private static List<FeatureDefinition> concat() {
        List<FeatureDefinition> all = new ArrayList<>(ApplicationFeatures.SCHEMA_V1.features());
        all.addAll(HistoryFeatures.SCHEMA.features());
        return all;
    }

    /**
     * Writes the claim features of {@code application}, scored on day {@code t} (days since
     * 1970-01-01) with the history in {@code store}, into {@code out}. {@code child} is the pseudonym
     * of the child a VAB application names, or null. Allocates nothing.
     */
    public static void extract(PersonHistoryStore store, Application application, String child, int t, double[] out) {
        ApplicationFeatures.v1().extract(application, out);
        HistoryFeatures.compute(store, application, child, t, out, HISTORY_OFFSET);
    }
}
