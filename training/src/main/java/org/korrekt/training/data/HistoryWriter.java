package org.korrekt.training.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.function.LongConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.IncomingApplication;

/** Writes a generated history as one Parquet file per table into a folder, local or {@code hdfs://}. */
public final class HistoryWriter {

    /** Told about each table as it is written: its name, rows written so far, and its total rows. */
    @FunctionalInterface
    public interface Progress {
        /** Called as rows are written. */
        void report(String table, long written, long total);
    }

    private final Configuration conf;

    /** @param conf the Hadoop configuration */
    public HistoryWriter(Configuration conf) {
        this.conf = conf;
    }

    /**
     * Writes every table of {@code history} as {@code folder/<table>.parquet}, and the applications
     * after the history twice: as {@code incoming.jsonl} (request bodies) and {@code incoming.parquet}
     * (a payment run for {@code korrekt score}).
     */
    public void write(GeneratedHistory h, URI folder, Progress progress) throws IOException {
        table(HistoryTables.PERSONS, h.persons(), folder, progress);
        table(HistoryTables.ADDRESS_REGISTRATIONS, h.addressRegistrations(), folder, progress);
        table(HistoryTables.CHILDREN, h.children(), folder, progress);
        table(HistoryTables.CHILDCARE_ATTENDANCE, h.childcareAttendance(), folder, progress);
        table(HistoryTables.EMPLOYERS, h.employers(), folder, progress);
        table(HistoryTables.MONTHLY_INCOME, h.monthlyIncome(), folder, progress);
        table(HistoryTables.PROVIDERS, h.providers(), folder, progress);
        table(HistoryTables.ASSISTANT_TIMESHEETS, h.assistantTimesheets(), folder, progress);
        table(HistoryTables.APPLICATIONS, h.applications(), folder, progress);
        table(HistoryTables.DECISIONS, h.decisions(), folder, progress);
        table(HistoryTables.PAYMENTS, h.payments(), folder, progress);
        table(HistoryTables.BANK_ACCOUNTS, h.bankAccounts(), folder, progress);
        table(HistoryTables.CHANGE_REPORTS, h.changeReports(), folder, progress);
        table(HistoryTables.NOTIFICATIONS, h.notifications(), folder, progress);
        table(HistoryTables.CONTROLS, h.controls(), folder, progress);
        table(HistoryTables.INVESTIGATIONS, h.investigations(), folder, progress);
        table(HistoryTables.RECOVERY_CLAIMS, h.recoveryClaims(), folder, progress);
        table(HistoryTables.BOB_RECONCILIATIONS, h.bobReconciliations(), folder, progress);
        try (OutputStream out = create(child(folder, "incoming.jsonl"));
                ApplicationJsonWriter writer = new ApplicationJsonWriter(
                        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)))) {
            for (IncomingApplication incoming : h.incoming()) {
                writer.write(incoming.application(), incoming.childId());
            }
        }
        table(HistoryTables.INCOMING, h.incoming(), folder, progress);
    }

    /** Creates (or replaces) a file at {@code uri}. */
    public OutputStream create(URI uri) throws IOException {
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem(conf);
        FSDataOutputStream out = fs.create(path, true);
        return out;
    }

    /** {@code folder/name}. */
    public static URI child(URI folder, String name) {
        String base = folder.toString();
        return URI.create(base.endsWith("/") ? base + name : base + "/" + name);
    }

    private <T> void table(ParquetTable<T> table, Collection<T> rows, URI folder, Progress progress)
            throws IOException {
        long total = rows.size();
        LongConsumer written = n -> progress.report(table.name(), n, total);
        table.write(conf, child(folder, table.name() + ".parquet"), rows, written);
    }
}
