package org.korrekt.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.Checksums;
import org.korrekt.features.model.ModelArtifacts;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import org.tribuo.Model;

class ModelBundleWriterTest {

    @Test
    void writesEveryFileWithItsChecksumAndRefusesToOverwrite(@TempDir Path models) throws Exception {
        List<LabelledRow> rows = new ArrayList<>();
        new HistoryGenerator(HistoryConfig.defaults(0.001, 3))
                .generate((s, d, t) -> {})
                .applications()
                .forEach(c -> rows.add(LabelledRow.of(c, ApplicationFeatures.v1())));
        TrainedProfile trained = new LogisticRegressionProfileTrainer(
                        ApplicationFeatures.SCHEMA_V1, new TrainingConfig("vab", 2, 0.5, 0.2, 3))
                .train(rows, done -> {});
        ModelBundleWriter.DataProvenance data = new ModelBundleWriter.DataProvenance(
                "file:///data/applications.parquet", Map.of("a.parquet", "00"), rows.size(), "is_incorrect");
        Instant at = Instant.parse("2026-11-22T12:00:00Z");

        Path bundle = ModelBundleWriter.write(models, ModelBundleWriter.versionAt(at), trained, data, at);

        assertThat(bundle).isEqualTo(models.resolve("vab").resolve("20261122T120000Z"));
        String manifest = Files.readString(bundle.resolve("bundle.json"));
        for (String file :
                List.of("model.krkt", "tribuo-model.tribuo", "metrics.json", "provenance.json", "report.html")) {
            assertThat(manifest).contains("\"" + file + "\" : \"" + Checksums.sha256Hex(bundle.resolve(file)) + "\"");
        }
        assertThat(Files.readString(bundle.resolve("provenance.json")))
                .contains(ApplicationFeatures.SCHEMA_V1.fingerprint(), "\"seed\" : 3", "\"tribuo\" : \"4.3.2\"");
        assertThat(Files.readString(bundle.resolve("report.html"))).contains("ROC AUC", "submission_lag_days");
        try (InputStream in = Files.newInputStream(bundle.resolve("model.krkt"))) {
            assertThat(ModelArtifacts.read(in, ApplicationFeatures.SCHEMA_V1)).isEqualTo(trained.compiled());
        }
        Model<?> tribuo = Model.deserializeFromFile(bundle.resolve("tribuo-model.tribuo"));
        assertThat(tribuo.getFeatureIDMap().size()).isEqualTo(ApplicationFeatures.SCHEMA_V1.size());
        try (InputStream in = Files.newInputStream(bundle.resolve(BundleManifest.FILE_NAME))) {
            BundleManifest read = BundleManifest.read(in);
            assertThat(read.thresholds()).isEqualTo(trained.policy());
            assertThat(read.schemaFingerprint()).isEqualTo(ApplicationFeatures.SCHEMA_V1.fingerprint());
            assertThat(read.sha256()).hasSize(5);
        }
        try (var leftovers = Files.list(models.resolve("vab"))) {
            assertThat(leftovers).containsExactly(bundle);
        }

        assertThatThrownBy(() -> ModelBundleWriter.write(models, "20261122T120000Z", trained, data, at))
                .isInstanceOf(FileAlreadyExistsException.class);
    }
}
