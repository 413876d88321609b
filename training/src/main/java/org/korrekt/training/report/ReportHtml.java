package org.korrekt.training.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.korrekt.training.profile.Json;

/**
 * Renders a bundle's {@code evaluation.json} into {@code report.html}: one self-contained page
 * that loads nothing from anywhere (a Content-Security-Policy of {@code default-src 'none'} says so
 * to the browser). It holds Chart.js (read from its WebJar on the classpath), korrekt's renderer
 * script and style sheet, and the evaluation itself as {@code <script type="application/json"
 * id="evaluation">}; the renderer builds the header with the gate verdict, the metrics tables, the
 * charts, the fairness tables and the model card from that JSON in the browser.
 *
 * <p>Each chart is a {@code <canvas>} with a stable id: {@code chart-roc}, {@code chart-pr},
 * {@code chart-gain}, {@code chart-lift}, {@code chart-calibration}, {@code chart-mechanism},
 * {@code chart-benefit} (when the evaluation has recall by benefit), {@code chart-importance},
 * and per protected attribute {@code chart-fairness-ATTRIBUTE} and, with a historical selection,
 * {@code chart-historical-ATTRIBUTE}, where ATTRIBUTE is the attribute's name in lower case with
 * every run of other characters than a-z and 0-9 replaced by one hyphen ({@code age_band} ->
 * {@code age-band}). A chart whose data is absent is replaced by a sentence saying why.
 *
 * <p>When the page is drawn the renderer sets {@code window.__reportReady = true}; every script
 * error lands in the array {@code window.__reportErrors}, so a browser test can read both.
 *
 * <p>Stateless and thread-safe; the resources are read once.
 */
public final class ReportHtml {

    /** The report's file name in a bundle. */
    public static final String FILE_NAME = "report.html";
    /** The evaluation's file name in a bundle. */
    public static final String EVALUATION_FILE_NAME = "evaluation.json";
    /** The evaluation.json format this renderer draws. */
    public static final int FORMAT_VERSION = 1;

    private static final String CHART_JS_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static final String CHART_JS_FOLDER = "META-INF/resources/webjars/chart.js/";

    private ReportHtml() {}

    /**
     * Renders one evaluation as a self-contained HTML page.
     *
     * @param evaluationJson the content of an evaluation.json
     * @return the page, UTF-8 text
     * @throws IllegalArgumentException if the text is not a JSON object of format {@value #FORMAT_VERSION}
     */
    public static String render(String evaluationJson) {
        Map<?, ?> evaluation = parse(evaluationJson);
        String title = "korrekt evaluation: " + text(evaluation.get("profile")) + " " + text(evaluation.get("version"));
        Map<String, String> parts = Map.of(
                "title", escapeHtml(title.strip()),
                "css", Resources.CSS,
                "evaluation", embeddableJson(evaluationJson.strip()),
                "chartjs", Resources.CHART_JS,
                "renderer", Resources.RENDERER);
        return fill(Resources.TEMPLATE, parts);
    }

    /**
     * Reads {@code bundle/evaluation.json} and writes {@code bundle/report.html} beside it.
     *
     * @return the report's path
     * @throws IOException if the evaluation cannot be read or the report cannot be written
     * @throws IllegalArgumentException if the evaluation is not a JSON object of the supported format
     */
    public static Path write(Path bundle) throws IOException {
        Path evaluation = bundle.resolve(EVALUATION_FILE_NAME);
        String html;
        try {
            html = render(Files.readString(evaluation, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(evaluation + ": " + e.getMessage(), e);
        }
        Path report = bundle.resolve(FILE_NAME);
        Files.writeString(report, html, StandardCharsets.UTF_8);
        return report;
    }

    /** The Chart.js version inlined into every report. */
    public static String chartJsVersion() {
        return Resources.CHART_JS_VERSION;
    }

    /**
     * The JSON made safe inside a {@code <script>} element: {@code </} becomes {@code <\/} so that no
     * string can close the element, and {@code <!--} becomes {@code \u003C!--} so that no string can
     * switch the HTML parser into the script's "escaped" states, where a later {@code </script>}
     * would not end the element. Both are JSON escapes, so {@code JSON.parse} returns the same value.
     */
    static String embeddableJson(String json) {
        return json.replace("</", "<\\/").replace("<!--", "\\u003C!--");
    }

    private static Map<?, ?> parse(String json) {
        Object value;
        try {
            value = Json.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "evaluation.json");
        } catch (IOException e) {
            // Json's message names evaluation.json and says what is wrong where
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?> evaluation)) {
            throw new IllegalArgumentException("must be a JSON object");
        }
        Object format = evaluation.get("formatVersion");
        if (!(format instanceof Double d) || d != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "formatVersion must be " + FORMAT_VERSION + ", was " + (format == null ? "absent" : format));
        }
        return evaluation;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Replaces each {@code {{name}}} of the template in one pass, so that a part's own text (the
     * evaluation's strings, Chart.js) is never searched for placeholders.
     */
    private static String fill(String template, Map<String, String> parts) {
        StringBuilder out = new StringBuilder(template.length()
                + parts.values().stream().mapToInt(String::length).sum());
        int from = 0;
        while (true) {
            int open = template.indexOf("{{", from);
            if (open < 0) {
                break;
            }
            int close = template.indexOf("}}", open);
            String name = template.substring(open + 2, close);
            String part = parts.get(name);
            if (part == null) {
                throw new IllegalStateException("report template has an unknown placeholder {{" + name + "}}");
            }
            out.append(template, from, open).append(part);
            from = close + 2;
        }
        return out.append(template, from, template.length()).toString();
    }

    /** The template, style sheet, renderer and Chart.js, read once from the classpath. */
    private static final class Resources {
        static final String TEMPLATE = resource("org/korrekt/training/report/report.html");
        static final String CSS = resource("org/korrekt/training/report/report.css");
        static final String RENDERER = resource("org/korrekt/training/report/report.js");
        static final String CHART_JS_VERSION = readChartJsVersion();
        static final String CHART_JS = chartJs(CHART_JS_VERSION);

        private static String readChartJsVersion() {
            Properties properties = new Properties();
            try (InputStream in = open(CHART_JS_PROPERTIES)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties.getProperty("version");
        }

        /**
         * Chart.js's UMD bundle with its licence in front and without its source-map comment (the
         * map is not in the page, and a browser with developer tools open would try to fetch it).
         */
        private static String chartJs(String version) {
            String folder = CHART_JS_FOLDER + version + "/";
            String code = resource(folder + "dist/chart.umd.min.js");
            String license = resource(folder + "LICENSE.md");
            int map = code.lastIndexOf("//# sourceMappingURL=");
            if (map >= 0) {
                code = code.substring(0, map);
            }
            if (code.toLowerCase(Locale.ROOT).contains("</script") || license.contains("*/")) {
                throw new IllegalStateException("Chart.js " + version + " cannot be inlined into a <script> element");
            }
            return "/* Chart.js " + version + ", " + license.strip() + " */\n" + code.strip();
        }

        private static String resource(String name) {
            try (InputStream in = open(name)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
        }

        private static InputStream open(String name) throws IOException {
            InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IOException(name + " is not on the classpath (korrekt-training's report resources or the"
                        + " org.webjars.npm:chart.js jar)");
            }
            return in;
        }
    }
}
