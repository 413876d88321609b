package org.korrekt.scoring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import org.korrekt.features.Application;
import org.korrekt.features.FeatureDefinition;
import org.korrekt.features.FeatureExtractor;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.scoring.model.ModelBundle;

/**
 * Scores applications into decisions: features, the profile's model, the decision policy, the
 * random control draw, and reasons (each feature's exact contribution to the log-odds of the
 * linear model; only features that raise the score are given as reasons).
 *
 * <p>Thread-safe. The model bundle can be swapped atomically while scoring goes on; each call
 * uses one bundle throughout. Features and contributions are computed in per-thread buffers.
 */
public final class ScoringService {

    private final FeatureExtractor<Application> extractor;
    private final AtomicReference<ModelBundle> bundle;
    private final DoubleSupplier uniform;
    private final Clock clock;
    private final ThreadLocal<Scratch> scratch;

    /**
     * @param extractor the running feature code
     * @param bundle the model bundle to score with
     * @param uniform draws in [0, 1) for the random control sample
     * @param clock the time of decisions
     */
    public ScoringService(
            FeatureExtractor<Application> extractor, ModelBundle bundle, DoubleSupplier uniform, Clock clock) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.bundle = new AtomicReference<>(checkFits(extractor.schema(), bundle));
        this.uniform = Objects.requireNonNull(uniform, "uniform");
        this.clock = Objects.requireNonNull(clock, "clock");
        int n = extractor.schema().size();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(n));
    }

    /** The bundle currently scoring. */
    public ModelBundle bundle() {
        return bundle.get();
    }

    /** Replaces the bundle; requests already scoring finish with the old one. */
    public void activate(ModelBundle next) {
        bundle.set(checkFits(extractor.schema(), next));
    }

    /** The feature schema of the running feature code. */
    public FeatureSchema schema() {
        return extractor.schema();
    }

    /** The control unit whose queue receives cases for {@code application}: one unit per benefit. */
    public static String unitFor(Application application) {
        return application.benefit().code();
    }

    /** Scores one application. */
    public Decision score(Application application) {
        ModelBundle current = bundle.get();
        LogisticRegressionModel model = current.model();
        DecisionPolicy policy = current.policy();
        Scratch s = scratch.get();
        extractor.extract(application, s.features);
        double score = model.score(s.features);
        model.contributions(s.features, s.contributions);
        boolean randomControl = policy.randomControl(uniform.getAsDouble());
        return new Decision(
                UUID.randomUUID(),
                clock.instant(),
                application,
                current.profile(),
                current.version(),
                score,
                score * application.amountSek(),
                policy.band(score),
                policy.action(score, randomControl),
                randomControl,
                reasons(s),
                s.features.clone());
    }

    private List<Reason> reasons(Scratch s) {
        FeatureSchema schema = extractor.schema();
        int[] top = s.top;
        int count = 0;
        double[] c = s.contributions;
        for (int i = 0; i < c.length; i++) {
            if (!(c[i] > 0) || !schema.feature(i).explainable()) {
                continue;
            }
            // Keep the strongest contributions, sorted descending, by insertion.
            int position;
            if (count < top.length) {
                position = count++;
            } else if (c[i] > c[top[top.length - 1]]) {
                position = top.length - 1;
            } else {
                continue;
            }
            while (position > 0 && c[top[position - 1]] < c[i]) {
                top[position] = top[position - 1];
                position--;
            }
            top[position] = i;
        }
        List<Reason> reasons = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int i = top[k];
            FeatureDefinition feature = schema.feature(i);
            reasons.add(new Reason(
                    feature.reasonCode(), feature.reasonSv(), feature.reasonEn(), feature.name(), s.features[i], c[i]));
        }
        return reasons;
    }

    private static ModelBundle checkFits(FeatureSchema schema, ModelBundle bundle) {
        Objects.requireNonNull(bundle, "bundle");
        if (!bundle.model().schemaFingerprint().equals(schema.fingerprint())) {
            throw new IllegalArgumentException("bundle " + bundle.profile() + "/" + bundle.version()
                    + " was trained on another feature schema than the running one");
        }
        return bundle;
    }

    private static final class Scratch {
        final double[] features;
        final double[] contributions;
        final int[] top = new int[Decision.MAX_REASONS];

        Scratch(int n) {
            features = new double[n];
            contributions = new double[n];
        }
    }
}
