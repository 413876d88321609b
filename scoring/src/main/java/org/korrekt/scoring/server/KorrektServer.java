package org.korrekt.scoring.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.history.PersonHistoryStore;
import org.korrekt.features.identity.Pseudonymizer;
import org.korrekt.scoring.ClaimChecks;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.api.ApplicationRequestDecoder;
import org.korrekt.scoring.api.HistoryEventDecoder;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.feed.HistoryFeed;
import org.korrekt.scoring.http.Metrics;
import org.korrekt.scoring.http.ScoringVerticle;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.model.ModelBundleLoader;
import org.korrekt.scoring.model.ModelRegistry;
import org.korrekt.scoring.queue.CaseStore;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.record.DecisionRecorder;
import org.korrekt.scoring.record.ModelChanges;
import org.korrekt.scoring.security.JwtVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running scoring service. {@link #close()} stops HTTP, then the database. */
public final class KorrektServer implements AutoCloseable {

    /**
     * How often the service reads the profile's champion record, to take a champion that another
     * instance serving the same models folder chose ({@link ModelRegistry#follow}).
     */
    public static final long CHAMPION_RECORD_POLL_MILLIS = 2_000;

    /**
     * How often the service reads the history events other instances recorded ({@link
     * HistoryFeed#catchUp}), so that every instance's person history holds them; and the decisions
     * other instances recorded ({@link ScoredApplicationsFollower}), for the applications they scored.
     */
    public static final long HISTORY_FEED_POLL_MILLIS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(KorrektServer.class);

    private final Vertx vertx;
    private final Database database;
    private final ModelRegistry registry;
    private final DecisionRecorder recorder;
    private final ScoringVerticle verticle;
    private final int port;
    private final String host;
    private final boolean tls;
    private final ScoringService scoring;
    private final ScoredApplicationsReplay.Result replayed;
    private final HistoryFeed feed;
    private final HistoryFeed.CatchUp fed;
    private final ScoredApplicationsFollower follower;

    private KorrektServer(
            Vertx vertx,
            Database database,
            ModelRegistry registry,
            DecisionRecorder recorder,
            ScoringVerticle verticle,
            ScoringService scoring,
            ScoredApplicationsReplay.Result replayed,
            HistoryFeed feed,
            HistoryFeed.CatchUp fed,
            ScoredApplicationsFollower follower,
            String host,
            boolean tls) {
        this.scoring = scoring;
        this.follower = follower;
        this.replayed = replayed;
        this.feed = feed;
        this.fed = fed;
        this.vertx = vertx;
        this.database = database;
        this.registry = registry;
        this.recorder = recorder;
        this.verticle = verticle;
        this.host = host;
        this.tls = tls;
        this.port = verticle.actualPort();
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
                : List.of(features.schema(), ClaimFeatures.SCHEMA);
        ModelBundleLoader loader =
                new ModelBundleLoader(schemas, config.randomControlShare(), config.bundlePublicKeys());
        ModelBundleLoader.Served served = loader.loadServed(config.modelsDir(), config.profile());
        ModelBundle bundle = served.champion();
        Database database = Database.open(config.database());
        try {
            KeyCheck.check(database.dataSource(), config.pseudonymKey());
        } catch (java.sql.SQLException | RuntimeException e) {
            database.close();
            throw new IOException(e.getMessage(), e);
        }
        Vertx vertx = Vertx.vertx();
        DecisionRecorder recorder = null;
        try {
            DecisionStore store = new DecisionStore(database.dataSource(), config.queues());
            ClaimChecks checks = ClaimChecks.applicationOnly();
            ScoredApplicationsReplay.Result replayed = null;
            HistoryEventDecoder historyDecoder =
                    new HistoryEventDecoder(new Pseudonymizer(config.pseudonymKey()), Clock.systemUTC());
            HistoryFeed feed = null;
            HistoryFeed.CatchUp fed = null;
            ScoredApplicationsFollower follower = null;
            if (config.historyLog() != null) {
                // sized for the log's people and those decided on since, whom the replay puts back
                HistoryLoader.Loaded log = HistoryLoader.loadLog(config.historyLog(), store.decidedPersons());
                PersonHistoryStore history = log.store();
                // before the recorder starts, which empties the journal into the database
                replayed = ScoredApplicationsReplay.replay(store, config.journalDir(), history);
                follower = new ScoredApplicationsFollower(store, history, replayed.snapshot());
                checks = ClaimChecks.withHistory(history);
                feed = new HistoryFeed(database.dataSource(), checks, historyDecoder, log.asOf());
                fed = feed.catchUp();
            }
            ScoringService scoring = new ScoringService(
                    features,
                    bundle,
                    org.korrekt.scoring.RandomControlDraw.keyedBy(config.pseudonymKey()),
                    Clock.systemUTC(),
                    checks);
            ApplicationRequestDecoder decoder =
                    new ApplicationRequestDecoder(new Pseudonymizer(config.pseudonymKey()), Clock.systemUTC());
            ModelRegistry registry = new ModelRegistry(
                    config.modelsDir(), config.profile(), loader, scoring::fits, bundle, served.previous());
            scoring.serveFrom(registry);
            // what this instance serves from now is on record, whatever chose it
            new ModelChanges(database.dataSource()).started(registry.state(), instanceName(config));
            ModelRegistry.State serving = registry.state();
            LOG.atInfo()
                    .addKeyValue("event", "models_served")
                    .addKeyValue("profile", config.profile())
                    .addKeyValue("champion", serving.champion().version())
                    .addKeyValue(
                            "previous",
                            serving.previous() == null
                                    ? null
                                    : serving.previous().version())
                    .addKeyValue("policy", serving.champion().policy().basis())
                    .addKeyValue("gate", serving.champion().provenance().gate())
                    .addKeyValue("signaturesChecked", loader.checksSignatures())
                    .log(
                            "Serving {} with champion {}; bundle signatures {}",
                            config.profile(),
                            serving.champion().version(),
                            loader.checksSignatures() ? "checked" : "not checked (no --bundle-public-key)");
            CaseStore cases = new CaseStore(database.dataSource(), config.queues(), Clock.systemUTC());
            recorder = new DecisionRecorder(store, config.journalDir(), DecisionRecorder.Settings.DEFAULT);
            Metrics metrics = new Metrics();
            DecisionRecorder r = recorder;
            HistoryFeed f = feed;
            ClaimChecks c = checks;
            ScoredApplicationsFollower followed = follower;
            metrics.gauges(() -> recorderGauges(r) + feedGauges(f) + followerGauges(followed) + historyGauges(c));
            ScoringVerticle.HttpConfig http = new ScoringVerticle.HttpConfig(
                    config.host(),
                    config.port(),
                    config.maxBodyBytes(),
                    config.rateLimitPerSecond(),
                    config.database().maxPoolSize(),
                    config.maxBatchItems(),
                    config.tls() == null ? null : config.tls().keyCertOptions(),
                    config.benchEcho(),
                    config.maxConcurrentBatches());
            JwtVerifier verifier = JwtVerifier.create(config.auth());
            boolean remoteKeys = config.auth().jwksUrl() != null;
            if (remoteKeys) {
                verifier.refreshKeys();
            }
            ScoringVerticle verticle = new ScoringVerticle(
                    http,
                    scoring,
                    decoder,
                    store,
                    cases,
                    recorder,
                    registry,
                    new ModelChanges(database.dataSource()),
                    metrics,
                    verifier,
                    remoteKeys,
                    historyDecoder,
                    feed,
                    database.requestLocks());
            vertx.deployVerticle(verticle, new DeploymentOptions())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            AtomicReference<String> lastWarning = new AtomicReference<>();
            ModelRegistry.OnRecord onRecord = onRecord(new ModelChanges(database.dataSource()), registry.profile());
            vertx.setPeriodic(
                    CHAMPION_RECORD_POLL_MILLIS, timer -> followChampion(vertx, registry, onRecord, lastWarning));
            if (feed != null) {
                AtomicReference<String> lastFeedWarning = new AtomicReference<>();
                AtomicBoolean polling = new AtomicBoolean();
                vertx.setPeriodic(HISTORY_FEED_POLL_MILLIS, timer -> catchUp(vertx, f, polling, lastFeedWarning));
                AtomicReference<String> lastFollowWarning = new AtomicReference<>();
                AtomicBoolean following = new AtomicBoolean();
                vertx.setPeriodic(
                        HISTORY_FEED_POLL_MILLIS, timer -> follow(vertx, followed, following, lastFollowWarning));
            }
            return new KorrektServer(
                    vertx,
                    database,
                    registry,
                    recorder,
                    verticle,
                    scoring,
                    replayed,
                    feed,
                    fed,
                    follower,
                    config.host(),
                    config.tls() != null);
        } catch (Exception e) {
            vertx.close();
            if (recorder != null) {
                recorder.close();
            }
            database.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("the HTTP server did not start: " + e.getMessage(), e);
        }
    }

    /** The subject of a start's {@code model_change} row: this process, on this host. */
    private static String instanceName(ServerConfig config) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown host";
        }
        return "start: korrekt serve (" + host + ", pid "
                + ProcessHandle.current().pid() + ", port " + config.port() + ")";
    }

    /**
     * Whether a champion record names what the last change on record chose: another instance
     * records its change in {@code model_change} as it writes the record; a hand edit records
     * nothing, and would change who decides without a trace.
     */
    private static ModelRegistry.OnRecord onRecord(ModelChanges changes, String profile) {
        return record -> {
            List<ModelChanges.Change> last;
            try {
                last = changes.recent(profile, 1);
            } catch (java.sql.SQLException e) {
                throw new BundleException("cannot read the changes on record: " + e.getMessage(), e);
            }
            if (last.isEmpty()) {
                return "none is on record";
            }
            ModelChanges.Change c = last.get(0);
            if (record.champion().equals(c.champion()) && java.util.Objects.equals(record.previous(), c.previous())) {
                return null;
            }
            return "the last, " + c.action() + " by " + c.subject() + " at " + c.at() + ", chose " + c.champion()
                    + " (to roll back to: " + c.previous() + ")";
        };
    }

    /** Takes a champion another instance chose; a failure is logged once until it changes. */
    private static void followChampion(
            Vertx vertx, ModelRegistry registry, ModelRegistry.OnRecord onRecord, AtomicReference<String> lastWarning) {
        vertx.<ModelRegistry.State>executeBlocking(() -> registry.follow(onRecord), false)
                .onSuccess(next -> {
                    lastWarning.set(null);
                    if (next != null) {
                        LOG.atInfo()
                                .addKeyValue("event", "models_followed")
                                .addKeyValue("profile", registry.profile())
                                .addKeyValue("champion", next.champion().version())
                                .addKeyValue(
                                        "previous",
                                        next.previous() == null
                                                ? null
                                                : next.previous().version())
                                .log(
                                        "Serving {} of profile {}, the champion another instance chose and recorded",
                                        next.champion().version(),
                                        registry.profile());
                    }
                })
                .onFailure(e -> {
                    String message = String.valueOf(e.getMessage());
                    if (!message.equals(lastWarning.getAndSet(message))) {
                        LOG.atWarn()
                                .addKeyValue("event", "champion_record_refused")
                                .addKeyValue("profile", registry.profile())
                                .addKeyValue(
                                        "champion", registry.state().champion().version())
                                .log(
                                        "Not taking the champion the record names: {}; still serving {}",
                                        e.getMessage(),
                                        registry.state().champion().version());
                    }
                });
    }

    /** Applies the history events other instances recorded; a failure is logged once an outage, and the end of it. */
    private static void catchUp(
            Vertx vertx, HistoryFeed feed, AtomicBoolean polling, AtomicReference<String> lastWarning) {
        if (!polling.compareAndSet(false, true)) {
            return; // the last poll still waits for the database: one at a time, never a queue of them
        }
        vertx.<HistoryFeed.CatchUp>executeBlocking(feed::catchUp, false)
                .onComplete(done -> polling.set(false))
                .onSuccess(done -> {
                    if (lastWarning.getAndSet(null) != null) {
                        LOG.info("Reading the history events other instances recorded again");
                    }
                })
                .onFailure(e -> {
                    // once an outage, not at every poll: the message changes with its wait times
                    String message = String.valueOf(e.getMessage());
                    if (lastWarning.getAndSet(message) == null) {
                        LOG.warn("Cannot read the history events other instances recorded: {}; will retry", message);
                    }
                });
    }

    private static void follow(
            Vertx vertx,
            ScoredApplicationsFollower follower,
            AtomicBoolean polling,
            AtomicReference<String> lastWarning) {
        if (!polling.compareAndSet(false, true)) {
            return; // as catchUp: one read at a time
        }
        vertx.<ScoredApplicationsFollower.Followed>executeBlocking(follower::catchUp, false)
                .onComplete(done -> polling.set(false))
                .onSuccess(done -> {
                    if (lastWarning.getAndSet(null) != null) {
                        LOG.info("Reading the decisions other instances recorded again");
                    }
                })
                .onFailure(e -> {
                    // once an outage, not at every poll: the message changes with its wait times
                    String message = String.valueOf(e.getMessage());
                    if (lastWarning.getAndSet(message) == null) {
                        LOG.warn("Cannot read the decisions other instances recorded: {}; will retry", message);
                    }
                });
    }

    /**
     * What the start applied of the history events recorded before it ({@link HistoryFeed}), or
     * null without a history.
     */
    public HistoryFeed.CatchUp historyFeedAtStart() {
        return fed;
    }

    /** The person history's live feed, or null without a history. */
    public HistoryFeed historyFeed() {
        return feed;
    }

    /** The port the service listens on. */
    public int port() {
        return port;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String baseUrl() {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return (tls ? "https://" : "http://") + shown + ":" + port;
    }

    /** The model bundle being served (the champion). */
    public ModelBundle bundle() {
        return registry.state().champion();
    }

    /** The served profile's champion, previous champion and shadow. */
    public ModelRegistry registry() {
        return registry;
    }

    /** The decision recorder (buffer, batches, journal). */
    public DecisionRecorder recorder() {
        return recorder;
    }

    /** The service's database: the decision records and work queues (for tools that run in its process). */
    public javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    private static String historyGauges(ClaimChecks checks) {
        PersonHistoryStore.Stats stats = checks.historyStats();
        if (stats == null) {
            return "";
        }
        return "# HELP korrekt_history_persons People the person history holds.\n"
                + "# TYPE korrekt_history_persons gauge\n"
                + "korrekt_history_persons " + stats.persons() + "\n"
                + "# HELP korrekt_history_persons_capacity Most people the person history holds; beyond it the"
                + " least recently used is evicted.\n"
                + "# TYPE korrekt_history_persons_capacity gauge\n"
                + "korrekt_history_persons_capacity " + stats.personCapacity() + "\n"
                + "# HELP korrekt_history_evictions_total People, children, assistants, addresses and providers"
                + " evicted from the person history because it was full, with all they held.\n"
                + "# TYPE korrekt_history_evictions_total counter\n"
                + "korrekt_history_evictions_total " + stats.evictions() + "\n"
                + "# HELP korrekt_history_events_overwritten_total Events of the person history overwritten"
                + " because their ring was full.\n"
                + "# TYPE korrekt_history_events_overwritten_total counter\n"
                + "korrekt_history_events_overwritten_total " + stats.overwritten() + "\n";
    }

    private static String followerGauges(ScoredApplicationsFollower follower) {
        if (follower == null) {
            return "";
        }
        ScoredApplicationsFollower.Followed total = follower.total();
        return "# HELP korrekt_history_applications_followed_total Applications other instances scored (their"
                + " decisions recorded since this one started) put into this instance's person history.\n"
                + "# TYPE korrekt_history_applications_followed_total counter\n"
                + "korrekt_history_applications_followed_total " + total.recorded() + "\n";
    }

    private static String feedGauges(HistoryFeed feed) {
        if (feed == null) {
            return "";
        }
        HistoryFeed.CatchUp total = feed.total();
        return "# HELP korrekt_history_events_applied_total History feed events applied to this instance's person"
                + " history since it started (those at start included).\n"
                + "# TYPE korrekt_history_events_applied_total counter\n"
                + "korrekt_history_events_applied_total " + total.applied() + "\n"
                + "# HELP korrekt_history_events_unreadable_total History feed events this build could not read.\n"
                + "# TYPE korrekt_history_events_unreadable_total counter\n"
                + "korrekt_history_events_unreadable_total " + total.unreadable() + "\n";
    }

    private static String recorderGauges(DecisionRecorder r) {
        return "# HELP korrekt_decision_records_buffered Decision records accepted and not yet in the database"
                + " or the journal.\n"
                + "# TYPE korrekt_decision_records_buffered gauge\n"
                + "korrekt_decision_records_buffered " + r.pending() + "\n"
                + "# HELP korrekt_decision_records_written_total Decision records written to the database.\n"
                + "# TYPE korrekt_decision_records_written_total counter\n"
                + "korrekt_decision_records_written_total " + r.written() + "\n"
                + "# HELP korrekt_decision_records_journaled_total Decision records written to the local journal.\n"
                + "# TYPE korrekt_decision_records_journaled_total counter\n"
                + "korrekt_decision_records_journaled_total " + r.journaled() + "\n"
                + "# HELP korrekt_decision_records_superseded_total Decision records not stored because another"
                + " decision of the same keyed request item was recorded first.\n"
                + "# TYPE korrekt_decision_records_superseded_total counter\n"
                + "korrekt_decision_records_superseded_total " + r.supersededCount() + "\n"
                + "# HELP korrekt_decision_writer_up Whether the thread that stores decision records runs.\n"
                + "# TYPE korrekt_decision_writer_up gauge\n"
                + "korrekt_decision_writer_up " + (r.writing() ? 1 : 0) + "\n"
                + "# HELP korrekt_decision_journal_failures_total Times decision records could be written neither to"
                + " the database nor to the journal (each batch is kept and retried).\n"
                + "# TYPE korrekt_decision_journal_failures_total counter\n"
                + "korrekt_decision_journal_failures_total " + r.journalFailures() + "\n"
                + "# HELP korrekt_database_up Whether the last decision record write reached the database, and"
                + " none has been under way for more than 5 s.\n"
                + "# TYPE korrekt_database_up gauge\n"
                + "korrekt_database_up " + (r.databaseUp() ? 1 : 0) + "\n";
    }

    /**
     * What the start put back into the person history of the applications scored before it
     * ({@link ScoredApplicationsReplay}), or null without a history.
     */
    public ScoredApplicationsReplay.Result scoredReplay() {
        return replayed;
    }

    /**
     * What puts the applications other instances score into this instance's person history, or
     * null without a history.
     */
    public ScoredApplicationsFollower scoredFollower() {
        return follower;
    }

    /** The scoring service, with its rule checks and person history. */
    public ScoringService scoring() {
        return scoring;
    }

    /** Where the data lives. */
    public String databaseDescription() {
        return database.description();
    }

    /**
     * Stops gracefully: new scoring requests get 503 while the HTTP server drains in-flight
     * requests (up to 10 s), then the recorder writes every accepted decision to the database (or
     * the journal), then the database stops.
     */
    @Override
    public void close() throws IOException {
        close(java.time.Duration.ZERO);
    }

    /**
     * Stops gracefully, as {@link #close()}, after a notice: for {@code notice} the server still
     * takes connections, {@code /ready} answers 503 and new scoring requests 503 {@code
     * UNAVAILABLE}, so that a load balancer that asks {@code /ready} takes the instance out before
     * its port closes (clients then get a 503 to retry elsewhere, not a refused connection).
     */
    public void close(java.time.Duration notice) throws IOException {
        verticle.drain();
        if (!notice.isZero() && !notice.isNegative()) {
            LOG.atInfo()
                    .addKeyValue("event", "draining")
                    .addKeyValue("seconds", notice.toSeconds())
                    .log("Draining: /ready answers 503 for {} s before the port closes", notice.toSeconds());
            try {
                Thread.sleep(notice.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            verticle.shutdown(10).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            try {
                recorder.close();
            } finally {
                database.close();
            }
        }
    }
}
