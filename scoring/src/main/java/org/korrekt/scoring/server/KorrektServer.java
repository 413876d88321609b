package org.korrekt.scoring.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.identity.Pseudonymizer;
import org.korrekt.scoring.ClaimChecks;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.api.ApplicationRequestDecoder;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.http.Metrics;
import org.korrekt.scoring.http.ScoringVerticle;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.model.ModelBundleLoader;
import org.korrekt.scoring.queue.DecisionStore;

/** A running scoring service. {@link #close()} stops HTTP, then the database. */
public final class KorrektServer implements AutoCloseable {

    private final Vertx vertx;
    private final Database database;
    private final ModelBundle bundle;
    private final int port;
    private final String host;
    private final ScoringService scoring;

    private KorrektServer(
            Vertx vertx, Database database, ModelBundle bundle, ScoringService scoring, String host, int port) {
        this.scoring = scoring;
        this.vertx = vertx;
        this.database = database;
        this.bundle = bundle;
        this.host = host;
        this.port = port;
    }

    /**
     * Loads the model bundle, opens the database, and starts HTTP; returns when it is serving.
     *
     * @throws BundleException if the profile has no valid bundle (nothing else is started)
     * @throws IOException if the database cannot start
     */
    public static KorrektServer start(ServerConfig config) throws BundleException, IOException {
        ApplicationFeatures features = ApplicationFeatures.v1();
        // with a person history the service computes the claim features too, so profiles trained on them load
        List<FeatureSchema> schemas = config.historyLog() == null
                ? List.of(features.schema())
                : List.of(features.schema(), ClaimFeatures.SCHEMA_V1);
        ModelBundle bundle = new ModelBundleLoader(schemas, config.randomControlShare())
                .loadLatest(config.modelsDir(), config.profile());
        Database database = Database.open(config.database());
        Vertx vertx = Vertx.vertx();
        try {
            SecureRandom random = new SecureRandom();
            ClaimChecks checks = config.historyLog() == null
                    ? ClaimChecks.applicationOnly()
                    : ClaimChecks.withHistory(HistoryLoader.load(config.historyLog()));
            ScoringService scoring =
                    new ScoringService(features, bundle, random::nextDouble, Clock.systemUTC(), checks);
            ApplicationRequestDecoder decoder =
                    new ApplicationRequestDecoder(new Pseudonymizer(config.pseudonymKey()), Clock.systemUTC());
            DecisionStore store = new DecisionStore(database.dataSource());
            Metrics metrics = new Metrics();
            ScoringVerticle.HttpConfig http = new ScoringVerticle.HttpConfig(
                    config.host(),
                    config.port(),
                    config.maxBodyBytes(),
                    config.apiToken(),
                    config.database().maxPoolSize());
            ScoringVerticle verticle = new ScoringVerticle(http, scoring, decoder, store, metrics);
            vertx.deployVerticle(verticle, new DeploymentOptions())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            return new KorrektServer(vertx, database, bundle, scoring, config.host(), verticle.actualPort());
        } catch (Exception e) {
            vertx.close();
            database.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("the HTTP server did not start: " + e.getMessage(), e);
        }
    }

    /** The port the service listens on. */
    public int port() {
        return port;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String baseUrl() {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "http://" + shown + ":" + port;
    }

    /** The model bundle being served. */
    public ModelBundle bundle() {
        return bundle;
    }

    /** The scoring service, with its rule checks and person history. */
    public ScoringService scoring() {
        return scoring;
    }

    /** Where the data lives. */
    public String databaseDescription() {
        return database.description();
    }

    @Override
    public void close() throws IOException {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            database.close();
        }
    }
}
