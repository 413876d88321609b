package org.korrekt.scoring;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.korrekt.features.model.ArtifactException;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.features.model.DecisionThresholds;
import org.korrekt.features.model.ScoreDistribution;

/**
 * A profile's decision policy file, {@code policy.json}: how its scores become actions. It sits in
 * the profile's folder of the models directory ({@code MODELS/PROFILE/policy.json}), beside the
 * bundle versions, so that the unit's capacity can change without retraining; a built-in profile
 * without one uses korrekt's default ({@code org/korrekt/scoring/policy/PROFILE.policy.json}).
 *
 * <pre>{@code
 * {
 *   "capacity": { "manualChecksPerDay": 400, "applicationsPerDay": 4000,
 *                 "holdShareOfChecks": 0.2, "extraQuestionsShare": 0.10 },
 *   "randomControlShare": 0.02,
 *   "minCaseAmountSek": 2000,
 *   "questions": [ { "code": "VAB_CHILDCARE", "sv": "...", "en": "...",
 *                    "reasons": ["CHILD_AT_CHILDCARE"] } ]
 * }
 * }</pre>
 *
 * <p>Thresholds come from one of: {@code "thresholds"} (explicit {@code extraQuestions},
 * {@code manualCheck}, {@code holdPayment}); {@code "capacity"} (derived from the test-period score
 * distribution recorded in the bundle: the unit's manual checks per day, less the random control
 * sample, set the share that is checked, and {@code holdShareOfChecks} of those are held); or
 * neither, the thresholds the bundle was trained with. Every key is optional; an unknown key is
 * an error, and every error names the key.
 *
 * @param thresholds explicit thresholds, or null
 * @param capacity the unit's capacity, or null
 * @param randomControlShare the random control share, or NaN for the service's default
 * @param minCaseAmountSek the amount limit in SEK, or NaN for none
 * @param questions the extra control questions
 * @param source where the file was read from, for messages
 * @param sha256 the SHA-256 of the file's bytes as read, or null (a built-in default, none, or text parsed)
 */
public record PolicyFile(
        DecisionThresholds thresholds,
        Capacity capacity,
        double randomControlShare,
        double minCaseAmountSek,
        List<Question> questions,
        String source,
        String sha256) {

    /** The policy file's name in a profile's folder. */
    public static final String FILE_NAME = "policy.json";

    private static final Set<String> KEYS =
            Set.of("description", "thresholds", "capacity", "randomControlShare", "minCaseAmountSek", "questions");

    /**
     * A unit's capacity.
     *
     * @param manualChecksPerDay manual checks (including held payments) the unit can take per day
     * @param applicationsPerDay applications of the profile scored per day
     * @param holdShareOfChecks the share of the risk-selected checks whose payment is held, in [0, 1]
     * @param extraQuestionsShare the share of applications asked extra questions, in [0, 1]
     */
    public record Capacity(
            double manualChecksPerDay,
            double applicationsPerDay,
            double holdShareOfChecks,
            double extraQuestionsShare) {

        /** Default share of checks whose payment is held: a fifth. */
        public static final double DEFAULT_HOLD_SHARE_OF_CHECKS = 0.2;

        /** The share of applications the unit can check by hand. */
        public double checkedShare() {
            return Math.min(1, manualChecksPerDay / applicationsPerDay);
        }
    }

    public PolicyFile {
        questions = List.copyOf(questions);
        Objects.requireNonNull(source, "source");
    }

    /** A profile with no policy file: the bundle's thresholds, the service's share, no limit, no questions. */
    public static PolicyFile none() {
        return new PolicyFile(null, null, Double.NaN, Double.NaN, List.of(), "none", null);
    }

    /**
     * The policy file of {@code profile}: {@code profileDir/policy.json} if it exists, else the
     * built-in default of that profile name, else {@link #none()}.
     *
     * @throws PolicyException if the file cannot be read or is not a valid policy
     */
    public static PolicyFile forProfile(Path profileDir, String profile) throws PolicyException {
        return forProfile(profileDir, profile, List.of());
    }

    /**
     * The policy file of {@code profile}, as {@link #forProfile(Path, String)}; with {@code signedBy},
     * an operator's {@code policy.json} must carry a signature made with one of their private keys ({@code
     * policy.json.sig}, written by {@code korrekt sign-policy}), as the service's bundles must. The
     * built-in defaults ship with korrekt and need none.
     *
     * @param signedBy the public keys one of which must have signed a policy file, none to check no signature
     * @throws PolicyException if the file cannot be read, is not a valid policy, or is not signed
     *     with one of {@code signedBy}
     */
    public static PolicyFile forProfile(Path profileDir, String profile, List<PublicKey> signedBy)
            throws PolicyException {
        Path file = profileDir.resolve(FILE_NAME);
        if (!signedBy.isEmpty() && Files.exists(file)) {
            byte[] signed;
            try {
                signed = BundleSignature.verify(file, signedBy);
            } catch (ArtifactException e) {
                throw new PolicyException(e.getMessage() + "; the service serves only policies signed with its"
                        + " --bundle-public-key: sign it with korrekt sign-policy " + file + " --sign-key KEY");
            }
            return parse(signed, file);
        }
        if (!signedBy.isEmpty() && Files.exists(BundleSignature.signatureOf(file))) {
            // a signed policy was there: removing it must not quietly put the built-in default in its place
            throw new PolicyException(file + " is missing but its signature " + BundleSignature.signatureOf(file)
                    + " is there: a signed policy was removed. Put it back, or remove the signature too to serve"
                    + " korrekt's built-in default");
        }
        try {
            return parse(Files.readAllBytes(file), file);
        } catch (NoSuchFileException e) {
            // no operator policy: the built-in default below
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot be read: " + e.getMessage());
        }
        String resource = "policy/" + profile + ".policy.json";
        try (InputStream in = PolicyFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                return none();
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + resource);
        } catch (IOException e) {
            throw new PolicyException("built-in " + resource + ": cannot be read: " + e.getMessage());
        }
    }

    /** Parses a policy file's bytes, keeping their SHA-256 for the record of what decided. */
    private static PolicyFile parse(byte[] content, Path file) throws PolicyException {
        PolicyFile parsed = parse(new String(content, StandardCharsets.UTF_8), file.toString());
        return new PolicyFile(
                parsed.thresholds,
                parsed.capacity,
                parsed.randomControlShare,
                parsed.minCaseAmountSek,
                parsed.questions,
                parsed.source,
                org.korrekt.features.model.Checksums.sha256Hex(content));
    }

    /**
     * Parses a policy file's text.
     *
     * @param source where it came from, named in errors
     * @throws PolicyException naming the offending key
     */
    public static PolicyFile parse(String json, String source) throws PolicyException {
        JsonObject root;
        try {
            root = new JsonObject(json);
        } catch (DecodeException | ClassCastException e) {
            // Jackson's message goes on with a line about where it read from; the first says what is wrong
            throw new PolicyException(source + ": not a JSON object: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        for (String key : root.fieldNames()) {
            if (!KEYS.contains(key)) {
                throw new PolicyException(source + ": unknown key '" + key + "'; the keys are " + KEYS);
            }
        }
        DecisionThresholds thresholds = null;
        Capacity capacity = null;
        if (root.containsKey("thresholds") && root.containsKey("capacity")) {
            throw new PolicyException(source + ": give 'thresholds' or 'capacity', not both");
        }
        if (root.containsKey("thresholds")) {
            JsonObject t = object(root, "thresholds", source);
            only(t, Set.of("extraQuestions", "manualCheck", "holdPayment"), "thresholds", source);
            try {
                thresholds = new DecisionThresholds(
                        number(t, "extraQuestions", "thresholds.", source, 0, 1),
                        number(t, "manualCheck", "thresholds.", source, 0, 1),
                        number(t, "holdPayment", "thresholds.", source, 0, 1));
            } catch (IllegalArgumentException e) {
                throw new PolicyException(source + ": thresholds: " + e.getMessage());
            }
        }
        if (root.containsKey("capacity")) {
            JsonObject c = object(root, "capacity", source);
            only(
                    c,
                    Set.of("manualChecksPerDay", "applicationsPerDay", "holdShareOfChecks", "extraQuestionsShare"),
                    "capacity",
                    source);
            double checks = number(c, "manualChecksPerDay", "capacity.", source, 1e-9, 1e9);
            double applications = number(c, "applicationsPerDay", "capacity.", source, 1e-9, 1e12);
            double hold = c.containsKey("holdShareOfChecks")
                    ? number(c, "holdShareOfChecks", "capacity.", source, 0, 1)
                    : Capacity.DEFAULT_HOLD_SHARE_OF_CHECKS;
            double questions = c.containsKey("extraQuestionsShare")
                    ? number(c, "extraQuestionsShare", "capacity.", source, 0, 1)
                    : DecisionThresholds.EXTRA_QUESTIONS_SHARE;
            capacity = new Capacity(checks, applications, hold, questions);
        }
        double share = root.containsKey("randomControlShare")
                ? number(root, "randomControlShare", "", source, 0, 0.5)
                : Double.NaN;
        double limit = root.containsKey("minCaseAmountSek")
                ? number(root, "minCaseAmountSek", "", source, 0, org.korrekt.features.Application.MAX_AMOUNT_SEK)
                : Double.NaN;
        List<Question> questions = new ArrayList<>();
        if (root.containsKey("questions")) {
            if (!(root.getValue("questions") instanceof JsonArray array)) {
                throw new PolicyException(source + ": 'questions' must be an array");
            }
            for (int i = 0; i < array.size(); i++) {
                String at = "questions[" + i + "]";
                if (!(array.getValue(i) instanceof JsonObject q)) {
                    throw new PolicyException(source + ": '" + at + "' must be an object");
                }
                only(q, Set.of("code", "sv", "en", "reasons"), at, source);
                List<String> reasons = new ArrayList<>();
                if (q.containsKey("reasons")) {
                    if (!(q.getValue("reasons") instanceof JsonArray codes)) {
                        throw new PolicyException(source + ": '" + at + ".reasons' must be an array of reason codes");
                    }
                    for (Object code : codes) {
                        if (!(code instanceof String s)) {
                            throw new PolicyException(
                                    source + ": '" + at + ".reasons' must be an array of reason codes");
                        }
                        reasons.add(s);
                    }
                }
                try {
                    Question question = new Question(
                            text(q, "code", at, source), text(q, "sv", at, source), text(q, "en", at, source), reasons);
                    for (Question earlier : questions) {
                        if (earlier.code().equals(question.code())) {
                            throw new PolicyException(source + ": '" + at + ".code' repeats " + question.code());
                        }
                    }
                    questions.add(question);
                } catch (IllegalArgumentException e) {
                    throw new PolicyException(source + ": '" + at + "': " + e.getMessage());
                }
            }
        }
        return new PolicyFile(thresholds, capacity, share, limit, questions, source, null);
    }

    /**
     * The decision policy of a bundle under this file.
     *
     * @param trained the thresholds the bundle was trained with
     * @param scores the bundle's test-period score distribution, or null when it has none
     * @param defaultRandomControlShare the service's share, for a file that sets none
     * @throws PolicyException if the capacity cannot be met (the random control sample alone takes
     *     it) or the bundle has no score distribution to derive thresholds from
     */
    public DecisionPolicy policy(DecisionThresholds trained, ScoreDistribution scores, double defaultRandomControlShare)
            throws PolicyException {
        double share = Double.isNaN(randomControlShare) ? defaultRandomControlShare : randomControlShare;
        double limit = Double.isNaN(minCaseAmountSek) ? 0 : minCaseAmountSek;
        DecisionThresholds t;
        String basis;
        if (thresholds != null) {
            t = thresholds;
            basis = "explicit";
        } else if (capacity != null) {
            if (scores == null) {
                throw new PolicyException(source + ": 'capacity' needs the bundle's score distribution, which bundles"
                        + " written before it was recorded lack: retrain, or give explicit 'thresholds'");
            }
            double selected = selectedShare(share);
            double manual = scores.scoreAtTopShare(selected);
            double hold = Math.max(manual, scores.scoreAtTopShare(selected * capacity.holdShareOfChecks()));
            double questions = Math.min(manual, scores.scoreAtTopShare(capacity.extraQuestionsShare()));
            t = new DecisionThresholds(questions, manual, hold);
            basis = String.format(
                    Locale.ROOT,
                    "capacity %.0f checks/day of %.0f applications/day",
                    capacity.manualChecksPerDay(),
                    capacity.applicationsPerDay());
        } else {
            t = trained;
            basis = "bundle";
        }
        return new DecisionPolicy(t.extraQuestions(), t.manualCheck(), t.holdPayment(), share, limit, questions, basis);
    }

    /**
     * Checks what this policy can check without a bundle, with {@code defaultRandomControlShare}
     * where the file sets no share: that a capacity leaves checks to the scores once the random
     * control sample has its share.
     *
     * @throws PolicyException as {@link #policy} would, for any bundle
     */
    public void check(double defaultRandomControlShare) throws PolicyException {
        if (thresholds == null && capacity != null) {
            selectedShare(Double.isNaN(randomControlShare) ? defaultRandomControlShare : randomControlShare);
        }
    }

    /** The share of applications the capacity leaves to the scores, after the random control sample's. */
    private double selectedShare(double share) throws PolicyException {
        double selected = capacity.checkedShare() - share;
        if (!(selected > 0)) {
            throw new PolicyException(String.format(
                    Locale.ROOT,
                    "%s: 'capacity' of %.0f checks a day in %.0f applications (%.2f %%) is taken by the random"
                            + " control sample (%.2f %%) alone: raise the capacity or lower randomControlShare",
                    source,
                    capacity.manualChecksPerDay(),
                    capacity.applicationsPerDay(),
                    100 * capacity.checkedShare(),
                    100 * share));
        }
        return selected;
    }

    private static JsonObject object(JsonObject o, String key, String source) throws PolicyException {
        if (!(o.getValue(key) instanceof JsonObject value)) {
            throw new PolicyException(source + ": '" + key + "' must be an object");
        }
        return value;
    }

    private static void only(JsonObject o, Set<String> keys, String where, String source) throws PolicyException {
        for (String key : o.fieldNames()) {
            if (!keys.contains(key)) {
                throw new PolicyException(source + ": unknown key '" + where + "." + key + "'; the keys are " + keys);
            }
        }
    }

    private static double number(JsonObject o, String key, String prefix, String source, double min, double max)
            throws PolicyException {
        if (!(o.getValue(key) instanceof Number n)) {
            throw new PolicyException(source + ": '" + prefix + key + "' must be a number");
        }
        double v = n.doubleValue();
        if (!(v >= min && v <= max)) {
            throw new PolicyException(
                    source + ": '" + prefix + key + "' must be in [" + min + ", " + max + "], was " + v);
        }
        return v;
    }

    private static String text(JsonObject o, String key, String at, String source) throws PolicyException {
        if (!(o.getValue(key) instanceof String s) || s.isBlank()) {
            throw new PolicyException(source + ": '" + at + "." + key + "' must be a non-empty string");
        }
        return s;
    }

    /** A policy file that cannot be used; the message names the file and the key. */
    public static final class PolicyException extends Exception {
        private static final long serialVersionUID = 1L;

        public PolicyException(String message) {
            super(message);
        }
    }
}
