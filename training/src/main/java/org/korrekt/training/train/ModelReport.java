package org.korrekt.training.train;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.korrekt.features.FeatureDefinition;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.DecisionThresholds;

/**
 * The bundle's {@code report.html}: a self-contained page (no scripts, no network) with the
 * profile's test metrics, decision thresholds and the weight of every feature.
 */
final class ModelReport {

    private ModelReport() {}

    static String html(
            TrainedProfile profile, String version, ModelBundleWriter.DataProvenance data, Instant createdAt) {
        ProfileMetrics m = profile.metrics();
        DecisionThresholds policy = profile.policy();
        FeatureSchema schema = profile.schema();
        double[] weights = profile.compiled().weights();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(weights[i])));

        StringBuilder html = new StringBuilder(8_192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>korrekt model report: ")
                .append(escape(profile.config().profile()))
                .append(' ')
                .append(escape(version))
                .append("</title><style>")
                .append(
                        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append("table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;")
                .append(
                        "text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}</style></head><body>\n");
        html.append("<h1>Selection profile <code>")
                .append(escape(profile.config().profile()))
                .append("</code>, version <code>")
                .append(escape(version))
                .append("</code></h1>\n<p>Created ")
                .append(createdAt)
                .append(" from <code>")
                .append(escape(data.source()))
                .append("</code> (")
                .append(data.rows())
                .append(" rows). Trained on applications submitted before ")
                .append(profile.splitDate())
                .append(" (")
                .append(profile.trainRows())
                .append(" rows), tested on the ")
                .append(profile.testRows())
                .append(" submitted on or after it. Label: ")
                .append(escape(data.labelColumn()))
                .append(".</p>\n");
        html.append("<h2>Test-period metrics</h2>\n<table>");
        row(html, "ROC AUC", m.rocAuc());
        row(html, "Brier score", m.brier());
        row(html, "Log loss", m.logLoss());
        row(html, "Share incorrect (base rate)", m.positiveRate());
        row(html, "Precision, top 1 %", m.precisionTop1Percent());
        row(html, "Precision, top 5 %", m.precisionTop5Percent());
        row(html, "Largest |compiled − Tribuo| probability", m.maxAbsDifferenceVsTribuo());
        html.append("</table>\n<h2>Decision thresholds</h2>\n<table>");
        row(html, "Extra questions at score ≥", policy.extraQuestions());
        row(html, "Manual check at score ≥", policy.manualCheck());
        row(html, "Hold payment at score ≥", policy.holdPayment());
        html.append("</table>\n<h2>Features by weight</h2>\n<p>Weights act on standardised features")
                .append(" (one training standard deviation = 1); positive raises the score.</p>\n<table>")
                .append("<tr><th>Feature</th><th>Definition</th><th>Weight</th><th>Reason code</th></tr>");
        for (int i : order) {
            FeatureDefinition feature = schema.feature(i);
            html.append("<tr><td><code>")
                    .append(escape(feature.name()))
                    .append("</code></td><td>")
                    .append(escape(feature.definition()))
                    .append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%+.4f", weights[i]))
                    .append("</td><td>")
                    .append(
                            feature.explainable()
                                    ? "<code>" + escape(feature.reasonCode()) + "</code>"
                                    : "context only")
                    .append("</td></tr>");
        }
        html.append("</table>\n<p>Feature schema <code>")
                .append(escape(schema.name()))
                .append("</code> v")
                .append(schema.version())
                .append(", fingerprint <code>")
                .append(schema.fingerprint())
                .append("</code>.</p>\n</body></html>\n");
        return html.toString();
    }

    private static void row(StringBuilder html, String name, double value) {
        html.append("<tr><th>")
                .append(escape(name))
                .append("</th><td class=\"n\">")
                .append(String.format(Locale.ROOT, "%.4g", value))
                .append("</td></tr>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
