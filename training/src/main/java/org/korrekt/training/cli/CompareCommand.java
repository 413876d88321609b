package org.korrekt.training.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.korrekt.training.report.BundleComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code korrekt compare BUNDLE_A BUNDLE_B}: two trained bundles side by side (profile, version,
 * test period, gate verdict, the headline test metrics per scorer, the fairness ratios per
 * attribute and group) with the difference B &minus; A, as Markdown tables or JSON.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Compare two bundles (folders written by korrekt train) side by side, from their bundle.json and"
                    + " evaluation.json: profile, version, test period, gate verdict, each scorer's test metrics and"
                    + " the fairness ratios, with the difference B - A."
        })
public final class CompareCommand implements Callable<Integer> {

    /** The exit status of a user error (a missing or unreadable bundle file, an unknown format). */
    public static final int USER_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE_A", description = "The first bundle folder (the baseline).")
    Path bundleA;

    @Parameters(index = "1", paramLabel = "BUNDLE_B", description = "The second bundle folder.")
    Path bundleB;

    @Option(
            names = "--format",
            defaultValue = "md",
            description = "md (Markdown tables) or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean json = format.equals("json");
        if (!json && !format.equals("md")) {
            return userError(err, "--format must be md or json, was '" + format + "'");
        }
        BundleComparison comparison;
        try {
            comparison = BundleComparison.read(bundleA, bundleB);
        } catch (IOException e) {
            return userError(err, e.getMessage());
        }
        out.print(json ? comparison.json() : comparison.markdown());
        out.flush();
        return 0;
    }

    private static int userError(PrintWriter err, String message) {
        err.println("korrekt compare: " + message);
        err.flush();
        return USER_ERROR;
    }
}
