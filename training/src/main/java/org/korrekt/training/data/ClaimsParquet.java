package org.korrekt.training.data;

import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.MessageType;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.history.Claim;

/**
 * Reads the {@code applications} table of a claims history (see {@link HistoryTables}) for
 * training: standard logical types, dates as {@code DATE}, money as {@code DECIMAL(18,2)}.
 *
 * <p>Paths are Hadoop URIs: a local path, {@code file:///...} or {@code hdfs://namenode/...}; each
 * may name a file, a folder of part files or a glob ({@link DataFiles}).
 * Reading streams row by row; the table never has to fit in memory as objects.
 */
public final class ClaimsParquet {

    private final Configuration conf;
    // the reader's view of conf, made once: a reader left to make its own parses Hadoop's XML resources again
    private final ParquetConfiguration parquetConf;
    // footer reads' options, made once for the same reason
    private ParquetReadOptions readOptions;

    /** @param conf the Hadoop configuration (file systems, HDFS name nodes) */
    public ClaimsParquet(Configuration conf) {
        this.conf = conf;
        this.parquetConf = new HadoopParquetConfiguration(conf);
    }

    /** A reader and writer with the default Hadoop configuration. */
    public static ClaimsParquet withDefaults() {
        return new ClaimsParquet(new Configuration());
    }

    /**
     * Streams every row of an applications table to {@code sink}. {@code uri} is one file, a folder
     * of part files ({@code *.parquet}) or a glob ({@code .../part-*.parquet}); files are read in
     * path order (see {@link DataFiles}).
     *
     * @return the number of rows read
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException naming the file and row when a row is not a valid application
     */
    public long readApplications(URI uri, Consumer<Claim> sink) throws IOException {
        return readRows(uri, ClaimsParquet::toClaim, sink);
    }

    /**
     * Reads every row of a Parquet table (a file, a folder of part files or a glob), turning each into a
     * {@code T}; a row that cannot be read is reported with its file and row number.
     */
    <T> long readRows(URI uri, java.util.function.Function<Group, T> mapper, Consumer<T> sink) throws IOException {
        long rows = 0;
        for (Path file : dataFiles(uri)) {
            rows += readFile(file, null, mapper, sink);
        }
        return rows;
    }

    /**
     * Reads every row of one Parquet file, only the columns of {@code projection} (every column when
     * null), turning each into a {@code T}; a row that cannot be read is reported with the file and
     * its row number in it.
     *
     * @return the number of rows read
     */
    <T> long readFile(Path file, MessageType projection, java.util.function.Function<Group, T> mapper, Consumer<T> sink)
            throws IOException {
        long rowInFile = 0;
        try (ParquetReader<Group> reader =
                new GroupReaderBuilder(HadoopInputFile.fromPath(file, conf), parquetConf, projection).build()) {
            for (Group g = next(reader); g != null; g = next(reader)) {
                rowInFile++;
                try {
                    sink.accept(mapper.apply(g));
                } catch (RuntimeException e) {
                    throw new TableRows.FileError(file + ", row " + rowInFile + ": " + e.getMessage(), e);
                }
            }
        }
        return rowInFile;
    }

    /**
     * The next row, or null at the end. parquet-java reports a file that is not Parquet, or is cut
     * short, as a RuntimeException naming the file; it is an input error, so it becomes an IOException.
     */
    private static Group next(ParquetReader<Group> reader) throws IOException {
        try {
            return reader.read();
        } catch (RuntimeException e) {
            throw new NotParquet(e);
        }
    }

    /** A file parquet-java cannot read as Parquet ("FILE is not a Parquet file", cut short). */
    static final class NotParquet extends IOException {
        private static final long serialVersionUID = 1L;

        NotParquet(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** What a Parquet file's footer says: its schema and its number of rows. */
    record Footer(MessageType schema, long rows) {}

    /**
     * {@code file}'s footer.
     *
     * @throws NotParquet if the file is not Parquet (bad input, not a bug)
     * @throws IOException if the file cannot be read
     */
    Footer footer(Path file) throws IOException {
        if (readOptions == null) {
            // ParquetFileReader.open(file) would build these from a new Configuration, which parses
            // Hadoop's default XML resources again, some 10 ms a file
            readOptions = HadoopReadOptions.builder(conf).build();
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf), readOptions)) {
            return new Footer(reader.getFooter().getFileMetaData().getSchema(), reader.getRecordCount());
        } catch (RuntimeException e) {
            throw new NotParquet(e);
        }
    }

    /** Reads a whole applications table into a list (for tests and small tables). */
    public List<Claim> readAllApplications(URI uri) throws IOException {
        List<Claim> claims = new ArrayList<>();
        readApplications(uri, claims::add);
        return claims;
    }

    /**
     * The Parquet files behind {@code uri}: the file itself, a folder's {@code *.parquet} part
     * files, or the matches of a glob (see {@link DataFiles}), sorted by path.
     *
     * @throws java.io.FileNotFoundException if {@code uri} does not exist or a glob matches nothing
     * @throws IOException if a folder or the matches hold no {@code .parquet} file
     */
    public List<Path> dataFiles(URI uri) throws IOException {
        return DataFiles.list(uri, conf);
    }

    static Claim toClaim(Group g) {
        Application application = new Application(
                g.getString("application_id", 0),
                g.getString("person_id", 0),
                parseBenefit(g.getString("benefit", 0)),
                parseChannel(g.getString("channel", 0)),
                LocalDate.ofEpochDay(g.getInteger("submitted_on", 0)),
                LocalDate.ofEpochDay(g.getInteger("period_start", 0)),
                LocalDate.ofEpochDay(g.getInteger("period_end", 0)),
                g.getInteger("claimed_days", 0),
                money(g, "amount_sek"),
                money(g, "declared_monthly_income_sek"),
                optionalString(g, "provider_id"),
                g.getFieldRepetitionCount("granted_hours") > 0 ? g.getDouble("granted_hours", 0) : Double.NaN);
        return new Claim(
                application,
                optionalString(g, "child_id"),
                g.getDouble("sample_weight", 0),
                g.getBoolean("is_incorrect", 0),
                optionalString(g, "mechanism"),
                money(g, "incorrect_amount_sek"),
                g.getBoolean("investigated", 0),
                g.getBoolean("random_control", 0));
    }

    static double money(Group g, String column) {
        return g.getLong(column, 0) / 100.0; // DECIMAL(18,2): the unscaled value is öre
    }

    static String optionalString(Group g, String column) {
        return g.getFieldRepetitionCount(column) > 0 ? g.getString(column, 0) : null;
    }

    static Benefit parseBenefit(String code) {
        Benefit benefit = Benefit.fromCode(code);
        if (benefit == null) {
            throw new IllegalArgumentException("unknown benefit '" + code + "'");
        }
        return benefit;
    }

    private static Channel parseChannel(String code) {
        Channel channel = Channel.fromCode(code);
        if (channel == null) {
            throw new IllegalArgumentException("unknown channel '" + code + "'");
        }
        return channel;
    }

    private static long toOre(double sek) {
        return Math.round(sek * 100.0);
    }

    /**
     * Reads {@link Group}s through the non-deprecated {@link InputFile} builder, of a projection of
     * the file's columns (all of them when it is null).
     */
    private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
        private final MessageType projection;

        GroupReaderBuilder(InputFile file, ParquetConfiguration conf, MessageType projection) {
            super(file, conf);
            this.projection = projection;
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            if (projection == null) {
                return new GroupReadSupport();
            }
            return new GroupReadSupport() {
                @Override
                public ReadContext init(InitContext context) {
                    return new ReadContext(projection);
                }
            };
        }
    }
}
