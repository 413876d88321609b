package org.korrekt.training.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import me.tongfei.progressbar.ProgressBar;
import org.apache.hadoop.conf.Configuration;
import org.korrekt.features.model.ArtifactException;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.features.model.Checksums;
import org.korrekt.training.data.ClaimsParquet;
import org.korrekt.training.data.IoProblems;
import org.korrekt.training.evaluation.AuditReport;
import org.korrekt.training.evaluation.FairnessGate;
import org.korrekt.training.profile.CapacityComparison;
import org.korrekt.training.profile.CapacityResult;
import org.korrekt.training.profile.ProfileBundleWriter;
import org.korrekt.training.profile.ProfileData;
import org.korrekt.training.profile.ProfileDataReader;
import org.korrekt.training.profile.ProfileDefinition;
import org.korrekt.training.profile.ProfileException;
import org.korrekt.training.profile.ProfileSummary;
import org.korrekt.training.profile.ProfileTrainer;
import org.korrekt.training.profile.ReadProgress;
import org.korrekt.training.profile.TrainedSelectionProfile;
import org.korrekt.training.profile.TrainingProgress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code korrekt train}: trains selection profiles (logistic regression, gradient-boosted trees,
 * isolation forest, rules, a calibrated combiner) and writes one versioned bundle for each. With
 * {@code --name} the one profile trained is renamed, so that a profile such as {@code labels}
 * (a labels export of the scoring service) can write a new version of the profile the service
 * serves. A bundle whose fairness gate judged no group says so on its own line.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train selection profiles and write a versioned, compiled bundle for each.",
            "A built-in profile (vab, fp, housing, assistance, all-benefits) reads a generated history folder"
                    + " (korrekt generate); the built-in profile labels reads a labels export of the scoring service"
                    + " (korrekt export-labels); a profile file (JSON, or YAML named .yaml or .yml) may describe any claims table, Parquet (file,"
                    + " folder of part files or glob; local or hdfs://) or CSV."
        })
public final class TrainCommand implements Callable<Integer> {

    /** Held so that the level set on it is not lost when the logger is collected. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--profile",
            split = ",",
            description = "Built-in profile names or profile files, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> profiles = ProfileDefinition.BUILT_IN;

    @Option(
            names = "--data",
            required = true,
            description = "A generated history folder for the built-in profiles; for the labels profile, a labels"
                    + " export; for a profile file, its table: a .parquet file, a folder of part files, a glob"
                    + " (local or hdfs://), or a .csv file.")
    String data;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Renames the one profile given with --profile: its bundle goes to OUT/NAME/ and the scoring"
                    + " service serving profile NAME can activate it (e.g. --profile labels --name all-benefits).")
    String name;

    @Option(
            names = {"--out", "--models"},
            required = true,
            description = "The models folder; each bundle goes to OUT/PROFILE/PROFILE-yyyyMMdd-HHmmss-HASH.")
    Path out;

    @Option(names = "--seed", description = "Overrides every profile's seed.")
    Long seed;

    @Option(
            names = "--sign-key",
            paramLabel = "KEY",
            description = "PEM private key (korrekt keygen): sign each bundle's bundle.json (bundle.json.sig), so a"
                    + " service started with the public key serves it and refuses it once edited.")
    Path signKey;

    @Override
    public Integer call() throws Exception {
        // Tribuo reports every SGD epoch on java.util.logging; the progress bars say enough.
        TRIBUO_LOG.setLevel(Level.WARNING);
        if (name != null && profiles.size() != 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--name renames a single profile, but " + profiles.size() + " are to be trained ("
                            + String.join(", ", profiles) + "); give one with --profile");
        }
        List<ProfileDefinition> definitions = new ArrayList<>();
        try {
            for (String p : profiles) {
                ProfileDefinition definition = ProfileDefinition.resolve(p.trim());
                if (name != null) {
                    definition = renamed(definition, name);
                }
                definitions.add(seed == null ? definition : withSeed(definition, seed));
            }
        } catch (ProfileException e) {
            // a profile file's problem is the file's, not the command line's: one line, no usage
            System.err.println("korrekt train: " + e.getMessage());
            return 2;
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < definitions.size(); i++) {
            String before =
                    given.putIfAbsent(definitions.get(i).name(), profiles.get(i).trim());
            if (before != null) {
                System.err.println("korrekt train: --profile gives profile '"
                        + definitions.get(i).name()
                        + "' twice (" + before + ", " + profiles.get(i).trim()
                        + "); each profile is trained once a run, into a bundle of its own");
                return 2;
            }
        }
        PrivateKey signer = null;
        if (signKey != null) {
            try {
                signer = BundleSignature.readPrivateKey(signKey);
            } catch (ArtifactException e) {
                System.err.println("korrekt train: --sign-key: " + e.getMessage());
                return 2;
            }
        }
        // a bad --out is found now, not after the first profile has trained
        if (Files.exists(out) && !Files.isDirectory(out)) {
            System.err.println("korrekt train: --out " + out + " is a file; it must be a folder (made if missing)");
            return 2;
        }
        // bundles are immutable: one written inside another would change what the outer one's folder holds
        for (Path p = out.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(BundleManifest.FILE_NAME))) {
                System.err.println("korrekt train: --out " + out + " is "
                        + (p.equals(out.toAbsolutePath().normalize()) ? "" : "inside ") + "the bundle " + p
                        + "; give the models folder (bundles go to OUT/PROFILE/VERSION), not a bundle");
                return 2;
            }
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            System.err.println("korrekt train: cannot make the folder --out " + out + ": " + IoProblems.describe(e));
            return 2;
        }
        URI source = DataLocation.toUri(data);
        Configuration conf = new Configuration();
        ProfileDataReader reader = new ProfileDataReader(conf);
        long started = System.nanoTime();
        List<String> summary = new ArrayList<>();
        Map<String, String> digests = null;
        for (ProfileDefinition profile : definitions) {
            System.err.println("== Profile " + profile.name() + ": " + profile.description());
            ProfileData rows;
            try (ProgressBar bar = GenerateCommand.bar("Reading " + profile.name(), -1)) {
                rows = reader.read(profile, source, new ReadProgress() {
                    @Override
                    public void accept(String table) {
                        bar.setExtraMessage(" " + table);
                    }

                    @Override
                    public void rows(long read, long expected) {
                        if (expected > 0 && bar.getMax() != expected) {
                            bar.maxHint(expected);
                        }
                        bar.stepTo(read);
                    }
                });
                if (digests == null) {
                    digests = digests(source, conf, profile);
                }
            } catch (ProfileException e) {
                return failed(summary, definitions.size(), e.getMessage());
            } catch (IOException e) {
                // a missing path, a file that is not Parquet, an unreachable HDFS: the input, not a bug
                return failed(summary, definitions.size(), "cannot read " + data + ": " + IoProblems.describe(e));
            }
            for (String warning : rows.warnings()) {
                System.err.println("WARNING: " + profile.name() + ": " + warning);
            }
            TrainedSelectionProfile trained;
            try {
                trained = new ProfileTrainer(profile, TrainCommand::bar).train(rows);
            } catch (IllegalArgumentException e) {
                return failed(summary, definitions.size(), "profile " + profile.name() + ": " + e.getMessage());
            }
            Path bundle;
            try {
                bundle = ProfileBundleWriter.write(
                        out,
                        trained,
                        new ProfileBundleWriter.DataProvenance(source.toString(), digests),
                        Instant.now());
            } catch (IOException e) {
                return failed(
                        summary,
                        definitions.size(),
                        "cannot write the " + profile.name() + " bundle under " + out + ": " + IoProblems.describe(e));
            }
            if (signer != null) {
                try {
                    BundleSignature.sign(bundle.resolve(BundleManifest.FILE_NAME), signer);
                } catch (IOException e) {
                    return failed(
                            summary,
                            definitions.size(),
                            "cannot sign the " + profile.name() + " bundle " + bundle + ": " + IoProblems.describe(e));
                }
            }
            System.out.println();
            System.out.println("Profile " + profile.name() + ": " + bundle + (signer == null ? "" : " (signed)"));
            System.out.print(ProfileSummary.table(trained));
            System.out.println();
            System.out.print(ProfileSummary.comparison(trained));
            String few = ProfileSummary.fewChecked(trained);
            if (few != null) {
                System.out.println("WARNING: " + profile.name() + ": " + few);
            }
            String unaudited = notAudited(profile, rows, trained);
            if (unaudited != null) {
                System.out.println(unaudited);
            }
            if (trained.evaluation().verdict() == FairnessGate.Outcome.FAIL) {
                System.out.println(failedGate(
                        profile, bundle, signer != null, trained.evaluation().fairness()));
            }
            CapacityResult combined = trained.results().get(0);
            if (combined.incorrectSekTotal() == 0) {
                System.out.println("Note: the test rows hold no incorrect SEK ("
                        + (profile.columns().incorrectAmount() == null
                                ? "no incorrect row in the test period"
                                : "column '" + profile.columns().incorrectAmount() + "' is empty or 0 there")
                        + "), so the SEK figures above say nothing about the scorers.");
            }
            summary.add(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %,d | %.3f | %,.0f | %s | %s |",
                    profile.name(),
                    trained.counts().kept(),
                    trained.counts().trainLabelled(),
                    combined.rocAuc(),
                    combined.incorrectSekFound(),
                    bestOtherThan(trained),
                    leadOverBest(trained)));
        }
        printSummary(summary);
        System.out.printf(
                Locale.ROOT,
                "%nTrained %d profile(s) in %.1f s.%n",
                definitions.size(),
                (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private static void printSummary(List<String> summary) {
        System.out.println();
        System.out.println("| profile | rows | labelled training rows | combined ROC AUC | combined incorrect SEK at"
                + " capacity | best single scorer | combined minus best (95 % interval) |");
        System.out.println("|---|---:|---:|---:|---:|---|---|");
        summary.forEach(System.out::println);
    }

    /**
     * Says why a profile could not be trained, and which profiles before it were (their bundles are
     * written); exit status 2.
     */
    private static int failed(List<String> summary, int profiles, String message) {
        System.err.println("korrekt train: " + message);
        if (!summary.isEmpty()) {
            printSummary(summary);
            System.out.printf(
                    Locale.ROOT,
                    "%nTrained %d of %d profile(s); their bundles are written. Training stopped at the next.%n",
                    summary.size(),
                    profiles);
        }
        return 2;
    }

    /**
     * The one line that says a bundle failed its fairness gate, which groups and figures (the first
     * three), whether the test period shows those disparities, and what the failure means for serving
     * it.
     */
    static String failedGate(ProfileDefinition profile, Path bundle, boolean signed, AuditReport fairness) {
        FairnessGate.Verdict verdict = fairness.verdict();
        List<String> failures = verdict.failures();
        StringBuilder line = new StringBuilder("WARNING: the " + profile.name() + " bundle FAILED its fairness gate"
                + " (gate " + FairnessGate.Outcome.FAIL + "): ");
        line.append(String.join("; ", failures.subList(0, Math.min(3, failures.size()))));
        if (failures.size() > 3) {
            line.append("; and ").append(failures.size() - 3).append(" more");
        }
        line.append(" (details: report.html and evaluation.json in the bundle).");
        if (verdict.failuresNotShown() > 0) {
            line.append(verdict.failuresNotShown() == failures.size() ? " The" : " Of these, the")
                    .append(String.format(
                            Locale.ROOT,
                            " 95 %% interval of %d of %d reaches into the bounds: the gate decides on the estimate, and"
                                    + " the test period cannot show %s; with \"decideOn\": \"interval\" in the"
                                    + " profile's audit.gate, it fails only a disparity the test period shows.",
                            verdict.failuresNotShown(),
                            failures.size(),
                            verdict.failuresNotShown() == 1 ? "that disparity" : "those disparities"));
        }
        return line.append(" The scoring service will not serve it unless someone records why with: korrekt"
                        + " override-gate " + bundle + " --reason \"...\" --by NAME"
                        + (signed ? " --sign-key KEY" : ""))
                .toString();
    }

    /**
     * The one line that says a bundle's fairness gate judged nothing (NOT_EVALUATED), and why, or
     * null when it judged some group.
     */
    static String notAudited(ProfileDefinition profile, ProfileData rows, TrainedSelectionProfile trained) {
        if (trained.evaluation().verdict() != FairnessGate.Outcome.NOT_EVALUATED) {
            return null;
        }
        String start = "WARNING: the " + profile.name() + " bundle has NOT been audited for fairness (gate "
                + FairnessGate.Outcome.NOT_EVALUATED + "): ";
        if (rows.groups().isEmpty()) {
            return start
                    + (profile.recordedFeatures()
                            ? "the labels carry no protected attributes; join them into the table and list them"
                                    + " under audit.groups"
                            : "the table has no protected-attribute columns listed under audit.groups; join them"
                                    + " into the table and list them there")
                    + ".";
        }
        return start + "no group of " + String.join(", ", rows.groups().keySet()) + " could be judged (fewer than "
                + profile.audit().gate().minGroupRows() + " test rows per group, or none of them among the gate's"
                + " attributes " + profile.audit().gate().attributes() + ").";
    }

    private static String bestOtherThan(TrainedSelectionProfile trained) {
        CapacityResult best = null;
        for (CapacityResult r : trained.results().subList(1, trained.results().size())) {
            if (best == null || r.incorrectSekFound() > best.incorrectSekFound()) {
                best = r;
            }
        }
        return best == null
                ? ""
                : String.format(Locale.ROOT, "%s (%,.0f SEK)", best.scorer(), best.incorrectSekFound());
    }

    /** The combined profile's lead over the best other scorer, with its bootstrap interval. */
    static String leadOverBest(TrainedSelectionProfile trained) {
        CapacityComparison best = null;
        for (CapacityComparison c : trained.comparisons()) {
            if (best == null || c.difference() < best.difference()) {
                best = c;
            }
        }
        return best == null
                ? ""
                : String.format(
                        Locale.ROOT,
                        "%+,.0f SEK (%+,.0f to %+,.0f)%s",
                        best.difference(),
                        best.low(),
                        best.high(),
                        best.combinedSurelyAhead() ? "" : ", " + best.verdict());
    }

    private static TrainingProgress.Stage bar(String name, long steps) {
        ProgressBar bar = GenerateCommand.bar("  " + name, steps);
        return new TrainingProgress.Stage() {
            @Override
            public void stepTo(long done) {
                bar.stepTo(done);
            }

            @Override
            public void note(String text) {
                bar.setExtraMessage(" " + text);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    private static ProfileDefinition renamed(ProfileDefinition definition, String name) throws ProfileException {
        try {
            return definition.withName(name);
        } catch (IllegalArgumentException e) {
            throw new ProfileException("--name: " + e.getMessage(), e);
        }
    }

    private static ProfileDefinition withSeed(ProfileDefinition p, long seed) {
        ProfileDefinition.Split s = p.split();
        return new ProfileDefinition(
                p.name(),
                p.description(),
                p.features(),
                p.table(),
                p.columns(),
                p.filter(),
                p.rules(),
                new ProfileDefinition.Split(s.byTime(), s.validationShare(), s.testShare(), seed),
                p.weighting(),
                p.logistic(),
                p.trees(),
                p.forest(),
                p.challenger(),
                p.combiner(),
                p.audit());
    }

    /**
     * SHA-256 of every data file the profile reads, by path: the data provenance of its bundle.
     *
     * @throws IOException if a data file cannot be read
     */
    public static Map<String, String> digests(URI source, Configuration conf, ProfileDefinition profile)
            throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        String path = source.getPath() == null ? "" : source.getPath();
        if (path.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            try (InputStream in = java.nio.file.Files.newInputStream(Path.of(source))) {
                digests.put(source.toString(), sha256(in));
            }
            return digests;
        }
        for (org.apache.hadoop.fs.Path file : new ClaimsParquet(conf).dataFiles(source)) {
            try (InputStream in = file.getFileSystem(conf).open(file)) {
                digests.put(file.toUri().toString(), sha256(in));
            }
        }
        return digests;
    }

    private static String sha256(InputStream in) throws IOException {
        DigestInputStream digest = new DigestInputStream(in, Checksums.newSha256());
        digest.transferTo(OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digest.getMessageDigest().digest());
    }
}
