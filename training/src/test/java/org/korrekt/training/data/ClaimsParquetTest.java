package org.korrekt.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.history.Claim;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;

class ClaimsParquetTest {

    private static GeneratedHistory history;
    private final ClaimsParquet parquet = ClaimsParquet.withDefaults();

    @BeforeAll
    static void generate() {
        history = new HistoryGenerator(HistoryConfig.defaults(0.001, 1)).generate((s, d, t) -> {});
    }

    @Test
    void readsBackEveryApplicationAsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("applications.parquet");
        HistoryTables.APPLICATIONS.write(new Configuration(), file.toUri(), history.applications(), n -> {});

        List<Claim> read = parquet.readAllApplications(file.toUri());

        assertThat(read).hasSameSizeAs(history.applications());
        for (int i = 0; i < read.size(); i++) {
            Claim expected = history.applications().get(i);
            Claim actual = read.get(i);
            assertThat(actual.application()).isEqualTo(expected.application());
            assertThat(actual)
                    .usingRecursiveComparison()
                    .ignoringFields("application")
                    .isEqualTo(expected);
            assertThat(Double.isNaN(actual.grantedHours())).isEqualTo(Double.isNaN(expected.grantedHours()));
        }
    }

    @Test
    void readsAFolderOfPartFilesInNameOrder(@TempDir Path dir) throws Exception {
        List<Claim> claims = history.applications();
        int half = claims.size() / 2;
        Configuration conf = new Configuration();
        HistoryTables.APPLICATIONS.write(
                conf, dir.resolve("part-00001.parquet").toUri(), claims.subList(half, claims.size()), n -> {});
        HistoryTables.APPLICATIONS.write(
                conf, dir.resolve("part-00000.parquet").toUri(), claims.subList(0, half), n -> {});
        Files.writeString(dir.resolve("_SUCCESS"), "");

        assertThat(parquet.readAllApplications(dir.toUri()))
                .extracting(Claim::application)
                .containsExactlyElementsOf(
                        claims.stream().map(Claim::application).toList());
    }

    @Test
    void readsTheMatchesOfAGlobAcrossFolders(@TempDir Path dir) throws Exception {
        List<Claim> claims = history.applications();
        int third = claims.size() / 3;
        Configuration conf = new Configuration();
        HistoryTables.APPLICATIONS.write(
                conf, dir.resolve("year=1/part-00000.parquet").toUri(), claims.subList(0, third), n -> {});
        HistoryTables.APPLICATIONS.write(
                conf, dir.resolve("year=2/part-00000.parquet").toUri(), claims.subList(third, 2 * third), n -> {});
        HistoryTables.APPLICATIONS.write(
                conf, dir.resolve("year=2/other.parquet").toUri(), claims.subList(2 * third, claims.size()), n -> {});

        List<Claim> read =
                parquet.readAllApplications(dir.resolve("year=*/part-*.parquet").toUri());

        assertThat(read)
                .extracting(Claim::application)
                .containsExactlyElementsOf(claims.subList(0, 2 * third).stream()
                        .map(Claim::application)
                        .toList());
    }

    @Test
    void namesTheFolderWhenItHoldsNoParquet(@TempDir Path dir) {
        assertThatThrownBy(() -> parquet.readAllApplications(dir.toUri())).hasMessageContaining("no .parquet files in");
    }
}
