package org.korrekt.training.evaluation;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.korrekt.training.evaluation.FairnessAudit.AttributeAudit;
import org.korrekt.training.evaluation.FairnessAudit.GroupAudit;

/**
 * A fairness audit written out: as the {@code fairness} object of a bundle's {@code
 * evaluation.json} and of {@code korrekt audit --format json}, or as Markdown. Every rate is a
 * number between 0 and 1; an undefined number is JSON {@code null} and "n/a" in Markdown.
 *
 * @param selection what was audited as "selected", in words
 * @param outcome what counts as incorrect, in words
 * @param gate the gate the audit was judged by
 * @param audits one audit per attribute
 * @param verdict the gate's verdict
 * @param override the recorded override of a failed gate, or null
 */
public record AuditReport(
        String selection,
        String outcome,
        FairnessGate gate,
        List<AttributeAudit> audits,
        FairnessGate.Verdict verdict,
        GateOverride override) {

    /**
     * Why a failed gate was overridden, by whom and when.
     *
     * @param reason the recorded reason
     * @param by who decided
     * @param at when (ISO-8601)
     */
    public record GateOverride(String reason, String by, String at) {}

    /** Audits and judges: the report of {@code audits} under {@code gate}. */
    public static AuditReport of(String selection, String outcome, FairnessGate gate, List<AttributeAudit> audits) {
        return new AuditReport(selection, outcome, gate, List.copyOf(audits), gate.judge(audits), null);
    }

    /** Writes the report as the fields of the current JSON object. */
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeStringField("selection", selection);
        g.writeStringField("outcome", outcome);
        g.writeObjectFieldStart("gate");
        g.writeObjectFieldStart("bounds");
        for (Map.Entry<String, FairnessGate.Bounds> e : gate.bounds().entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            g.writeNumber(e.getValue().low());
            g.writeNumber(e.getValue().high());
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeNumberField("minGroupRows", gate.minGroupRows());
        g.writeStringField("decideOn", gate.decideOn().key());
        strings(g, "attributes", gate.attributes());
        g.writeStringField("verdict", verdict.outcome().name());
        strings(g, "failures", verdict.failures());
        strings(g, "notJudged", verdict.notJudged());
        if (override == null) {
            g.writeNullField("override");
        } else {
            g.writeObjectFieldStart("override");
            g.writeStringField("reason", override.reason());
            g.writeStringField("by", override.by());
            g.writeStringField("at", override.at());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("attributes");
        for (AttributeAudit a : audits) {
            g.writeStartObject();
            g.writeStringField("attribute", a.attribute());
            g.writeStringField("reference", a.reference());
            g.writeBooleanField("outcomesComplete", a.outcomesComplete());
            g.writeArrayFieldStart("groups");
            Map<String, String> status = verdict.groupStatus().getOrDefault(a.attribute(), Map.of());
            for (GroupAudit x : a.groups()) {
                g.writeStartObject();
                g.writeStringField("group", x.group());
                g.writeNumberField("rows", x.rows());
                g.writeNumberField("selected", x.selected());
                g.writeNumberField("randomControl", x.randomControl());
                g.writeNumberField("positives", x.positives());
                number(g, "shareOfRows", x.shareOfRows());
                number(g, "shareOfSelected", x.shareOfSelected());
                number(g, "shareOfRandomControl", x.shareOfRandomControl());
                for (String metric : FairnessAudit.METRICS) {
                    interval(g, metric, x.metric(metric));
                }
                g.writeStringField("gate", status.getOrDefault(x.group(), "TOO_FEW"));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The report as Markdown: the verdict, then a table per attribute. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Selection: ").append(selection).append("  \n");
        md.append("Outcome: ").append(outcome).append("\n\n");
        md.append("**Gate: ").append(verdict.outcome()).append("**");
        md.append(" (bounds:");
        gate.bounds().forEach((k, v) -> md.append(' ').append(k).append(' ').append(v));
        md.append("; groups of at least ").append(gate.minGroupRows()).append(" rows; decided on the ");
        md.append(gate.decideOn() == FairnessGate.Decision.ESTIMATE ? "estimate" : "95 % interval")
                .append(")\n");
        for (String f : verdict.failures()) {
            md.append("- out of bounds: ").append(f).append('\n');
        }
        for (String f : verdict.notJudged()) {
            md.append("- not judged: ").append(f).append('\n');
        }
        if (override != null) {
            md.append("- overridden by ")
                    .append(override.by())
                    .append(" at ")
                    .append(override.at())
                    .append(": ")
                    .append(override.reason())
                    .append('\n');
        }
        for (AttributeAudit a : audits) {
            md.append("\n### ")
                    .append(a.attribute())
                    .append(" (reference: ")
                    .append(a.reference())
                    .append(")\n\n");
            if (!a.outcomesComplete()) {
                md.append("Outcomes are known for investigated rows only: true- and false-positive rates are"
                        + " estimated with the random control sample.\n\n");
            }
            md.append("| group | rows | selected | random control | selection rate | selection / random share"
                    + " | precision | TPR | FPR | random-control incorrect rate | selection-rate ratio"
                    + " | precision ratio | TPR ratio | FPR ratio | gate |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            Map<String, String> status = verdict.groupStatus().getOrDefault(a.attribute(), Map.of());
            for (GroupAudit x : a.groups()) {
                md.append("| ")
                        .append(x.group())
                        .append(" | ")
                        .append(x.rows())
                        .append(" | ")
                        .append(x.selected())
                        .append(" | ")
                        .append(x.randomControl());
                for (String metric : FairnessAudit.METRICS) {
                    md.append(" | ").append(format(x.metric(metric)));
                }
                md.append(" | ")
                        .append(status.getOrDefault(x.group(), "TOO_FEW"))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    /** {@code 0.523 (0.470-0.580)}, or n/a. */
    static String format(Interval i) {
        if (!i.defined()) {
            return "n/a";
        }
        String value = String.format(Locale.ROOT, "%.3f", i.value());
        if (Double.isNaN(i.low())) {
            return value;
        }
        return value + String.format(Locale.ROOT, " (%.3f-%.3f)", i.low(), i.high());
    }

    static void interval(JsonGenerator g, String name, Interval i) throws IOException {
        g.writeObjectFieldStart(name);
        number(g, "value", i.value());
        number(g, "low", i.low());
        number(g, "high", i.high());
        g.writeEndObject();
    }

    /** Writes {@code value} as a number field, or JSON null when it is NaN or infinite. */
    public static void number(JsonGenerator g, String name, double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** A copy with {@code override} recorded. */
    public AuditReport withOverride(GateOverride recorded) {
        return new AuditReport(selection, outcome, gate, audits, verdict, recorded);
    }
}
