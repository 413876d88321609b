package org.korrekt.training.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.apache.hadoop.conf.Configuration;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.model.Checksums;
import org.korrekt.training.data.ClaimsParquet;
import org.korrekt.training.train.LabelledRow;
import org.korrekt.training.train.LogisticRegressionProfileTrainer;
import org.korrekt.training.train.ModelBundleWriter;
import org.korrekt.training.train.ProfileMetrics;
import org.korrekt.training.train.TrainedProfile;
import org.korrekt.training.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code korrekt train}: trains a logistic-regression selection profile and writes its bundle. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a selection profile from an applications table (Parquet, local or hdfs://)"
                + " and write a versioned model bundle.")
public final class TrainCommand implements Callable<Integer> {

    @Option(
            names = "--data",
            required = true,
            description = "The applications table: a .parquet file or a folder of them, local or hdfs://.")
    String data;

    @Option(names = "--models", required = true, description = "The models folder the bundle is written under.")
    Path models;

    @Option(names = "--profile", description = "Profile name (default: ${DEFAULT-VALUE}).")
    String profile = TrainingConfig.DEFAULT_PROFILE;

    @Option(names = "--epochs", description = "SGD epochs (default: ${DEFAULT-VALUE}).")
    int epochs = TrainingConfig.DEFAULT_EPOCHS;

    @Option(names = "--learning-rate", description = "AdaGrad learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = TrainingConfig.DEFAULT_LEARNING_RATE;

    @Option(names = "--test-share", description = "Newest share of rows held out (default: ${DEFAULT-VALUE}).")
    double testShare = TrainingConfig.DEFAULT_TEST_SHARE;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = TrainingConfig.DEFAULT_SEED;

    @Option(names = "--version", description = "Bundle version (default: the UTC time, e.g. 20261122T153000Z).")
    String version;

    @Option(
            names = "--benefits",
            split = ",",
            description = "Benefits whose applications train the profile (default: ${DEFAULT-VALUE}: the per-claim"
                    + " benefits that application v1 features describe).")
    List<String> benefits = List.of("tfp", "fp", "sp");

    @Override
    public Integer call() throws Exception {
        TrainingConfig config = new TrainingConfig(profile, epochs, learningRate, testShare, seed);
        URI source = DataLocation.toUri(data);
        Configuration conf = new Configuration();
        ClaimsParquet parquet = new ClaimsParquet(conf);
        ApplicationFeatures extractor = ApplicationFeatures.v1();
        List<LabelledRow> rows = new ArrayList<>();
        long read;
        try (ProgressBar bar = GenerateCommand.bar("Reading " + source, -1)) {
            java.util.Set<org.korrekt.features.Benefit> wanted =
                    java.util.EnumSet.noneOf(org.korrekt.features.Benefit.class);
            for (String code : benefits) {
                org.korrekt.features.Benefit benefit = org.korrekt.features.Benefit.fromCode(code.trim());
                if (benefit == null) {
                    throw new picocli.CommandLine.ParameterException(
                            new picocli.CommandLine(this),
                            "unknown benefit '" + code + "'; known: " + org.korrekt.features.Benefit.codes());
                }
                wanted.add(benefit);
            }
            read = parquet.readApplications(source, claim -> {
                if (wanted.contains(claim.application().benefit())) {
                    rows.add(LabelledRow.of(claim, extractor));
                }
                bar.step();
            });
        }
        Map<String, String> digests = digests(parquet, source, conf);
        TrainedProfile trained;
        int testEstimate = (int) Math.ceil(rows.size() * testShare);
        try (ProgressBar bar = GenerateCommand.bar("Training, then checking compiled vs Tribuo", testEstimate)) {
            trained = new LogisticRegressionProfileTrainer(extractor.schema(), config).train(rows, bar::stepTo);
        }
        Instant now = Instant.now();
        Path bundle = ModelBundleWriter.write(
                models,
                version != null ? version : ModelBundleWriter.versionAt(now),
                trained,
                new ModelBundleWriter.DataProvenance(source.toString(), digests, read, "is_incorrect"),
                now);
        ProfileMetrics m = trained.metrics();
        System.out.printf(
                "Trained profile %s on %,d rows, tested on %,d (from %s): ROC AUC %.3f, precision in top 5 %% %.3f"
                        + " (base rate %.3f), compiled = Tribuo within %.1e.%nBundle: %s%nReport: %s%n",
                profile,
                trained.trainRows(),
                trained.testRows(),
                trained.splitDate(),
                m.rocAuc(),
                m.precisionTop5Percent(),
                m.positiveRate(),
                m.maxAbsDifferenceVsTribuo(),
                bundle,
                bundle.resolve("report.html"));
        return 0;
    }

    private static Map<String, String> digests(ClaimsParquet parquet, URI source, Configuration conf)
            throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        for (org.apache.hadoop.fs.Path file : parquet.dataFiles(source)) {
            try (InputStream in = file.getFileSystem(conf).open(file);
                    DigestInputStream digest = new DigestInputStream(in, Checksums.newSha256())) {
                digest.transferTo(OutputStream.nullOutputStream());
                digests.put(
                        file.getName(),
                        HexFormat.of().formatHex(digest.getMessageDigest().digest()));
            }
        }
        return digests;
    }
}
