package org.korrekt.paymentrun;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.korrekt.features.Application;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.features.history.HistoryLog;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.Checksums;
import org.korrekt.features.model.DecisionThresholds;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.features.model.ModelArtifacts;

/**
 * Real files for payment-run tests: a model bundle written through the shared bundle format, seeded
 * payment runs as Parquet (in the generated tables' conventions, or in other encodings) and CSV, and
 * a person history log that makes the claim rules fire.
 */
public final class PaymentRunFixtures {

    /** The profile the test bundle is written under. */
    public static final String PROFILE = "test-profile";

    /**
     * {@code score --in IN --out OUT --models MODELS --profile PROFILE --seed 1}, then {@code more}:
     * the arguments the tests run {@code korrekt score} with, in this JVM or in a child.
     */
    public static List<String> scoreArguments(Path in, Path out, Path models, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "score",
                "--in",
                in.toString(),
                "--out",
                out.toString(),
                "--models",
                models.toString(),
                "--profile",
                PROFILE,
                "--seed",
                "1"));
        args.addAll(List.of(more));
        return args;
    }

    /** The test bundle's version. */
    public static final String VERSION = "test-20260101";

    /** A pseudonymisation key, as the hex a work folder's {@code pseudonym.key} holds. */
    public static final String KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private PaymentRunFixtures() {}

    /**
     * One row of a payment run.
     *
     * @param personNumber the person's 12-digit identity number, for inputs with raw numbers
     * @param childNumber the child's identity number, or null
     */
    public record InputRow(
            String applicationId,
            String paymentId,
            String person,
            String personNumber,
            String benefit,
            String channel,
            LocalDate submittedOn,
            LocalDate periodStart,
            LocalDate periodEnd,
            int claimedDays,
            double amountSek,
            double incomeSek,
            String child,
            String childNumber,
            LocalDate payDate) {

        /** This row, its period ending on {@code end} and {@code days} days claimed (a test's bad row). */
        public InputRow withPeriod(LocalDate end, int days) {
            return new InputRow(
                    applicationId,
                    paymentId,
                    person,
                    personNumber,
                    benefit,
                    channel,
                    submittedOn,
                    periodStart,
                    end,
                    days,
                    amountSek,
                    incomeSek,
                    child,
                    childNumber,
                    payDate);
        }
    }

    /** How a test Parquet file stores its values. */
    public enum Encoding {
        /** As the generated tables: DATE, DECIMAL(18,2) as INT64, INT32. */
        GENERATED,
        /** Dates as strings, amounts as DOUBLE and DECIMAL(20,2) bytes, days as INT64. */
        OTHER
    }

    /**
     * A bundle whose logistic regression suspects late and paper applications and high amounts for
     * the income, with the thresholds 0.2 / 0.5 / 0.9, so that a varied run gets every action.
     */
    public static Path writeBundle(Path models) throws IOException {
        return writeBundle(models, VERSION);
    }

    /** As {@link #writeBundle(Path)}, as version {@code version}. */
    public static Path writeBundle(Path models, String version) throws IOException {
        FeatureSchema schema = ApplicationFeatures.SCHEMA_V1;
        int n = schema.size();
        double[] weights = new double[n];
        double[] means = new double[n];
        double[] scales = new double[n];
        Arrays.fill(scales, 1.0);
        weights[schema.indexOf("submission_lag_days")] = 0.012;
        weights[schema.indexOf("paper_channel")] = 1.5;
        weights[schema.indexOf("amount_to_income_ratio")] = 0.6;
        weights[schema.indexOf("claimed_day_share")] = 0.8;
        LogisticRegressionModel model =
                new LogisticRegressionModel(schema.fingerprint(), schema.names(), weights, means, scales, -3.0);
        Path dir = models.resolve(PROFILE).resolve(version);
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve(ModelArtifacts.FILE_NAME))) {
            ModelArtifacts.write(model, schema, out);
        }
        BundleManifest manifest = BundleManifest.of(
                PROFILE,
                version,
                Instant.parse("2026-01-01T00:00:00Z"),
                BundleManifest.LOGISTIC_REGRESSION,
                schema,
                new DecisionThresholds(0.2, 0.5, 0.9),
                Map.of(ModelArtifacts.FILE_NAME, Checksums.sha256Hex(dir.resolve(ModelArtifacts.FILE_NAME))));
        try (OutputStream out = Files.newOutputStream(dir.resolve(BundleManifest.FILE_NAME))) {
            manifest.write(out);
        }
        return dir;
    }

    /** The application a row describes, with {@code person} as its pseudonym. */
    public static Application application(InputRow r, String person) {
        return new Application(
                r.applicationId(),
                person,
                Benefit.fromCode(r.benefit()),
                Channel.fromCode(r.channel()),
                r.submittedOn(),
                r.periodStart(),
                r.periodEnd(),
                r.claimedDays(),
                r.amountSek(),
                r.incomeSek());
    }

    /** Writes {@link #KEY_HEX} as {@code workDir/pseudonym.key}. */
    public static void writeKey(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Files.writeString(workDir.resolve("pseudonym.key"), KEY_HEX + "\n");
    }

    /**
     * {@code count} valid rows drawn from {@code seed}, in order of submission: 300 people, tfp
     * rows naming one of 200 children, periods up to 30 days, submitted 20 days early to 300 days
     * late, amounts in öre from 100 to 60,000 SEK.
     */
    public static List<InputRow> rows(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] benefits = {"tfp", "fp", "sp", "bob", "as"};
        List<InputRow> rows = new ArrayList<>(count);
        LocalDate first = LocalDate.of(2025, 1, 2);
        for (int i = 0; i < count; i++) {
            int person = random.nextInt(300);
            String benefit = benefits[random.nextInt(benefits.length)];
            LocalDate submitted = first.plusDays(i * 200L / count);
            int lag = random.nextInt(-20, 301);
            int length = benefit.equals("tfp") ? random.nextInt(1, 6) : random.nextInt(1, 31);
            LocalDate end = submitted.minusDays(lag);
            int claimed = random.nextInt(length + 1);
            double amount = random.nextLong(10_000, 6_000_001) / 100.0;
            double income = random.nextInt(0, 80_001);
            int child = random.nextInt(200);
            boolean tfp = benefit.equals("tfp");
            rows.add(new InputRow(
                    String.format("A%09d", i + 1),
                    String.format("P%09d", i + 1),
                    pseudonym(person),
                    identityNumber(1960, person),
                    benefit,
                    random.nextInt(10) < 3 ? "paper" : "e-service",
                    submitted,
                    end.minusDays(length - 1L),
                    end,
                    claimed,
                    amount,
                    income,
                    tfp ? String.format("C%09d", child) : null,
                    tfp ? identityNumber(2015, child) : null,
                    submitted.plusDays(5)));
        }
        return rows;
    }

    /** The pseudonym of test person {@code index}. */
    public static String pseudonym(int index) {
        return String.format("p-%032x", index * 7919L + 17);
    }

    /** A valid 12-digit identity number: born in {@code year}, on a day and with a serial chosen by {@code index}. */
    public static String identityNumber(int year, int index) {
        LocalDate birth = LocalDate.of(year, 1, 1).plusDays(index % 3000);
        String nine = String.format(
                "%02d%02d%02d%03d", birth.getYear() % 100, birth.getMonthValue(), birth.getDayOfMonth(), index % 1000);
        return (birth.getYear() / 100) + nine + luhn(nine);
    }

    private static int luhn(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < nineDigits.length(); i++) {
            int d = (nineDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (10 - sum % 10) % 10;
    }

    /**
     * A history log for {@code rows}: income and payments for every person, childcare attendance on
     * the first day of every other tfp period, and for every third tfp row another parent's earlier
     * claim for the same child and days.
     */
    public static void writeHistory(Path log, List<InputRow> rows) throws IOException {
        List<HistoryEvent> events = new ArrayList<>();
        int month = Days.monthOf(Days.of(LocalDate.of(2024, 10, 1)));
        for (int person = 0; person < 300; person++) {
            // in the population register, as every resident is: their employers' reports then count
            events.add(new HistoryEvent.MovedIn(
                    pseudonym(person),
                    "ADR" + person,
                    Days.of(LocalDate.of(2015, 1, 1).plusDays(person))));
            events.add(new HistoryEvent.IncomeDeclared(pseudonym(person), month, 20_000 + person * 50.0, 0, 0, 0));
            events.add(new HistoryEvent.PaymentMade(
                    pseudonym(person), Benefit.SP, Days.of(LocalDate.of(2024, 11, 25)), 5_000));
        }
        for (int i = 0; i < rows.size(); i++) {
            InputRow row = rows.get(i);
            if (row.child() == null) {
                continue;
            }
            if (i % 2 == 0) {
                events.add(new HistoryEvent.ChildAttended(row.child(), Days.of(row.periodStart())));
            }
            if (i % 3 == 0) {
                events.add(new HistoryEvent.ClaimSubmitted(
                        "H" + i,
                        pseudonym(299 - (i % 300)),
                        Benefit.TFP,
                        Days.of(row.periodEnd()),
                        Days.of(row.periodStart()),
                        Math.max(1, row.claimedDays()),
                        row.child()));
            }
        }
        events.sort(Comparator.comparingInt(HistoryEvent::knownOn));
        try (OutputStream out = Files.newOutputStream(log)) {
            HistoryLog.write(events, events.size(), out);
        }
    }

    /** Writes {@code rows} as Parquet, without the columns in {@code omit}. */
    public static void writeParquet(Path file, List<InputRow> rows, Encoding encoding, Set<String> omit)
            throws IOException {
        boolean generated = encoding == Encoding.GENERATED;
        List<Type> fields = new ArrayList<>();
        fields.add(string("application_id", false));
        fields.add(string("payment_id", false));
        fields.add(string("person_id", false));
        fields.add(string("benefit", false));
        fields.add(string("channel", false));
        for (String date : List.of("submitted_on", "period_start", "period_end")) {
            fields.add(generated ? date(date) : string(date, false));
        }
        fields.add(
                Types.primitive(generated ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64, Type.Repetition.REQUIRED)
                        .named("claimed_days"));
        fields.add(
                generated
                        ? Types.primitive(PrimitiveTypeName.INT64, Type.Repetition.REQUIRED)
                                .as(LogicalTypeAnnotation.decimalType(2, 18))
                                .named("amount_sek")
                        : Types.primitive(PrimitiveTypeName.DOUBLE, Type.Repetition.REQUIRED)
                                .named("amount_sek"));
        fields.add(
                generated
                        ? Types.primitive(PrimitiveTypeName.INT64, Type.Repetition.REQUIRED)
                                .as(LogicalTypeAnnotation.decimalType(2, 18))
                                .named("declared_monthly_income_sek")
                        : Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, Type.Repetition.REQUIRED)
                                .length(9)
                                .as(LogicalTypeAnnotation.decimalType(2, 20))
                                .named("declared_monthly_income_sek"));
        fields.add(string("child_id", true));
        fields.add(Types.primitive(PrimitiveTypeName.INT32, Type.Repetition.OPTIONAL)
                .as(LogicalTypeAnnotation.dateType())
                .named("pay_date"));
        // the generated tables' ground truth, which a payment run ignores
        fields.add(Types.primitive(PrimitiveTypeName.BOOLEAN, Type.Repetition.REQUIRED)
                .named("is_incorrect"));
        fields.removeIf(f -> omit.contains(f.getName()));
        MessageType schema = new MessageType("payment_run", fields);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(schema)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(64L * 1024)
                .build()) {
            for (InputRow r : rows) {
                Group g = groups.newGroup();
                put(g, schema, "application_id", r.applicationId());
                put(g, schema, "payment_id", r.paymentId());
                put(g, schema, "person_id", r.person());
                put(g, schema, "benefit", r.benefit());
                put(g, schema, "channel", r.channel());
                putDate(g, schema, "submitted_on", r.submittedOn(), generated);
                putDate(g, schema, "period_start", r.periodStart(), generated);
                putDate(g, schema, "period_end", r.periodEnd(), generated);
                if (schema.containsField("claimed_days")) {
                    if (generated) {
                        g.add("claimed_days", r.claimedDays());
                    } else {
                        g.add("claimed_days", (long) r.claimedDays());
                    }
                }
                if (schema.containsField("amount_sek")) {
                    if (generated) {
                        g.add("amount_sek", Math.round(r.amountSek() * 100));
                    } else {
                        g.add("amount_sek", r.amountSek());
                    }
                }
                if (schema.containsField("declared_monthly_income_sek")) {
                    long ore = Math.round(r.incomeSek() * 100);
                    if (generated) {
                        g.add("declared_monthly_income_sek", ore);
                    } else {
                        byte[] unscaled = BigInteger.valueOf(ore).toByteArray();
                        byte[] fixed = new byte[9];
                        Arrays.fill(fixed, (byte) (ore < 0 ? -1 : 0));
                        System.arraycopy(unscaled, 0, fixed, 9 - unscaled.length, unscaled.length);
                        g.add("declared_monthly_income_sek", Binary.fromConstantByteArray(fixed));
                    }
                }
                put(g, schema, "child_id", r.child());
                if (schema.containsField("pay_date") && r.payDate() != null) {
                    g.add("pay_date", (int) r.payDate().toEpochDay());
                }
                if (schema.containsField("is_incorrect")) {
                    g.add("is_incorrect", false);
                }
                writer.write(g);
            }
        }
    }

    /**
     * Writes {@code rows} as CSV with a header. With {@code rawIdentities} the people and children
     * are given by identity number ({@code personal_identity_number}, {@code
     * child_personal_identity_number}) instead of pseudonym.
     */
    public static void writeCsv(Path file, List<InputRow> rows, boolean rawIdentities) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("application_id,payment_id,"
                    + (rawIdentities ? "personal_identity_number" : "person_id")
                    + ",benefit,channel,submitted_on,period_start,period_end,claimed_days,amount_sek,"
                    + "declared_monthly_income_sek,"
                    + (rawIdentities ? "child_personal_identity_number" : "child_id")
                    + ",pay_date,note\r\n");
            for (InputRow r : rows) {
                out.write(String.join(
                        ",",
                        r.applicationId(),
                        r.paymentId(),
                        rawIdentities ? r.personNumber() : r.person(),
                        r.benefit(),
                        r.channel(),
                        r.submittedOn().toString(),
                        r.periodStart().toString(),
                        r.periodEnd().toString(),
                        Integer.toString(r.claimedDays()),
                        BigDecimal.valueOf(Math.round(r.amountSek() * 100), 2).toPlainString(),
                        BigDecimal.valueOf(Math.round(r.incomeSek() * 100), 2).toPlainString(),
                        r.child() == null ? "" : rawIdentities ? r.childNumber() : r.child(),
                        r.payDate().toString(),
                        "\"a note, with a comma\""));
                out.write("\r\n");
            }
        }
    }

    private static Type string(String name, boolean optional) {
        return Types.primitive(PrimitiveTypeName.BINARY, optional ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED)
                .as(LogicalTypeAnnotation.stringType())
                .named(name);
    }

    private static Type date(String name) {
        return Types.primitive(PrimitiveTypeName.INT32, Type.Repetition.REQUIRED)
                .as(LogicalTypeAnnotation.dateType())
                .named(name);
    }

    private static void put(Group g, MessageType schema, String column, String value) {
        if (schema.containsField(column) && value != null) {
            g.add(column, value);
        }
    }

    private static void putDate(Group g, MessageType schema, String column, LocalDate value, boolean days) {
        if (!schema.containsField(column)) {
            return;
        }
        if (days) {
            g.add(column, (int) value.toEpochDay());
        } else {
            g.add(column, value.toString());
        }
    }
}
