package org.korrekt.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.training.synthetic.ClaimsGenerator;
import org.korrekt.training.synthetic.GeneratorConfig;
import org.korrekt.training.synthetic.SyntheticHistory;

class ClaimsParquetTest {

    private final ClaimsParquet parquet = ClaimsParquet.withDefaults();

    @Test
    void roundTripsEveryRowAndColumn(@TempDir Path dir) throws Exception {
        SyntheticHistory history = new ClaimsGenerator(GeneratorConfig.defaults(300, 1)).generate(done -> {});
        Path applications = dir.resolve("applications.parquet");
        Path persons = dir.resolve("persons.parquet");

        parquet.writeApplications(applications.toUri(), history.claims());
        parquet.writePersons(persons.toUri(), history.persons());

        assertThat(parquet.readAllApplications(applications.toUri())).isEqualTo(history.claims());
        assertThat(parquet.readAllPersons(persons.toUri())).isEqualTo(history.persons());
    }

    @Test
    void writesStandardLogicalTypesOtherToolsUnderstand(@TempDir Path dir) throws Exception {
        SyntheticHistory history = new ClaimsGenerator(GeneratorConfig.defaults(20, 1)).generate(done -> {});
        Path file = dir.resolve("applications.parquet");
        parquet.writeApplications(file.toUri(), history.claims());

        try (ParquetFileReader reader = ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            assertThat(schema.getType("submitted_on").getLogicalTypeAnnotation())
                    .isEqualTo(LogicalTypeAnnotation.dateType());
            assertThat(schema.getType("benefit").getLogicalTypeAnnotation())
                    .isEqualTo(LogicalTypeAnnotation.stringType());
            assertThat(reader.getRecordCount()).isEqualTo(history.claims().size());
        }
    }

    @Test
    void readsAFolderOfPartFilesInNameOrder(@TempDir Path dir) throws Exception {
        SyntheticHistory history = new ClaimsGenerator(GeneratorConfig.defaults(100, 2)).generate(done -> {});
        List<ClaimRecord> claims = history.claims();
        int half = claims.size() / 2;
        parquet.writeApplications(dir.resolve("part-00001.parquet").toUri(), claims.subList(half, claims.size()));
        parquet.writeApplications(dir.resolve("part-00000.parquet").toUri(), claims.subList(0, half));
        Files.writeString(dir.resolve("_SUCCESS"), "");

        assertThat(parquet.readAllApplications(dir.toUri())).isEqualTo(claims);
    }

    @Test
    void namesTheFolderWhenItHoldsNoParquet(@TempDir Path dir) {
        assertThatThrownBy(() -> parquet.readAllApplications(dir.toUri())).hasMessageContaining("no .parquet files in");
    }
}
