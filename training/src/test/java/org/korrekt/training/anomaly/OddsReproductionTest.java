package org.korrekt.training.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.korrekt.training.anomaly.AnomalyEvaluation.Protocol;
import org.korrekt.training.data.CsvTable;

/**
 * korrekt's isolation forest reproduces the published ROC AUCs on six ODDS data sets (see {@code
 * ../shared/data/odds/README.md}) within 0.03: Liu, Ting and Zhou 2008, table 2 (fit and score on
 * the whole set, mean of 10 runs) and the PyOD 2019 benchmark (60/40 splits with seeds 0..9,
 * z-scores fitted on the training part). The data sits in {@code shared/data/odds} beside the
 * project root; {@code -Dkorrekt.odds=DIR} points elsewhere.
 */
class OddsReproductionTest {

    private static final double TOLERANCE = 0.03;
    private static final int RUNS = 10;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "arrhythmia, 0.80, 0.8005",
        "cardio, , 0.9213",
        "ionosphere, 0.85, 0.8499",
        "pima, 0.67, 0.6806",
        "satellite, 0.71, 0.7022",
        "shuttle, 1.00, 0.9971"
    })
    void reproducesThePublishedRocAuc(String dataset, Double paper, double pyod) throws IOException {
        LabelledTable table = LabelledTable.read(CsvTable.open(oddsDirectory().resolve(dataset + ".csv")), "label");

        AnomalyEvaluation.Result whole =
                AnomalyEvaluation.evaluate(table, Protocol.PAPER, IsolationForestConfig.defaults(0), RUNS);
        AnomalyEvaluation.Result split =
                AnomalyEvaluation.evaluate(table, Protocol.SPLIT, IsolationForestConfig.defaults(0), RUNS);

        System.out.println(String.format(
                Locale.ROOT,
                "ODDS %s: %d rows, %d features; paper ROC AUC %.4f ± %.4f (PR AUC %.4f), published %s;"
                        + " split ROC AUC %.4f ± %.4f (PR AUC %.4f), published %.4f",
                dataset,
                table.rowCount(),
                whole.encodedFeatures(),
                whole.meanRocAuc(),
                whole.sdRocAuc(),
                whole.meanAveragePrecision(),
                paper == null ? "-" : paper.toString(),
                split.meanRocAuc(),
                split.sdRocAuc(),
                split.meanAveragePrecision(),
                pyod));
        if (paper != null) {
            assertThat(whole.meanRocAuc())
                    .as("%s, paper protocol", dataset)
                    .isBetween(paper - TOLERANCE, paper + TOLERANCE);
        }
        assertThat(split.meanRocAuc()).as("%s, split protocol", dataset).isBetween(pyod - TOLERANCE, pyod + TOLERANCE);
        assertThat(whole.runs()).hasSize(RUNS);
    }

    /** {@code shared/data/odds} beside the project root, found from the module directory. */
    static Path oddsDirectory() {
        String override = System.getProperty("korrekt.odds");
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath();
        Path directory = override != null
                ? Path.of(override)
                : module.resolve("..")
                        .resolve("..")
                        .resolve("shared")
                        .resolve("data")
                        .resolve("odds")
                        .normalize();
        if (!Files.isRegularFile(directory.resolve("pima.csv"))) {
            throw new IllegalStateException("the ODDS data is missing: expected " + directory
                    + " (shared/ cloned beside the project root, i.e. ../shared/data/odds from the root)"
                    + " or -Dkorrekt.odds=DIR");
        }
        return directory;
    }
}
