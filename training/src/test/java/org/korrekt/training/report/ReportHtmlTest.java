package org.korrekt.training.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.korrekt.training.profile.Json;

/**
 * {@link ReportHtml} on the sample evaluation (five scorers, two protected attributes, one
 * failing group, a historical selection, recall by mechanism and benefit, importance, model card).
 * What the page looks like in a browser is {@code ReportBrowserIT}'s part; this test checks the
 * page as text: nothing from the network, the evaluation embedded intact and unable to break out
 * of its script element, and the renderer and Chart.js inside.
 */
class ReportHtmlTest {

    private static final String OPEN_EVALUATION = "<script type=\"application/json\" id=\"evaluation\">";
    /** The script elements of the template: the error hook, the evaluation, Chart.js, the renderer. */
    private static final int SCRIPT_ELEMENTS = 4;

    /** The ids the renderer gives the charts that do not depend on the attributes' names. */
    static final List<String> FIXED_CHART_IDS = List.of(
            "chart-roc",
            "chart-pr",
            "chart-gain",
            "chart-lift",
            "chart-calibration",
            "chart-mechanism",
            "chart-benefit",
            "chart-importance");

    static String sample() throws IOException {
        return fixture("sample-evaluation.json");
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = ReportHtmlTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void loadsNothingFromTheNetwork() throws IOException {
        String html = ReportHtml.render(sample());

        assertThat(html).doesNotContainPattern("(?i)\\b(src|href|action|poster|srcset)\\s*=\\s*[\"']?\\s*(https?:)?//");
        assertThat(html).doesNotContainPattern("(?i)url\\(\\s*[\"']?\\s*(https?:)?//");
        assertThat(html).doesNotContainPattern("(?i)@import");
        assertThat(html).doesNotContainPattern("(?i)<(link|img|iframe|object|embed)\\b(?![^>]*href=\"data:)");
        assertThat(html).doesNotContain("sourceMappingURL");
        assertThat(html)
                .contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                        + " script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:;");
    }

    @Test
    void embedsTheEvaluationSoThatItParsesBackToTheSameValue() throws IOException {
        String sample = sample();

        String html = ReportHtml.render(sample);

        assertThat(parse(embedded(html))).isEqualTo(parse(sample));
    }

    @Test
    void aScriptEndTagInAStringCannotCloseTheEvaluationElement() throws IOException {
        String hostile = "</script><script>window.__reportErrors.push('escaped')</script><!--<script>"
                + " </SCRIPT > <\\/script>";
        String json = sample().replaceFirst(
                        "\"description\": \"[^\"]*\"",
                        Matcher.quoteReplacement("\"description\": \"" + hostile + "\""));
        assertThat(json).contains(hostile);

        String html = ReportHtml.render(json);

        assertThat(Pattern.compile("(?i)</script").matcher(html).results().count())
                .isEqualTo(SCRIPT_ELEMENTS);
        assertThat(html).doesNotContain("<!--<script");
        Map<?, ?> embedded = (Map<?, ?>) parse(embedded(html));
        assertThat(embedded.get("description"))
                .isEqualTo("</script><script>window.__reportErrors.push('escaped')</script><!--<script>"
                        + " </SCRIPT > </script>");
        assertThat(embedded).isEqualTo(parse(json));
    }

    /** parse(embeddable(x)) == x for strings made of the characters that matter in a script element. */
    @ParameterizedTest
    @ValueSource(longs = {1L, 20_261_122L, 42L})
    void embeddingKeepsAnyStringIntact(long seed) throws IOException {
        System.out.println("ReportHtmlTest.embeddingKeepsAnyStringIntact seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        char[] alphabet = {
            '<', '/', '!', '-', '-', 's', 'S', 'c', 'r', 'i', 'p', 't', '>', '\\', '"', ' ', '\u2028', 'å'
        };
        for (int n = 0; n < 2_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                value.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String json = jsonString(value.toString());

            String embedded = ReportHtml.embeddableJson(json);

            assertThat(embedded).doesNotContain("</").doesNotContain("<!--");
            assertThat(parse(embedded)).as("seed %d, value %s", seed, value).isEqualTo(value.toString());
        }
    }

    @Test
    void holdsTheRendererWithEveryChartIdAndChartJs() throws IOException {
        String html = ReportHtml.render(sample());

        for (String id : FIXED_CHART_IDS) {
            assertThat(html).as(id).contains("\"" + id + "\"");
        }
        // The attribute charts are chart-fairness-<slug> and chart-historical-<slug>; ReportBrowserIT
        // checks the drawn canvases of the sample's attributes (sex, age_band).
        assertThat(html).contains("\"chart-fairness\"").contains("\"chart-historical\"");
        assertThat(html).contains("window.__reportReady = true").contains("window.__reportErrors = []");
        assertThat(html).contains("/* Chart.js " + ReportHtml.chartJsVersion() + ", The MIT License (MIT)");
        assertThat(ReportHtml.chartJsVersion()).isEqualTo("4.5.1");
        assertThat(html).contains("Chart.defaults.animation = false");
    }

    @Test
    void escapesTheTitle() throws IOException {
        String json = sample().replace("\"profile\": \"vab\"", "\"profile\": \"<b>vab</b> & co\"");

        String html = ReportHtml.render(json);

        assertThat(html).contains("<title>korrekt evaluation: &lt;b&gt;vab&lt;/b&gt; &amp; co vab-20261122-182357-");
    }

    @Test
    void refusesTextThatIsNotAnEvaluation() {
        assertThatThrownBy(() -> ReportHtml.render("{\"formatVersion\": 1,"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("evaluation.json: not valid JSON at line 1, column ");
        assertThatThrownBy(() -> ReportHtml.render("[1, 2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be a JSON object");
        assertThatThrownBy(() -> ReportHtml.render("{\"formatVersion\": 2}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("formatVersion must be 1, was 2.0");
        assertThatThrownBy(() -> ReportHtml.render("{\"profile\": \"vab\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("formatVersion must be 1, was absent");
    }

    @Test
    void writesTheReportBesideTheEvaluation(@TempDir Path bundle) throws IOException {
        Files.writeString(bundle.resolve(ReportHtml.EVALUATION_FILE_NAME), sample(), StandardCharsets.UTF_8);

        Path report = ReportHtml.write(bundle);

        assertThat(report).isEqualTo(bundle.resolve("report.html"));
        assertThat(Files.readString(report, StandardCharsets.UTF_8)).isEqualTo(ReportHtml.render(sample()));
    }

    @Test
    void namesTheFileOfABrokenEvaluation(@TempDir Path bundle) throws IOException {
        Files.writeString(bundle.resolve(ReportHtml.EVALUATION_FILE_NAME), "{\"formatVersion\": 3}");

        assertThatThrownBy(() -> ReportHtml.write(bundle))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(bundle.resolve("evaluation.json") + ": formatVersion must be 1, was 3.0");
        assertThat(bundle.resolve(ReportHtml.FILE_NAME)).doesNotExist();
    }

    private static String embedded(String html) {
        Matcher m = Pattern.compile(Pattern.quote(OPEN_EVALUATION) + "(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("the evaluation's script element").isTrue();
        return m.group(1);
    }

    private static Object parse(String json) throws IOException {
        return Json.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
    }

    private static String jsonString(String value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeString(value);
        }
        return out.toString();
    }
}
