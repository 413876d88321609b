package org.korrekt.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.HistoryEvents;
import org.korrekt.training.cli.TrainingCli;
import org.korrekt.training.data.ClaimsParquet;
import org.korrekt.training.data.DataFiles;
import org.korrekt.training.data.HdfsTestCluster;
import org.korrekt.training.data.HistoryParquet;
import org.korrekt.training.data.HistoryTables;
import org.korrekt.training.data.HistoryWriter;
import org.korrekt.training.data.TableRows;
import org.korrekt.training.features.PointInTimeFeatureBuilder;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;

/**
 * Reading and training from {@code hdfs://} against a real HDFS (a NameNode and a DataNode in this
 * JVM, {@link HdfsTestCluster}), through the same Hadoop client and default configuration as
 * {@code korrekt train} on a cluster.
 *
 * <p>A synthetic history (1:1000, fixed seed) is written to local disk, then put on HDFS twice:
 * {@code /history} as generated (one file per table), and {@code /partitioned} where
 * {@code applications} and {@code payments} are folders of part files with a {@code _SUCCESS}
 * marker, as a Spark or Hive job leaves them. Every read from HDFS is compared with the same read
 * from local disk.
 */
class HdfsTrainingIT {

    private static final long SEED = 20_231_101L;
    private static final double SCALE = 0.001;
    private static final int APPLICATION_PARTS = 3;
    private static final int PAYMENT_PARTS = 2;

    @TempDir
    static Path work;

    private static HdfsTestCluster hdfs;
    private static Path local;
    private static List<Claim> applications;
    private static final ClaimsParquet parquet = ClaimsParquet.withDefaults();

    @BeforeAll
    static void putAGeneratedHistoryOnHdfs() throws IOException {
        System.out.println("HdfsTrainingIT: history seed " + SEED + ", scale " + SCALE);
        GeneratedHistory history =
                new HistoryGenerator(HistoryConfig.defaults(SCALE, SEED)).generate((stage, done, total) -> {});
        applications = history.applications();
        Configuration conf = new Configuration();
        local = work.resolve("history");
        new HistoryWriter(conf).write(history, local.toUri(), (table, written, total) -> {});

        Path partitioned = work.resolve("partitioned");
        Files.createDirectories(partitioned);
        for (String table : HistoryTables.NAMES) {
            if (!table.equals("applications") && !table.equals("payments")) {
                Files.copy(local.resolve(table + ".parquet"), partitioned.resolve(table + ".parquet"));
            }
        }
        writeParts(
                conf,
                partitioned.resolve("applications.parquet"),
                HistoryTables.APPLICATIONS,
                applications,
                APPLICATION_PARTS);
        writeParts(
                conf,
                partitioned.resolve("payments.parquet"),
                HistoryTables.PAYMENTS,
                history.payments(),
                PAYMENT_PARTS);

        // Spark's and Hive's layout: a folder per year of submission, the year in no file
        Path byYear = work.resolve("by-year");
        Map<Integer, List<Claim>> years = new TreeMap<>();
        for (Claim k : applications) {
            years.computeIfAbsent(k.application().submittedOn().getYear(), y -> new ArrayList<>())
                    .add(k);
        }
        for (Map.Entry<Integer, List<Claim>> year : years.entrySet()) {
            writeParts(conf, byYear.resolve("year=" + year.getKey()), HistoryTables.APPLICATIONS, year.getValue(), 1);
        }

        hdfs = HdfsTestCluster.start(work.resolve("hdfs"));
        hdfs.put(local, "/history");
        hdfs.put(partitioned, "/partitioned");
        hdfs.put(byYear, "/by-year");
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    void readsTheApplicationsFileFromHdfsAsFromLocalDisk() throws IOException {
        URI onHdfs = hdfs.uri("/history/applications.parquet");
        assertThat(onHdfs.toString()).startsWith("hdfs://localhost:");

        List<Claim> fromHdfs = parquet.readAllApplications(onHdfs);
        List<Claim> fromDisk = parquet.readAllApplications(
                local.resolve("applications.parquet").toUri());

        assertThat(fromDisk).hasSameSizeAs(applications);
        assertThat(fromHdfs).hasSameSizeAs(fromDisk).isEqualTo(fromDisk);
    }

    @Test
    void readsAFolderOfPartFilesAndAGlobOfThem() throws IOException {
        URI folder = hdfs.uri("/partitioned/applications.parquet");
        assertThat(DataFiles.list(folder, new Configuration()))
                .extracting(p -> p.getName())
                .containsExactly("part-00000.parquet", "part-00001.parquet", "part-00002.parquet");
        assertThat(parquet.readAllApplications(folder))
                .isEqualTo(parquet.readAllApplications(hdfs.uri("/history/applications.parquet")));

        URI firstTwoParts = hdfs.uri("/partitioned/applications.parquet/part-0000[01].parquet");
        long rows = parquet.readApplications(firstTwoParts, claim -> {});
        assertThat(rows)
                .isEqualTo(partSize(applications.size(), 0, APPLICATION_PARTS)
                        + partSize(applications.size(), 1, APPLICATION_PARTS))
                .isLessThan(applications.size());

        URI bothFolders = hdfs.uri("/partitioned/{applications,payments}.parquet");
        assertThat(DataFiles.list(bothFolders, new Configuration())).hasSize(APPLICATION_PARTS + PAYMENT_PARTS);
    }

    @Test
    void readsTheColumnOfAPartitionFolderOnHdfs() throws IOException {
        TableRows table = TableRows.parquet(hdfs.uri("/by-year/year=*"), new Configuration());
        Map<String, Claim> byId = new HashMap<>();
        applications.forEach(k -> byId.put(k.application().applicationId(), k));
        List<String> seen = new ArrayList<>();

        long rows = table.forEach(List.of("year", "application_id", "amount_sek"), cells -> {
            Claim k = byId.get((String) cells[1]);
            assertThat(cells[0])
                    .isEqualTo(Integer.toString(k.application().submittedOn().getYear()));
            // DECIMAL(18,2): to the öre
            assertThat((Double) cells[2]).isCloseTo(k.application().amountSek(), within(0.005));
            seen.add((String) cells[1]);
        });

        assertThat(rows).isEqualTo(applications.size()).isEqualTo(table.expectedRows());
        assertThat(seen).doesNotHaveDuplicates().hasSize(applications.size());
        assertThat(table.columns()).endsWith("year");
        assertThat(table.notes()).isEmpty();
    }

    @Test
    void namesAGlobThatMatchesNothingOnHdfs() {
        URI nothing = hdfs.uri("/partitioned/applications.parquet/part-9*.parquet");
        assertThatThrownBy(() -> parquet.readAllApplications(nothing))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("no file or folder matches the glob " + nothing);
    }

    @Test
    void readsAWholeHistoryWithPartitionedTablesFromHdfsAsFromLocalDisk() throws IOException {
        HistoryParquet history = new HistoryParquet(parquet);

        HistoryEvents.Tables fromHdfs = history.read(hdfs.uri("/partitioned"), table -> {});
        HistoryEvents.Tables fromDisk = history.read(local.toUri(), table -> {});

        assertThat(fromHdfs.claims()).hasSize(applications.size());
        assertThat(fromHdfs).isEqualTo(fromDisk);
    }

    @Test
    void computesTheSamePointInTimeFeaturesFromPartitionedTablesOnHdfsAsFromLocalDisk() throws IOException {
        HistoryParquet history = new HistoryParquet(parquet);

        // as korrekt train reads them: streamed, only the columns the features use
        PointInTimeFeatureBuilder fromHdfs = history.features(hdfs.uri("/partitioned"), table -> {});
        PointInTimeFeatureBuilder fromDisk = history.features(local.toUri(), table -> {});

        assertThat(fromHdfs.claims()).isEqualTo(applications.size());
        int nonZero = 0;
        for (Claim k : applications) {
            double[] onHdfs = fromHdfs.claimFeatures(
                    k.application(), k.childId(), k.application().submittedOn());
            assertThat(onHdfs)
                    .as("application %s", k.application().applicationId())
                    .isEqualTo(fromDisk.claimFeatures(
                            k.application(), k.childId(), k.application().submittedOn()));
            for (double v : onHdfs) {
                nonZero += v != 0 ? 1 : 0;
            }
        }
        assertThat(nonZero).isPositive();
    }

    @Test
    void trainsFromAGlobOnHdfsAndWritesABundle() throws IOException {
        String glob =
                hdfs.uri("/partitioned/applications.parquet/part-*.parquet").toString();
        Path models = work.resolve("models");

        int status = train(glob, models);

        assertThat(status).isZero();
        List<Path> provenance;
        try (Stream<Path> files = Files.walk(models)) {
            provenance = files.filter(f -> f.getFileName().toString().equals("provenance.json"))
                    .toList();
        }
        assertThat(provenance)
                .as("the bundle's provenance.json under %s", models)
                .hasSize(1);
        assertThat(provenance.get(0))
                .content()
                .contains("\"source\" : \"" + glob + "\"")
                .contains("\"rowsRead\" : " + applications.size() + ",");
    }

    /**
     * The one call of {@code korrekt train}: adapt here when its options change. Reads {@code data}
     * from HDFS and writes the bundle under the local {@code models} folder.
     */
    private static int train(String data, Path models) throws IOException {
        // the applications table as any claims table: its own columns, every row labelled
        Path profile = work.resolve("applications.profile.json");
        Files.writeString(profile, """
                {
                  "name": "hdfs-applications",
                  "features": "columns",
                  "columns": {
                    "id": "application_id", "time": "submitted_on", "label": "is_incorrect",
                    "amount": "amount_sek", "incorrectAmount": "incorrect_amount_sek",
                    "numeric": ["claimed_days", "declared_monthly_income_sek", "amount_sek"],
                    "categorical": ["benefit", "channel"],
                    "dates": ["period_start"]
                  },
                  "models": { "trees": { "trees": 30 }, "isolationForest": { "trees": 30 } }
                }
                """);
        return TrainingCli.commandLine()
                .execute(
                        "train",
                        "--profile",
                        profile.toString(),
                        "--data",
                        data,
                        "--out",
                        models.toString(),
                        "--seed",
                        Long.toString(SEED));
    }

    /** Writes {@code rows} as {@code parts} part files of nearly equal size, and a {@code _SUCCESS} marker. */
    private static <T> void writeParts(
            Configuration conf, Path folder, org.korrekt.training.data.ParquetTable<T> table, List<T> rows, int parts)
            throws IOException {
        Files.createDirectories(folder);
        int from = 0;
        for (int part = 0; part < parts; part++) {
            int to = from + partSize(rows.size(), part, parts);
            table.write(
                    conf,
                    folder.resolve(String.format("part-%05d.parquet", part)).toUri(),
                    rows.subList(from, to),
                    written -> {});
            from = to;
        }
        Files.writeString(folder.resolve("_SUCCESS"), "");
    }

    /** The rows in part {@code part} when {@code total} rows are split into {@code parts} nearly equal parts. */
    private static int partSize(int total, int part, int parts) {
        return total / parts + (part < total % parts ? 1 : 0);
    }
}
