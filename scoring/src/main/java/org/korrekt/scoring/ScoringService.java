package org.korrekt.scoring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.korrekt.features.Application;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.FeatureDefinition;
import org.korrekt.features.FeatureExtractor;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.ReasonConditions;
import org.korrekt.features.history.Days;
import org.korrekt.features.model.CompiledModel;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.features.model.SelectionProfileModel;
import org.korrekt.features.rules.Rule;
import org.korrekt.features.rules.Severity;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.model.ModelRegistry;

/**
 * Scores applications into decisions: features, the profile's model, the decision policy, the
 * random control draw, and reasons: the rules that hit, then, for a decision that acts (any action
 * but {@link Action#PASS}, or a random control), the features whose exact contributions to the
 * log-odds raise the score most. A plain {@code PASS} carries its rule reasons only: the exact
 * contributions (TreeSHAP for tree ensembles) cost far more than the score, and nobody acts on them.
 *
 * <p>Thread-safe. The model bundle can be swapped atomically while scoring goes on; each call
 * uses one bundle throughout. Features and contributions are computed in per-thread buffers.
 */
public final class ScoringService {

    private final FeatureExtractor<Application> extractor;
    private final AtomicReference<Supplier<ModelRegistry.State>> models;
    private final ToDoubleFunction<Application> draw;
    private final Clock clock;
    private static final Severity[] SEVERITIES = Severity.values();

    private final ThreadLocal<Scratch> scratch;
    private final ClaimChecks checks;

    /** The thresholds of the bundle that scored last: computed once per bundle, not per request. */
    private volatile ReasonThresholds reasonThresholds;

    /**
     * @param extractor the running feature code
     * @param bundle the model bundle to score with
     * @param uniform draws in [0, 1) for the random control sample
     * @param clock the time of decisions
     */
    public ScoringService(
            FeatureExtractor<Application> extractor, ModelBundle bundle, DoubleSupplier uniform, Clock clock) {
        this(extractor, bundle, uniform, clock, ClaimChecks.applicationOnly());
    }

    /**
     * A service whose decisions also carry the hits of {@code checks}' rules (first among the
     * reasons) and whose features come from the checks' schema, which must begin with the model's.
     */
    public ScoringService(
            FeatureExtractor<Application> extractor,
            ModelBundle bundle,
            DoubleSupplier uniform,
            Clock clock,
            ClaimChecks checks) {
        this(extractor, bundle, drawOf(uniform), clock, checks);
    }

    private static ToDoubleFunction<Application> drawOf(DoubleSupplier uniform) {
        Objects.requireNonNull(uniform, "uniform");
        return application -> uniform.getAsDouble();
    }

    /**
     * A service whose random control draw for an application is {@code draw}'s, in [0, 1): a
     * {@link RandomControlDraw}, so that an application is drawn, or not, each time it is scored.
     */
    public ScoringService(
            FeatureExtractor<Application> extractor,
            ModelBundle bundle,
            ToDoubleFunction<Application> draw,
            Clock clock,
            ClaimChecks checks) {
        this.checks = Objects.requireNonNull(checks, "checks");
        List<String> modelNames = extractor.schema().names();
        List<String> checkNames = checks.schema().names();
        if (checkNames.size() < modelNames.size()
                || !checkNames.subList(0, modelNames.size()).equals(modelNames)) {
            throw new IllegalArgumentException(
                    "the checks' schema " + checks.schema().name() + " does not begin with the model's schema "
                            + extractor.schema().name());
        }
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        ModelRegistry.State only = new ModelRegistry.State(checkFits(bundle), null, null);
        this.models = new AtomicReference<>(() -> only);
        this.draw = Objects.requireNonNull(draw, "draw");
        this.clock = Objects.requireNonNull(clock, "clock");
        int all = checks.schema().size();
        int rules = checks.rules().size();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(all, rules));
    }

    /** The bundle currently scoring (the champion). */
    public ModelBundle bundle() {
        return models.get().get().champion();
    }

    /**
     * Scores from now on with {@code registry}'s champion, and its shadow in shadow; each request
     * reads the registry's state once.
     */
    public void serveFrom(ModelRegistry registry) {
        checkFits(registry.state().champion());
        models.set(registry::state);
    }

    /** Whether the running feature code can score with {@code bundle}. */
    public boolean fits(ModelBundle bundle) {
        try {
            checkFits(bundle);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The feature schema of the running feature code. */
    public FeatureSchema schema() {
        return checks.schema();
    }

    /** The rule checks and the person history they read. */
    public ClaimChecks checks() {
        return checks;
    }

    /** Scores one application. */
    public Decision score(Application application) {
        return score(application, null);
    }

    /**
     * Scores an application as of the day it was submitted; {@code child} is the pseudonym of the
     * child a VAB application names, or null. The application is then recorded in the person
     * history, where later scorings see it from the next day on.
     */
    public Decision score(Application application, String child) {
        return score(application, child, state());
    }

    /** The models serving now: the champion, and the shadow if any. */
    public ModelRegistry.State state() {
        return models.get().get();
    }

    /**
     * As {@link #score(Application, String)}, by the models of {@code state} (taken from {@link
     * #state()}): a batch scores every item by the state it began with, so that an activation
     * while it is scored does not split it between two versions.
     */
    public Decision score(Application application, String child, ModelRegistry.State state) {
        ModelBundle current = state.champion();
        CompiledModel model = current.model();
        int n = model.featureCount();
        DecisionPolicy policy = current.policy();
        Scratch s = scratch.get();
        // the features, and the application recorded for later scorings, in one step of the history
        int hitCount = checks.evaluateAndRecord(
                application, child, Days.of(application.submittedOn()), s.checkFeatures, s.hits);
        // a model on the application schema reads the claim vector's prefix; one on the claim schema all of it
        System.arraycopy(s.checkFeatures, 0, s.features, 0, n);
        double score = model.score(s.features);
        boolean randomControl = policy.randomControl(draw.applyAsDouble(application));
        Action action = policy.action(score, randomControl);
        List<Reason> reasons = new ArrayList<>(Decision.MAX_REASONS);
        Severity strongest = ruleReasons(s, hitCount, reasons);
        if (strongest == Severity.HIGH && action.compareTo(Action.MANUAL_CHECK) < 0) {
            action = Action.MANUAL_CHECK;
        } else if (strongest == Severity.MEDIUM && action.compareTo(Action.EXTRA_QUESTIONS) < 0) {
            action = Action.EXTRA_QUESTIONS;
        }
        if (action != Action.PASS || randomControl) {
            // Exact reasons (TreeSHAP for trees) cost far more than the score: only for decisions that act.
            model.contributions(s.features, s.contributions);
            modelReasons(s, reasonThresholds(current, n), reasons);
        }
        boolean belowAmountLimit = false;
        if (action.opensCase() && !randomControl && policy.belowAmountLimit(application.amountSek())) {
            action = Action.EXTRA_QUESTIONS;
            belowAmountLimit = true;
        }
        List<Question> questions = action == Action.EXTRA_QUESTIONS ? policy.questionsFor(reasons) : List.of();
        List<ShadowScore> shadow = List.of();
        ModelBundle challenger = state.shadow();
        if (challenger != null) {
            CompiledModel shadowModel = challenger.model();
            System.arraycopy(s.checkFeatures, 0, s.features, 0, shadowModel.featureCount());
            double shadowScore = shadowModel.score(s.features);
            shadow = List.of(new ShadowScore(
                    challenger.profile(),
                    challenger.version(),
                    shadowScore,
                    challenger.policy().action(shadowScore, false)));
        }
        return new Decision(
                UUID.randomUUID(),
                // microseconds, as PostgreSQL keeps it: the answer, the record and the case agree
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                application,
                child,
                current.profile(),
                current.version(),
                score,
                score * application.amountSek(),
                policy.band(score),
                action,
                randomControl,
                reasons,
                s.checkFeatures.clone(),
                policy,
                checks.rulesVersion(),
                shadow,
                belowAmountLimit,
                questions);
    }

    /**
     * The values above which each feature's reason is true of it, for {@code bundle}, whose model
     * reads the first {@code n} features: its own, or the cached ones of the bundle before.
     */
    private ReasonThresholds reasonThresholds(ModelBundle bundle, int n) {
        ReasonThresholds cached = reasonThresholds;
        if (cached != null && cached.bundle == bundle) {
            return cached;
        }
        FeatureSchema schema = n == checks.schema().size() ? checks.schema() : extractor.schema();
        CompiledModel model = bundle.model();
        double[] means = model instanceof SelectionProfileModel profile
                ? profile.logistic().means()
                : model instanceof LogisticRegressionModel logistic ? logistic.means() : null;
        ReasonThresholds computed = new ReasonThresholds(bundle, schema, ReasonConditions.thresholds(schema, means));
        reasonThresholds = computed;
        return computed;
    }

    /** The reason thresholds of one bundle ({@link ReasonConditions#thresholds}). */
    private record ReasonThresholds(ModelBundle bundle, FeatureSchema schema, double[] above) {}

    /**
     * The rules' hits as reasons, the most severe first (in the rule file's order within a
     * severity), with the value of the feature that decided each; returns the highest severity hit,
     * or null. A rule hit has no model contribution: its {@code contribution} is 0.
     */
    private Severity ruleReasons(Scratch s, int hitCount, List<Reason> reasons) {
        Severity strongest = null;
        for (int level = SEVERITIES.length - 1; level >= 0; level--) {
            Severity severity = SEVERITIES[level];
            for (int h = 0; h < hitCount && reasons.size() < Decision.MAX_REASONS; h++) {
                Rule rule = checks.rules().rule(s.hits[h]);
                if (rule.severity() != severity) {
                    continue;
                }
                int feature = checks.rules().decisiveFeature(s.hits[h]);
                reasons.add(new Reason(
                        rule.code(),
                        rule.textSv(),
                        rule.textEn(),
                        checks.schema().feature(feature).name(),
                        s.checkFeatures[feature],
                        0.0));
                if (strongest == null) {
                    strongest = severity;
                }
            }
        }
        return strongest;
    }

    private void modelReasons(Scratch s, ReasonThresholds thresholds, List<Reason> reasons) {
        FeatureSchema schema = thresholds.schema;
        double[] above = thresholds.above;
        int[] top = s.top;
        int slots = Decision.MAX_REASONS - reasons.size();
        int count = 0;
        double[] c = s.contributions;
        int n = schema.size();
        for (int i = 0; i < n; i++) {
            // A contribution that raises the score is a reason only when its text is true of the
            // value: an amount of 0 can raise an anomaly score, but "High amount applied for"
            // would say the opposite of what happened (ReasonConditions). A missing value is none.
            if (!(c[i] > 0) || !(s.features[i] > above[i])) {
                continue;
            }
            // Keep the strongest contributions, sorted descending, by insertion.
            int position;
            if (slots == 0) {
                break;
            }
            if (count < slots) {
                position = count++;
            } else if (c[i] > c[top[slots - 1]]) {
                position = slots - 1;
            } else {
                continue;
            }
            while (position > 0 && c[top[position - 1]] < c[i]) {
                top[position] = top[position - 1];
                position--;
            }
            top[position] = i;
        }
        for (int k = 0; k < count; k++) {
            int i = top[k];
            FeatureDefinition feature = schema.feature(i);
            reasons.add(new Reason(
                    feature.reasonCode(), feature.reasonSv(), feature.reasonEn(), feature.name(), s.features[i], c[i]));
        }
    }

    /**
     * Accepts a bundle trained on the application schema, or on the claim schema when the checks
     * compute it (the service keeps a person history).
     */
    private ModelBundle checkFits(ModelBundle bundle) {
        Objects.requireNonNull(bundle, "bundle");
        String fingerprint = bundle.model().schemaFingerprint();
        if (fingerprint.equals(extractor.schema().fingerprint())) {
            return bundle;
        }
        if (fingerprint.equals(checks.schema().fingerprint())
                && checks.schema().size() == bundle.model().featureCount()) {
            return bundle;
        }
        if (fingerprint.equals(ClaimFeatures.SCHEMA.fingerprint())) {
            throw new IllegalArgumentException("bundle " + bundle.profile() + "/" + bundle.version()
                    + " was trained on the claim features, which need the person history: start the service"
                    + " with --history");
        }
        throw new IllegalArgumentException("bundle " + bundle.profile() + "/" + bundle.version()
                + " was trained on another feature schema than the running one");
    }

    private static final class Scratch {
        final double[] features;
        final double[] contributions;
        final int[] top = new int[Decision.MAX_REASONS];
        final double[] checkFeatures;
        final int[] hits;

        Scratch(int all, int rules) {
            features = new double[all];
            contributions = new double[all];
            checkFeatures = new double[all];
            hits = new int[rules];
        }
    }
}
