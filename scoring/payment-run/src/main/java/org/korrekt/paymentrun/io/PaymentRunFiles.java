package org.korrekt.paymentrun.io;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import org.korrekt.features.identity.Pseudonymizer;
import org.korrekt.paymentrun.BadInputException;
import org.korrekt.paymentrun.RowSource;
import org.korrekt.paymentrun.ScoredRowSink;

/** Opens payment-run files by their extension: {@code .parquet} or {@code .csv} (any case). */
public final class PaymentRunFiles {

    /** The file formats. */
    public enum Format {
        /** Apache Parquet. */
        PARQUET,
        /** CSV with a header row, UTF-8. */
        CSV
    }

    /** Supplies the pseudonymisation key, asked for only when a file holds raw identity numbers. */
    @FunctionalInterface
    public interface Keys {
        /**
         * The pseudonymizer of the work folder's key.
         *
         * @throws BadInputException if there is no key to pseudonymise with
         */
        Pseudonymizer pseudonymizer() throws BadInputException;
    }

    private PaymentRunFiles() {}

    /**
     * The format of {@code file}, by its extension.
     *
     * @throws BadInputException if the extension is neither {@code .parquet} nor {@code .csv}
     */
    public static Format format(Path file) throws BadInputException {
        String name =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        throw new BadInputException(file + ": unknown file type; the name must end in .parquet or .csv");
    }

    /**
     * Opens a payment run for reading and checks its columns.
     *
     * @param keys asked for the pseudonymisation key if the file has identity-number columns
     * @param latestSubmission the latest accepted submission day (tomorrow)
     * @throws BadInputException if the file cannot be read or lacks a required column
     */
    public static RowSource openSource(Path file, Keys keys, LocalDate latestSubmission) throws BadInputException {
        return switch (format(file)) {
            case PARQUET -> ParquetRowSource.open(file, keys, latestSubmission);
            case CSV -> CsvRowSource.open(file, keys, latestSubmission);
        };
    }

    /**
     * Creates (or replaces) {@code file} for scored rows, in the format of {@code format}'s name.
     *
     * @throws IOException if the file cannot be created
     */
    public static ScoredRowSink createSink(Path file, Format format) throws IOException {
        return switch (format) {
            case PARQUET -> ParquetScoredSink.create(file);
            case CSV -> CsvScoredSink.create(file);
        };
    }
}
