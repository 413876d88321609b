package org.korrekt.training.data;

import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;

/**
 * The {@code applications} and {@code persons} tables as Parquet, with standard logical types:
 * dates as {@code DATE}, money as {@code INT64} öre (1/100 SEK), enums as {@code STRING}.
 *
 * <p>Paths are Hadoop URIs: a local path, {@code file:///...} or {@code hdfs://namenode/...}.
 * Reading streams row by row; the table never has to fit in memory as objects.
 */
public final class ClaimsParquet {

    /** Schema of the applications table. */
    public static final MessageType APPLICATIONS = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("application_id")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("person_id")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("benefit")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("channel")
            .required(PrimitiveTypeName.INT32)
            .as(LogicalTypeAnnotation.dateType())
            .named("submitted_on")
            .required(PrimitiveTypeName.INT32)
            .as(LogicalTypeAnnotation.dateType())
            .named("period_start")
            .required(PrimitiveTypeName.INT32)
            .as(LogicalTypeAnnotation.dateType())
            .named("period_end")
            .required(PrimitiveTypeName.INT32)
            .named("claimed_days")
            .required(PrimitiveTypeName.INT64)
            .named("amount_ore")
            .required(PrimitiveTypeName.INT64)
            .named("declared_monthly_income_ore")
            .required(PrimitiveTypeName.BOOLEAN)
            .named("is_incorrect")
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("mechanism")
            .required(PrimitiveTypeName.INT64)
            .named("incorrect_amount_ore")
            .required(PrimitiveTypeName.BOOLEAN)
            .named("investigated")
            .required(PrimitiveTypeName.BOOLEAN)
            .named("random_control")
            .named("applications");

    /** Schema of the persons table. */
    public static final MessageType PERSONS = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("person_id")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("sex")
            .required(PrimitiveTypeName.INT32)
            .named("birth_year")
            .required(PrimitiveTypeName.BOOLEAN)
            .named("born_abroad")
            .named("persons");

    private final Configuration conf;

    /** @param conf the Hadoop configuration (file systems, HDFS name nodes) */
    public ClaimsParquet(Configuration conf) {
        this.conf = conf;
    }

    /** A reader and writer with the default Hadoop configuration. */
    public static ClaimsParquet withDefaults() {
        return new ClaimsParquet(new Configuration());
    }

    /** Writes the applications table to {@code uri}, replacing any file there. */
    public void writeApplications(URI uri, Iterable<ClaimRecord> claims) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(APPLICATIONS);
        try (ParquetWriter<Group> writer = openWriter(uri, APPLICATIONS)) {
            for (ClaimRecord claim : claims) {
                Application a = claim.application();
                Group g = groups.newGroup()
                        .append("application_id", a.applicationId())
                        .append("person_id", a.personPseudonym())
                        .append("benefit", a.benefit().code())
                        .append("channel", a.channel().code())
                        .append("submitted_on", (int) a.submittedOn().toEpochDay())
                        .append("period_start", (int) a.periodStart().toEpochDay())
                        .append("period_end", (int) a.periodEnd().toEpochDay())
                        .append("claimed_days", a.claimedDays())
                        .append("amount_ore", toOre(a.amountSek()))
                        .append("declared_monthly_income_ore", toOre(a.declaredMonthlyIncomeSek()))
                        .append("is_incorrect", claim.incorrect());
                if (claim.mechanism() != null) {
                    g.append("mechanism", claim.mechanism());
                }
                g.append("incorrect_amount_ore", toOre(claim.incorrectAmountSek()))
                        .append("investigated", claim.investigated())
                        .append("random_control", claim.randomControl());
                writer.write(g);
            }
        }
    }

    /** Writes the persons table to {@code uri}, replacing any file there. */
    public void writePersons(URI uri, Iterable<PersonRecord> persons) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(PERSONS);
        try (ParquetWriter<Group> writer = openWriter(uri, PERSONS)) {
            for (PersonRecord person : persons) {
                writer.write(groups.newGroup()
                        .append("person_id", person.personPseudonym())
                        .append("sex", person.sex())
                        .append("birth_year", person.birthYear())
                        .append("born_abroad", person.bornAbroad()));
            }
        }
    }

    /**
     * Streams every row of an applications table to {@code sink}. {@code uri} is one file or a
     * folder of part files ({@code *.parquet}, read in name order).
     *
     * @return the number of rows read
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException naming the file and row when a row is not a valid application
     */
    public long readApplications(URI uri, Consumer<ClaimRecord> sink) throws IOException {
        long rows = 0;
        for (Path file : dataFiles(uri)) {
            long rowInFile = 0;
            try (ParquetReader<Group> reader = new GroupReaderBuilder(HadoopInputFile.fromPath(file, conf)).build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    rowInFile++;
                    try {
                        sink.accept(toClaim(g));
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(file + ", row " + rowInFile + ": " + e.getMessage(), e);
                    }
                }
            }
            rows += rowInFile;
        }
        return rows;
    }

    /** Reads a whole applications table into a list (for tests and small tables). */
    public List<ClaimRecord> readAllApplications(URI uri) throws IOException {
        List<ClaimRecord> claims = new ArrayList<>();
        readApplications(uri, claims::add);
        return claims;
    }

    /** Reads a whole persons table into a list. */
    public List<PersonRecord> readAllPersons(URI uri) throws IOException {
        List<PersonRecord> persons = new ArrayList<>();
        for (Path file : dataFiles(uri)) {
            try (ParquetReader<Group> reader = new GroupReaderBuilder(HadoopInputFile.fromPath(file, conf)).build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    persons.add(new PersonRecord(
                            g.getString("person_id", 0),
                            g.getString("sex", 0),
                            g.getInteger("birth_year", 0),
                            g.getBoolean("born_abroad", 0)));
                }
            }
        }
        return persons;
    }

    /** The Parquet files behind {@code uri}: the file itself, or a folder's {@code *.parquet} files. */
    public List<Path> dataFiles(URI uri) throws IOException {
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(path);
        if (!status.isDirectory()) {
            return List.of(path);
        }
        List<Path> files = new ArrayList<>();
        for (FileStatus child : fs.listStatus(path)) {
            if (child.isFile() && child.getPath().getName().endsWith(".parquet")) {
                files.add(child.getPath());
            }
        }
        files.sort(null);
        if (files.isEmpty()) {
            throw new IOException("no .parquet files in " + uri);
        }
        return files;
    }

    private ParquetWriter<Group> openWriter(URI uri, MessageType schema) throws IOException {
        return ExampleParquetWriter.builder(HadoopOutputFile.fromPath(new Path(uri), conf))
                .withConf(conf)
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    private static ClaimRecord toClaim(Group g) {
        Application application = new Application(
                g.getString("application_id", 0),
                g.getString("person_id", 0),
                parseBenefit(g.getString("benefit", 0)),
                parseChannel(g.getString("channel", 0)),
                LocalDate.ofEpochDay(g.getInteger("submitted_on", 0)),
                LocalDate.ofEpochDay(g.getInteger("period_start", 0)),
                LocalDate.ofEpochDay(g.getInteger("period_end", 0)),
                g.getInteger("claimed_days", 0),
                g.getLong("amount_ore", 0) / 100.0,
                g.getLong("declared_monthly_income_ore", 0) / 100.0);
        boolean incorrect = g.getBoolean("is_incorrect", 0);
        String mechanism = g.getFieldRepetitionCount("mechanism") > 0 ? g.getString("mechanism", 0) : null;
        return new ClaimRecord(
                application,
                incorrect,
                mechanism,
                g.getLong("incorrect_amount_ore", 0) / 100.0,
                g.getBoolean("investigated", 0),
                g.getBoolean("random_control", 0));
    }

    private static Benefit parseBenefit(String code) {
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

    /** Reads {@link Group}s through the non-deprecated {@link InputFile} builder. */
    private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
        GroupReaderBuilder(InputFile file) {
            super(file);
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }
}
