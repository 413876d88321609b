package org.korrekt.training.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.model.Checksums;
import org.korrekt.features.model.GateOverride;
import org.korrekt.training.profile.Json;

/**
 * {@code korrekt compare} run in-process on two bundle folders written by the test: A holds the
 * report's sample evaluation, B the same with a better combined scorer, a smaller selection-rate
 * ratio for men, the gate passing without an override, the isolation forest replaced by another
 * scorer and one age group gone.
 */
class CompareCommandTest {

    private static final String VERSION_A = "vab-20261122-182357-d0a5c3e91f42";
    private static final String VERSION_B = "vab-20261201-090000-6c1e27b4a9d0";

    @Test
    void printsBothBundlesSideBySideAsMarkdown(@TempDir Path dir) throws IOException {
        Path a = bundleA(dir);
        Path b = bundleB(dir);

        CliRun output = run("compare", a.toString(), b.toString());

        assertThat(output.status()).as(output.err()).isZero();
        assertThat(output.err()).isEmpty();
        assertThat(output.out())
                .contains("| bundle | " + a + " | " + b + " |")
                .contains("| profile | vab | vab |")
                .contains("| version | " + VERSION_A + " | " + VERSION_B + " |")
                .contains("| created | 2026-11-22T18:23:57Z | 2026-12-01T09:00:00Z |")
                .contains("| test period | 2024-07-14 to 2024-12-31 | 2024-07-14 to 2024-12-31 |")
                .contains("| gate verdict | FAIL (overridden) | PASS |")
                .contains("| scorer | metric | A | B | B − A |")
                .contains("| combined | ROC AUC | 0.913 | 0.925 | +0.012 |")
                .contains("| combined | incorrect SEK found | 490,745 | 512,345 | +21,600 |")
                .contains("| combined | SEK per investigation | 3,864 | 3,864 | 0 |")
                .contains("| combined | lift over random | 2.520 | 2.520 | 0.000 |")
                .contains("| rules | Brier | — | — | — |")
                .contains("Only in A: forest.")
                .contains("Only in B: rules-v2.")
                .contains("| sex | M | selection rate ratio | 1.371 (0.968–1.942) | 1.211 (0.968–1.942) | -0.160 |")
                .contains("| sex | F | selection rate ratio | 1.000 | 1.000 | 0.000 |")
                .contains("| age_band | 45-64 | false positive rate ratio | 0.899 (0.244–3.316) |")
                .doesNotContain("| forest |")
                .doesNotContain("| rules-v2 |")
                .doesNotContain("| age_band | 65+ |");
        // Nine metrics for each of the four scorers in both bundles.
        assertThat(output.out().lines().filter(l -> l.matches("\\| (combined|logistic|trees|rules) \\| .*")))
                .hasSize(36);
    }

    @Test
    void printsTheSameAsJson(@TempDir Path dir) throws IOException {
        CliRun output = run(
                "compare",
                "--format",
                "json",
                bundleA(dir).toString(),
                bundleB(dir).toString());

        assertThat(output.status()).as(output.err()).isZero();
        Map<String, Object> json = object(parse(output.out()));
        assertThat(object(json.get("a")).get("version")).isEqualTo(VERSION_A);
        assertThat(object(json.get("a")).get("gateVerdict")).isEqualTo("FAIL (overridden)");
        assertThat(object(json.get("b")).get("gateVerdict")).isEqualTo("PASS");
        List<Object> scorers = list(json.get("scorers"));
        assertThat(scorers.stream().map(s -> object(s).get("scorer")))
                .containsExactly("combined", "logistic", "trees", "rules");
        Map<String, Object> rocAuc =
                object(list(object(scorers.get(0)).get("metrics")).get(0));
        assertThat(rocAuc.get("metric")).isEqualTo("rocAuc");
        assertThat(rocAuc.get("a")).isEqualTo(0.913);
        assertThat(rocAuc.get("b")).isEqualTo(0.925);
        assertThat((Double) rocAuc.get("difference")).isCloseTo(0.012, within(1e-12));
        Map<String, Object> brier =
                object(list(object(scorers.get(3)).get("metrics")).get(2));
        assertThat(brier)
                .containsEntry("metric", "brier")
                .containsEntry("a", null)
                .containsEntry("difference", null);
        assertThat(json.get("onlyInA")).isEqualTo(List.of("forest"));
        assertThat(json.get("onlyInB")).isEqualTo(List.of("rules-v2"));
        // sex: F and M; age_band: the three groups in both; four ratios each.
        List<Object> fairness = list(json.get("fairness"));
        assertThat(fairness).hasSize(20);
        Map<String, Object> men = object(fairness.get(4));
        assertThat(men)
                .containsEntry("attribute", "sex")
                .containsEntry("group", "M")
                .containsEntry("ratio", "selectionRateRatio");
        assertThat(men.get("a")).isEqualTo(Map.of("value", 1.3713, "low", 0.9684, "high", 1.942));
        assertThat((Double) men.get("difference")).isCloseTo(-0.16, within(1e-12));
    }

    @Test
    void namesAMissingFile(@TempDir Path dir) throws IOException {
        Path a = bundleA(dir);
        Path b = bundleB(dir);
        Files.delete(b.resolve("evaluation.json"));

        CliRun output = run("compare", a.toString(), b.toString());

        assertThat(output.status()).isEqualTo(CompareCommand.USER_ERROR);
        assertThat(output.err().strip())
                .isEqualTo("korrekt compare: " + b.resolve("evaluation.json") + " does not exist");
        assertThat(output.out()).isEmpty();
    }

    @Test
    void namesAFileThatIsNotJson(@TempDir Path dir) throws IOException {
        Path a = bundleA(dir);
        Files.writeString(a.resolve("bundle.json"), "profile = vab\n");

        CliRun output = run("compare", a.toString(), bundleB(dir).toString());

        assertThat(output.status()).isEqualTo(CompareCommand.USER_ERROR);
        assertThat(output.err())
                .startsWith("korrekt compare: " + a.resolve("bundle.json") + ": not valid JSON at line 1, column 9: ");
        assertThat(output.out()).isEmpty();
    }

    @Test
    void namesAFileThatIsJsonButNotAnObject(@TempDir Path dir) throws IOException {
        Path b = bundleB(dir);
        Files.writeString(b.resolve("evaluation.json"), "[]");

        CliRun output = run("compare", bundleA(dir).toString(), b.toString());

        assertThat(output.status()).isEqualTo(CompareCommand.USER_ERROR);
        assertThat(output.err().strip())
                .isEqualTo("korrekt compare: " + b.resolve("evaluation.json") + " must hold a JSON object");
    }

    @Test
    void refusesABundleWhoseFiguresWereEditedSinceTraining(@TempDir Path dir) throws IOException {
        Path a = bundleA(dir);
        Path b = withChecksums(bundleB(dir));
        Path evaluation = b.resolve("evaluation.json");
        Files.writeString(evaluation, Files.readString(evaluation).replace("0.925", "0.975"));

        CliRun output = run("compare", a.toString(), b.toString());

        assertThat(output.status()).isEqualTo(CompareCommand.USER_ERROR);
        assertThat(output.err().strip())
                .startsWith("korrekt compare: " + b + ": evaluation.json fails its checksum (expected ")
                .endsWith("; the bundle is not as training wrote it");
        assertThat(output.out()).isEmpty();
    }

    @Test
    void showsTheOverrideThatOverrideGateRecorded(@TempDir Path dir) throws Exception {
        Path a = bundleA(dir);
        Path b = withChecksums(bundleB(dir));
        Map<String, Object> failed = object(readJson(b.resolve("evaluation.json")));
        object(object(failed.get("fairness")).get("gate")).put("verdict", "FAIL");
        Files.writeString(b.resolve("evaluation.json"), json(failed), StandardCharsets.UTF_8);
        withChecksums(b);
        GateOverride.of("groups too small to judge", "A. Lead", Instant.parse("2026-12-02T10:00:00Z"), b)
                .write(b);

        CliRun output = run("compare", a.toString(), b.toString());

        assertThat(output.status()).as(output.err()).isZero();
        assertThat(output.out())
                .contains("| gate verdict | FAIL (overridden) | FAIL (overridden by A. Lead, 2026-12-02T10:00:00Z:"
                        + " groups too small to judge) |");
    }

    private static Object readJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Json.read(in, file.toString());
        }
    }

    /** Lists evaluation.json's SHA-256 in the bundle's manifest, as training does. */
    private static Path withChecksums(Path bundle) throws IOException {
        Map<String, Object> manifest = object(readJson(bundle.resolve("bundle.json")));
        manifest.put("sha256", Map.of("evaluation.json", Checksums.sha256Hex(bundle.resolve("evaluation.json"))));
        Files.writeString(bundle.resolve("bundle.json"), json(manifest), StandardCharsets.UTF_8);
        return bundle;
    }

    @Test
    void refusesAnUnknownFormat(@TempDir Path dir) throws IOException {
        CliRun output = run(
                "compare",
                "--format",
                "html",
                bundleA(dir).toString(),
                bundleB(dir).toString());

        assertThat(output.status()).isEqualTo(CompareCommand.USER_ERROR);
        assertThat(output.err().strip()).isEqualTo("korrekt compare: --format must be md or json, was 'html'");
    }

    @Test
    void isListedInTheHelp() {
        CliRun output = run("--help");

        assertThat(output.out()).contains("compare").contains("Compare two bundles");
    }

    private static Path bundleA(Path dir) throws IOException {
        return writeBundle(dir.resolve("a"), VERSION_A, "2026-11-22T18:23:57Z", sample());
    }

    /** The sample changed the way a retrained profile might be. */
    private static Path bundleB(Path dir) throws IOException {
        Map<String, Object> evaluation = object(sample());
        evaluation.put("version", VERSION_B);
        evaluation.put("createdAt", "2026-12-01T09:00:00Z");
        List<Object> scorers = list(evaluation.get("scorers"));
        Map<String, Object> combined = object(scorers.get(0));
        combined.put("rocAuc", 0.925);
        object(combined.get("atCapacity")).put("incorrectSekFound", 512_345.0);
        assertThat(scorers.removeIf(s -> "forest".equals(object(s).get("scorer"))))
                .isTrue();
        Map<String, Object> rules = new LinkedHashMap<>(object(scorers.get(scorers.size() - 1)));
        rules.put("scorer", "rules-v2");
        scorers.add(rules);
        Map<String, Object> fairness = object(evaluation.get("fairness"));
        Map<String, Object> gate = object(fairness.get("gate"));
        gate.put("verdict", "PASS");
        gate.put("failures", new ArrayList<>());
        gate.put("override", null);
        List<Object> attributes = list(fairness.get("attributes"));
        Map<String, Object> men =
                object(list(object(attributes.get(0)).get("groups")).get(1));
        assertThat(men.get("group")).isEqualTo("M");
        object(men.get("selectionRateRatio")).put("value", 1.2113);
        List<Object> ageGroups = list(object(attributes.get(1)).get("groups"));
        assertThat(ageGroups.removeIf(g -> "65+".equals(object(g).get("group"))))
                .isTrue();
        return writeBundle(dir.resolve("b"), VERSION_B, "2026-12-01T09:00:00Z", evaluation);
    }

    /** Json reads objects as mutable LinkedHashMaps with String keys. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** Json reads arrays as mutable ArrayLists. */
    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static Object sample() throws IOException {
        try (InputStream in =
                CompareCommandTest.class.getResourceAsStream("/org/korrekt/training/report/sample-evaluation.json")) {
            return Json.read(in, "sample-evaluation.json");
        }
    }

    private static Path writeBundle(Path folder, String version, String createdAt, Object evaluation)
            throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("evaluation.json"), json(evaluation), StandardCharsets.UTF_8);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("formatVersion", 1.0);
        manifest.put("profile", "vab");
        manifest.put("version", version);
        manifest.put("createdAt", createdAt);
        manifest.put("modelKind", "selection-profile");
        Files.writeString(folder.resolve("bundle.json"), json(manifest), StandardCharsets.UTF_8);
        return folder;
    }

    private static String json(Object value) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.useDefaultPrettyPrinter();
            write(g, value);
        }
        return text.toString();
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(e.getKey().toString());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value.toString());
        }
    }

    private static Object parse(String json) throws IOException {
        return Json.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "output");
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
