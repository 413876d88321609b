package org.korrekt.training.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Command-line locations, globs among them, become the URIs (and Hadoop paths) the user meant. */
class DataLocationTest {

    @Test
    void aUriKeepsItsSchemeAndAuthority() {
        assertThat(DataLocation.toUri("hdfs://namenode:8020/claims/applications.parquet"))
                .hasScheme("hdfs")
                .hasAuthority("namenode:8020")
                .hasPath("/claims/applications.parquet");
        assertThat(DataLocation.toUri("file:///data/applications.parquet")).hasScheme("file");
    }

    @Test
    void aLocalPathBecomesAnAbsoluteFileUri() {
        assertThat(DataLocation.toUri("data/../data/applications.parquet"))
                .isEqualTo(Path.of("data/applications.parquet").toAbsolutePath().toUri());
    }

    @Test
    void aGlobReachesHadoopAsWrittenEvenWithCharactersAUriForbids() {
        for (String glob : new String[] {
            "hdfs://namenode/claims/part-*.parquet",
            "hdfs://namenode/claims/year=202[34]/part-?.parquet",
            "hdfs://namenode/claims/year={2023,2024}"
        }) {
            assertThat(new org.apache.hadoop.fs.Path(DataLocation.toUri(glob))).hasToString(glob);
        }
        String local = Path.of("claims/year={2023,2024}/part-[0-9]*.parquet")
                .toAbsolutePath()
                .toString();
        assertThat(new org.apache.hadoop.fs.Path(DataLocation.toUri(local))
                        .toUri()
                        .getPath())
                .isEqualTo(local);
    }
}
