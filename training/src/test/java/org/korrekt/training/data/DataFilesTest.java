package org.korrekt.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a data location on the local file system becomes a list of Parquet files: a file, a folder
 * of part files, a glob. Listing never reads the files, so they are empty here; reading through a
 * glob is in {@link ClaimsParquetTest}, and on HDFS in {@code HdfsTrainingIT}.
 */
class DataFilesTest {

    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    @BeforeEach
    void layOutATable() throws IOException {
        // A partitioned table as Spark or Hive write it, with the markers they leave next to the data.
        for (String name : List.of(
                "claims/year=2023/part-00001.parquet",
                "claims/year=2023/part-00000.parquet",
                "claims/year=2023/_SUCCESS",
                "claims/year=2023/.part-00000.parquet.crc",
                "claims/year=2023/_temporary.parquet",
                "claims/year=2024/part-00000.parquet",
                "claims/year=2024/notes.txt",
                "claims/year=2024/nested/part-00000.parquet",
                "claims/single.parquet",
                "empty/_SUCCESS")) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.createFile(file);
        }
    }

    @Test
    void aFileIsItselfWhateverItsName() throws IOException {
        assertThat(names(dir.resolve("claims/year=2024/notes.txt").toUri())).containsExactly("year=2024/notes.txt");
        assertThat(names(dir.resolve("claims/single.parquet").toUri())).containsExactly("single.parquet");
    }

    @Test
    void aFolderIsItsParquetPartFilesInNameOrderWithoutMarkersOrSubFolders() throws IOException {
        assertThat(names(dir.resolve("claims/year=2023").toUri()))
                .containsExactly("year=2023/part-00000.parquet", "year=2023/part-00001.parquet");
        assertThat(names(dir.resolve("claims/year=2024").toUri())).containsExactly("year=2024/part-00000.parquet");
    }

    @Test
    void aGlobOfFilesKeepsTheParquetMatchesOnly() throws IOException {
        assertThat(names(glob("claims/year=2023/*")))
                .containsExactly("year=2023/part-00000.parquet", "year=2023/part-00001.parquet");
        assertThat(names(glob("claims/year=2023/part-0000[1-9].parquet")))
                .containsExactly("year=2023/part-00001.parquet");
        assertThat(names(glob("claims/year=*/part-00000.parquet")))
                .containsExactly("year=2023/part-00000.parquet", "year=2024/part-00000.parquet");
    }

    @Test
    void aGlobOfFoldersIsTheirPartFilesSortedAndEachOnce() throws IOException {
        assertThat(names(glob("claims/year=*")))
                .containsExactly(
                        "year=2023/part-00000.parquet", "year=2023/part-00001.parquet", "year=2024/part-00000.parquet");
        assertThat(names(glob("claims/year={2024,2023,2024}")))
                .containsExactly(
                        "year=2023/part-00000.parquet", "year=2023/part-00001.parquet", "year=2024/part-00000.parquet");
    }

    @Test
    void aMissingFileIsNamed() {
        URI missing = dir.resolve("claims/nothing.parquet").toUri();
        assertThatThrownBy(() -> DataFiles.list(missing, conf))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("nothing.parquet");
    }

    @Test
    void aFolderWithoutParquetIsNamed() {
        URI empty = dir.resolve("empty").toUri();
        assertThatThrownBy(() -> DataFiles.list(empty, conf))
                .isInstanceOf(IOException.class)
                .hasMessage("no .parquet files in folder " + empty);
    }

    @Test
    void aFolderOfPartitionFoldersSaysWhichGlobReadsThem() throws IOException {
        // a Spark user's first try: the table's root, whose part files are two partition levels down
        for (String name : List.of("t/year=2024/month=02/part-0.parquet", "t/year=2023/month=12/part-0.parquet")) {
            Files.createDirectories(dir.resolve(name).getParent());
            Files.createFile(dir.resolve(name));
        }
        URI root = dir.resolve("t").toUri();
        assertThatThrownBy(() -> DataFiles.list(root, conf))
                .isInstanceOf(IOException.class)
                .hasMessage("no .parquet files in folder " + root
                        + "; its sub-folders are partitions (key=value), read them with the glob '"
                        + root.toString().replaceAll("/$", "") + "/year=*/month=*'");
        // and that glob reads them
        assertThat(DataFiles.list(URI.create(root.toString().replaceAll("/$", "") + "/year=*/month=*"), conf))
                .extracting(p -> p.getParent().getParent().getName() + "/"
                        + p.getParent().getName())
                .containsExactly("year=2023/month=12", "year=2024/month=02");
    }

    @Test
    void aGlobThatMatchesNothingIsNamed() {
        URI glob = glob("claims/year=2025/*.parquet");
        assertThatThrownBy(() -> DataFiles.list(glob, conf))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("no file or folder matches the glob " + glob);
    }

    @Test
    void aGlobThatMatchesNoParquetIsNamed() {
        URI glob = glob("claims/year=202?/_*");
        assertThatThrownBy(() -> DataFiles.list(glob, conf))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("no .parquet files in the 2 match(es) of the glob " + glob);
    }

    /** A glob under the temporary folder, as {@code DataLocation} turns a command-line glob into a URI. */
    private URI glob(String pattern) {
        return dir.resolve(pattern).toUri();
    }

    /** The listed files as paths relative to {@code claims/}, to compare without the temporary folder. */
    private List<String> names(URI location) throws IOException {
        String claims = dir.resolve("claims").toUri().getPath();
        return DataFiles.list(location, conf).stream()
                .map(p -> p.toUri().getPath().substring(claims.length()))
                .toList();
    }
}
