package org.korrekt.training.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.korrekt.features.model.ArtifactException;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.GateOverride;
import org.korrekt.training.profile.Json;

/**
 * Two bundles side by side, as {@code korrekt compare} prints them: what each bundle is (profile,
 * version, creation time, test period, gate verdict), the headline test metrics of every scorer
 * both bundles have, and the fairness ratios of every attribute and group both have, each with
 * the difference B &minus; A. Read from each bundle folder's {@code bundle.json} and
 * {@code evaluation.json}.
 *
 * @param a the first bundle (the baseline)
 * @param b the second bundle
 * @param scorers the metrics of each scorer present in both, in A's order
 * @param onlyInA scorers only A has
 * @param onlyInB scorers only B has
 * @param fairness the ratios of each attribute and group present in both, in A's order
 */
public record BundleComparison(
        Side a,
        Side b,
        List<ScorerMetrics> scorers,
        List<String> onlyInA,
        List<String> onlyInB,
        List<FairnessRatio> fairness) {

    /** The metrics compared per scorer: JSON path inside a scorer object, label, unit. */
    private static final List<MetricDefinition> METRICS = List.of(
            new MetricDefinition("rocAuc", "ROC AUC", Unit.RATE),
            new MetricDefinition("prAuc", "PR AUC", Unit.RATE),
            new MetricDefinition("brier", "Brier", Unit.RATE),
            new MetricDefinition("ece", "ECE", Unit.RATE),
            new MetricDefinition("atCapacity.precision", "precision at capacity", Unit.RATE),
            new MetricDefinition("atCapacity.recall", "recall at capacity", Unit.RATE),
            new MetricDefinition("atCapacity.incorrectSekFound", "incorrect SEK found", Unit.SEK),
            new MetricDefinition("atCapacity.sekPerInvestigation", "SEK per investigation", Unit.SEK),
            new MetricDefinition("atCapacity.liftOverRandom", "lift over random", Unit.RATE));

    /** The group ratios compared per attribute and group. */
    private static final List<MetricDefinition> RATIOS = List.of(
            new MetricDefinition("selectionRateRatio", "selection rate ratio", Unit.RATE),
            new MetricDefinition("precisionRatio", "precision ratio", Unit.RATE),
            new MetricDefinition("falsePositiveRateRatio", "false positive rate ratio", Unit.RATE),
            new MetricDefinition("truePositiveRateRatio", "true positive rate ratio", Unit.RATE));

    private static final String NONE = "—";
    private static final JsonFactory JSON = new JsonFactory();

    public BundleComparison {
        scorers = List.copyOf(scorers);
        onlyInA = List.copyOf(onlyInA);
        onlyInB = List.copyOf(onlyInB);
        fairness = List.copyOf(fairness);
    }

    /** How a number is shown. */
    public enum Unit {
        /** A rate, ratio or score: three decimals. */
        RATE,
        /** Swedish kronor: whole kronor with thousands separators. */
        SEK
    }

    /**
     * What a bundle is.
     *
     * @param folder the bundle folder as given
     * @param profile the selection profile's name
     * @param version the bundle's version
     * @param createdAt when it was written (ISO-8601), as recorded
     * @param evaluatedOn the evaluation's description of its test rows
     * @param testPeriod the model card's test period, or null
     * @param gateVerdict PASS, FAIL or NOT_EVALUATED; after FAIL, who overrode the gate, when and why, as the
     *     bundle's gate-override.json records it (or " (overridden)" for an override in evaluation.json)
     */
    public record Side(
            Path folder,
            String profile,
            String version,
            String createdAt,
            String evaluatedOn,
            String testPeriod,
            String gateVerdict) {}

    /**
     * One metric of one scorer in both bundles; a value is null where that bundle has none.
     *
     * @param metric the metric's key ({@code rocAuc}, {@code atCapacity.precision}, ...)
     * @param label the metric's name for people
     * @param unit how it is shown
     * @param a A's value
     * @param b B's value
     */
    public record Metric(String metric, String label, Unit unit, Double a, Double b) {
        /** B − A, or null when either is missing. */
        public Double difference() {
            return a == null || b == null ? null : b - a;
        }
    }

    /**
     * The compared metrics of one scorer both bundles have.
     *
     * @param scorer the scorer's name ({@code combined}, {@code logistic}, ...)
     * @param metrics its metrics, in a fixed order
     */
    public record ScorerMetrics(String scorer, List<Metric> metrics) {
        public ScorerMetrics {
            metrics = List.copyOf(metrics);
        }
    }

    /**
     * One ratio of one group in both bundles.
     *
     * @param attribute the protected attribute
     * @param group the group
     * @param ratio the ratio's values and difference
     * @param a A's value with its 95 % interval (any part may be null)
     * @param b B's value with its 95 % interval
     */
    public record FairnessRatio(String attribute, String group, Metric ratio, Interval a, Interval b) {}

    /**
     * A value with its 95 % confidence interval; any part may be null.
     *
     * @param value the point estimate
     * @param low the interval's lower bound
     * @param high the interval's upper bound
     */
    public record Interval(Double value, Double low, Double high) {}

    private record MetricDefinition(String path, String label, Unit unit) {}

    /**
     * Reads both bundle folders.
     *
     * @throws IOException naming the file when a bundle.json or evaluation.json is missing, unreadable,
     *     not JSON, or not a JSON object
     */
    public static BundleComparison read(Path bundleA, Path bundleB) throws IOException {
        Map<?, ?> manifestA = readObject(bundleA.resolve(BundleManifest.FILE_NAME));
        verify(bundleA, manifestA);
        Map<?, ?> evaluationA = readObject(bundleA.resolve(ReportHtml.EVALUATION_FILE_NAME));
        Map<?, ?> manifestB = readObject(bundleB.resolve(BundleManifest.FILE_NAME));
        verify(bundleB, manifestB);
        Map<?, ?> evaluationB = readObject(bundleB.resolve(ReportHtml.EVALUATION_FILE_NAME));

        Map<String, Map<?, ?>> scorersA = byName(evaluationA.get("scorers"), "scorer");
        Map<String, Map<?, ?>> scorersB = byName(evaluationB.get("scorers"), "scorer");
        List<ScorerMetrics> scorers = new ArrayList<>();
        List<String> onlyInA = new ArrayList<>();
        for (Map.Entry<String, Map<?, ?>> entry : scorersA.entrySet()) {
            Map<?, ?> other = scorersB.get(entry.getKey());
            if (other == null) {
                onlyInA.add(entry.getKey());
                continue;
            }
            List<Metric> metrics = new ArrayList<>();
            for (MetricDefinition m : METRICS) {
                metrics.add(new Metric(
                        m.path(),
                        m.label(),
                        m.unit(),
                        number(at(entry.getValue(), m.path())),
                        number(at(other, m.path()))));
            }
            scorers.add(new ScorerMetrics(entry.getKey(), metrics));
        }
        List<String> onlyInB = new ArrayList<>();
        for (String name : scorersB.keySet()) {
            if (!scorersA.containsKey(name)) {
                onlyInB.add(name);
            }
        }
        return new BundleComparison(
                side(bundleA, manifestA, evaluationA),
                side(bundleB, manifestB, evaluationB),
                scorers,
                onlyInA,
                onlyInB,
                fairness(evaluationA, evaluationB));
    }

    private static List<FairnessRatio> fairness(Map<?, ?> evaluationA, Map<?, ?> evaluationB) {
        Map<String, Map<?, ?>> attributesB = byName(at(evaluationB, "fairness.attributes"), "attribute");
        List<FairnessRatio> out = new ArrayList<>();
        for (Map.Entry<String, Map<?, ?>> attribute :
                byName(at(evaluationA, "fairness.attributes"), "attribute").entrySet()) {
            Map<?, ?> otherAttribute = attributesB.get(attribute.getKey());
            if (otherAttribute == null) {
                continue;
            }
            Map<String, Map<?, ?>> groupsB = byName(otherAttribute.get("groups"), "group");
            for (Map.Entry<String, Map<?, ?>> group :
                    byName(attribute.getValue().get("groups"), "group").entrySet()) {
                Map<?, ?> otherGroup = groupsB.get(group.getKey());
                if (otherGroup == null) {
                    continue;
                }
                for (MetricDefinition r : RATIOS) {
                    Interval a = interval(group.getValue().get(r.path()));
                    Interval b = interval(otherGroup.get(r.path()));
                    out.add(new FairnessRatio(
                            attribute.getKey(),
                            group.getKey(),
                            new Metric(r.path(), r.label(), r.unit(), a.value(), b.value()),
                            a,
                            b));
                }
            }
        }
        return out;
    }

    /**
     * Checks the bundle's files against the checksums its manifest lists, so that figures edited or
     * damaged since training are not compared as if training had written them.
     */
    private static void verify(Path folder, Map<?, ?> manifest) throws IOException {
        if (!(manifest.get("sha256") instanceof Map<?, ?> listed)) {
            return; // a manifest without checksums (not written by korrekt train): nothing to check against
        }
        Map<String, String> sha256 = new LinkedHashMap<>();
        listed.forEach((file, digest) -> sha256.put(String.valueOf(file), String.valueOf(digest)));
        try {
            BundleManifest.verifyFiles(folder, sha256);
        } catch (ArtifactException e) {
            throw new IOException(folder + ": " + e.getMessage() + "; the bundle is not as training wrote it", e);
        }
    }

    private static Side side(Path folder, Map<?, ?> manifest, Map<?, ?> evaluation) throws IOException {
        Object verdict = at(evaluation, "fairness.gate.verdict");
        if (verdict == null) {
            verdict = at(evaluation, "modelCard.gateVerdict");
        }
        String gate = verdict == null ? "NOT_EVALUATED" : verdict.toString();
        GateOverride recorded;
        try {
            recorded = GateOverride.read(folder);
        } catch (ArtifactException e) {
            throw new IOException(e.getMessage(), e);
        }
        boolean forThis;
        try {
            forThis = recorded != null && recorded.isFor(folder);
        } catch (ArtifactException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (recorded != null && !forThis) {
            // the service does not serve a bundle with another bundle's override
            gate += " (an override recorded for " + (recorded.bundleSha256() == null ? "no bundle" : "another bundle")
                    + " lies beside it, by " + recorded.by() + ", " + recorded.at() + "; not in effect)";
        } else if (recorded != null) {
            // what korrekt override-gate records, and the scoring service reads
            gate += " (overridden by " + recorded.by() + ", " + recorded.at() + ": " + recorded.reason() + ")";
        } else if (at(evaluation, "fairness.gate.override") instanceof Map) {
            gate += " (overridden)";
        }
        return new Side(
                folder,
                string(manifest.get("profile"), evaluation.get("profile")),
                string(manifest.get("version"), evaluation.get("version")),
                string(manifest.get("createdAt"), evaluation.get("createdAt")),
                string(evaluation.get("evaluatedOn"), null),
                string(at(evaluation, "modelCard.periods.test"), null),
                gate);
    }

    /** The comparison as Markdown: a table of the two bundles, then one table per part. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# korrekt compare\n\n");
        out.append("| | A | B |\n|---|---|---|\n");
        row(out, "bundle", a.folder().toString(), b.folder().toString());
        row(out, "profile", a.profile(), b.profile());
        row(out, "version", a.version(), b.version());
        row(out, "created", a.createdAt(), b.createdAt());
        row(out, "evaluated on", a.evaluatedOn(), b.evaluatedOn());
        row(out, "test period", a.testPeriod(), b.testPeriod());
        row(out, "gate verdict", a.gateVerdict(), b.gateVerdict());
        if (a.profile() != null && !a.profile().equals(b.profile())) {
            out.append("\nThe bundles are of different profiles; their test rows differ.\n");
        }

        out.append("\n## Test metrics per scorer\n\n");
        if (scorers.isEmpty()) {
            out.append("No scorer is in both bundles.\n");
        } else {
            out.append("| scorer | metric | A | B | B − A |\n|---|---|---:|---:|---:|\n");
            for (ScorerMetrics s : scorers) {
                for (Metric m : s.metrics()) {
                    out.append("| ")
                            .append(cell(s.scorer()))
                            .append(" | ")
                            .append(m.label())
                            .append(" | ")
                            .append(format(m.a(), m.unit(), false))
                            .append(" | ")
                            .append(format(m.b(), m.unit(), false))
                            .append(" | ")
                            .append(format(m.difference(), m.unit(), true))
                            .append(" |\n");
                }
            }
        }
        if (!onlyInA.isEmpty()) {
            out.append("\nOnly in A: ").append(String.join(", ", onlyInA)).append(".\n");
        }
        if (!onlyInB.isEmpty()) {
            out.append("\nOnly in B: ").append(String.join(", ", onlyInB)).append(".\n");
        }

        out.append("\n## Fairness ratios against each attribute's reference group\n\n");
        if (fairness.isEmpty()) {
            out.append("No attribute and group is in both bundles.\n");
        } else {
            out.append("| attribute | group | ratio | A | B | B − A |\n|---|---|---|---:|---:|---:|\n");
            for (FairnessRatio r : fairness) {
                out.append("| ")
                        .append(cell(r.attribute()))
                        .append(" | ")
                        .append(cell(r.group()))
                        .append(" | ")
                        .append(r.ratio().label())
                        .append(" | ")
                        .append(format(r.a()))
                        .append(" | ")
                        .append(format(r.b()))
                        .append(" | ")
                        .append(format(r.ratio().difference(), Unit.RATE, true))
                        .append(" |\n");
            }
            out.append("\nIntervals are 95 % confidence intervals.\n");
        }
        return out.toString();
    }

    /** The comparison as indented JSON; numbers as they are, missing ones null. */
    public String json() {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            writeSide(g, "a", a);
            writeSide(g, "b", b);
            g.writeArrayFieldStart("scorers");
            for (ScorerMetrics s : scorers) {
                g.writeStartObject();
                g.writeStringField("scorer", s.scorer());
                g.writeArrayFieldStart("metrics");
                for (Metric m : s.metrics()) {
                    g.writeStartObject();
                    g.writeStringField("metric", m.metric());
                    writeNumber(g, "a", m.a());
                    writeNumber(g, "b", m.b());
                    writeNumber(g, "difference", m.difference());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            writeStrings(g, "onlyInA", onlyInA);
            writeStrings(g, "onlyInB", onlyInB);
            g.writeArrayFieldStart("fairness");
            for (FairnessRatio r : fairness) {
                g.writeStartObject();
                g.writeStringField("attribute", r.attribute());
                g.writeStringField("group", r.group());
                g.writeStringField("ratio", r.ratio().metric());
                writeInterval(g, "a", r.a());
                writeInterval(g, "b", r.b());
                writeNumber(g, "difference", r.ratio().difference());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.append('\n').toString();
    }

    private static void writeSide(JsonGenerator g, String name, Side side) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("bundle", side.folder().toString());
        g.writeStringField("profile", side.profile());
        g.writeStringField("version", side.version());
        g.writeStringField("createdAt", side.createdAt());
        g.writeStringField("evaluatedOn", side.evaluatedOn());
        g.writeStringField("testPeriod", side.testPeriod());
        g.writeStringField("gateVerdict", side.gateVerdict());
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void writeInterval(JsonGenerator g, String name, Interval interval) throws IOException {
        g.writeObjectFieldStart(name);
        writeNumber(g, "value", interval.value());
        writeNumber(g, "low", interval.low());
        writeNumber(g, "high", interval.high());
        g.writeEndObject();
    }

    private static void writeNumber(JsonGenerator g, String name, Double value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    private static void row(StringBuilder out, String label, String a, String b) {
        out.append("| ")
                .append(label)
                .append(" | ")
                .append(cell(a))
                .append(" | ")
                .append(cell(b))
                .append(" |\n");
    }

    /** A table cell: pipes escaped, line breaks flattened, missing shown as a dash. */
    private static String cell(String text) {
        return text == null || text.isEmpty()
                ? NONE
                : text.replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }

    static String format(Double value, Unit unit, boolean signed) {
        if (value == null) {
            return NONE;
        }
        String sign = signed && value > 0 ? "+" : "";
        return unit == Unit.SEK
                ? sign + String.format(Locale.ROOT, "%,.0f", value)
                : sign + String.format(Locale.ROOT, "%.3f", value);
    }

    private static String format(Interval interval) {
        if (interval.value() == null) {
            return NONE;
        }
        String value = format(interval.value(), Unit.RATE, false);
        if (interval.low() == null && interval.high() == null) {
            return value;
        }
        return value + " (" + (interval.low() == null ? "…" : format(interval.low(), Unit.RATE, false)) + "–"
                + (interval.high() == null ? "…" : format(interval.high(), Unit.RATE, false)) + ")";
    }

    private static Map<?, ?> readObject(Path file) throws IOException {
        Object value;
        try (InputStream in = Files.newInputStream(file)) {
            value = Json.read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist", e);
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            // Json names the file itself in what it finds wrong (not JSON, empty, duplicate keys, trailing content).
            throw new IOException(
                    message.startsWith(file.toString()) ? message : "cannot read " + file + ": " + message, e);
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw new IOException(file + " must hold a JSON object");
        }
        return object;
    }

    /** The objects of a JSON array by their {@code key} field, in array order; others are skipped. */
    private static Map<String, Map<?, ?>> byName(Object array, String key) {
        Map<String, Map<?, ?>> out = new LinkedHashMap<>();
        if (array instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> object && object.get(key) != null) {
                    out.putIfAbsent(object.get(key).toString(), object);
                }
            }
        }
        return out;
    }

    /** The value at a dotted path of nested objects, or null where any step is missing. */
    private static Object at(Map<?, ?> object, String path) {
        Object current = object;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    private static Double number(Object value) {
        return value instanceof Double d && Double.isFinite(d) ? d : null;
    }

    private static Interval interval(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return new Interval(null, null, null);
        }
        return new Interval(number(map.get("value")), number(map.get("low")), number(map.get("high")));
    }

    private static String string(Object first, Object fallback) {
        Object value = first != null ? first : fallback;
        return value == null ? null : value.toString();
    }
}
