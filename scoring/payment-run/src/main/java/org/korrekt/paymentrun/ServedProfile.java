package org.korrekt.paymentrun;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import javax.sql.DataSource;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.FeatureSchema;
import org.korrekt.scoring.ClaimChecks;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.api.HistoryEventDecoder;
import org.korrekt.scoring.feed.HistoryFeed;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.model.ModelBundleLoader;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.queue.QueueSettings;
import org.korrekt.scoring.server.HistoryLoader;
import org.korrekt.scoring.server.ScoredApplicationsReplay;

/**
 * A selection profile as the service serves it ({@code KorrektServer#start}): the newest verified
 * bundle of the profile, loaded on the application schema and, with a person history, on the claim
 * schema too; the claim checks on that history, or the application checks without one.
 *
 * @param bundle the model bundle
 * @param checks the rule checks and the person history they read; a service records every scored
 *     row in it, so services made from one {@code ServedProfile} share that history
 * @param records what the service recorded after the history log and the history now holds, or
 *     null when the service's database was not read
 */
public record ServedProfile(ModelBundle bundle, ClaimChecks checks, ServiceRecords records) {

    public ServedProfile {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(checks, "checks");
    }

    /**
     * What the service recorded after the history log, put into the person history as a service
     * starting on the same log and database puts it.
     *
     * @param scored the applications it scored (its database, then its journal)
     * @param fed the events of its history feed, but those the log holds by its as-of time
     */
    public record ServiceRecords(ScoredApplicationsReplay.Result scored, HistoryFeed.CatchUp fed) {}

    /**
     * Loads the bundle {@code profile} is served with under {@code modelsDir} (its recorded champion,
     * else the newest: {@link ModelBundleLoader#loadServed}), and the history log if given.
     *
     * @param historyLog korrekt's history log ({@code korrekt history}), or null for none
     * @param randomControlShare the share drawn for random control, in [0, 0.5]
     * @throws BundleException if the profile has no valid bundle, or one that needs the history
     *     when none is given
     * @throws IOException if the history log cannot be read
     */
    public static ServedProfile load(Path modelsDir, String profile, Path historyLog, double randomControlShare)
            throws BundleException, IOException {
        return load(modelsDir, profile, historyLog, randomControlShare, List.of());
    }

    /**
     * As {@link #load(Path, String, Path, double)}, serving only a bundle signed with one of {@code
     * signedBy} (none or null: no signature is checked), as {@code korrekt serve --bundle-public-key}
     * does.
     */
    public static ServedProfile load(
            Path modelsDir, String profile, Path historyLog, double randomControlShare, List<PublicKey> signedBy)
            throws BundleException, IOException {
        ModelBundle bundle = champion(modelsDir, profile, historyLog != null, randomControlShare, signedBy);
        ClaimChecks checks = historyLog == null
                ? ClaimChecks.applicationOnly()
                : ClaimChecks.withHistory(HistoryLoader.load(historyLog));
        return new ServedProfile(bundle, checks, null);
    }

    /**
     * As {@link #load(Path, String, Path, double, List)}, with the person history holding what
     * the service recorded after the log too, read from {@code service}, the service's database: the
     * applications it scored, then its history feed's events (as {@code korrekt serve} does at
     * start). A run then sees what the service saw, not only what the log held.
     *
     * @param historyLog korrekt's history log, which the records follow
     * @param service the service's database
     * @param journalDir the service's decision journal (records waiting for the database), or null
     * @throws SQLException if the database cannot be read
     */
    public static ServedProfile load(
            Path modelsDir,
            String profile,
            Path historyLog,
            double randomControlShare,
            List<PublicKey> signedBy,
            DataSource service,
            Path journalDir)
            throws BundleException, IOException, SQLException {
        Objects.requireNonNull(historyLog, "historyLog: the service's records are added to a person history");
        Objects.requireNonNull(service, "service");
        ModelBundle bundle = champion(modelsDir, profile, true, randomControlShare, signedBy);
        DecisionStore decisions = new DecisionStore(service, QueueSettings.defaults());
        // sized, as KorrektServer's start sizes it, for the log's people and every person the service
        // decided on since, whom the replay puts back: sized from the log alone, a history the
        // service has outgrown evicted people before the run scored its first row
        HistoryLoader.Loaded log = HistoryLoader.loadLog(historyLog, decisions.decidedPersons());
        // the order of KorrektServer's start: the log, the scored applications, then the feed
        ScoredApplicationsReplay.Result scored = ScoredApplicationsReplay.replay(decisions, journalDir, log.store());
        ClaimChecks checks = ClaimChecks.withHistory(log.store());
        HistoryFeed.CatchUp fed =
                new HistoryFeed(service, checks, HistoryEventDecoder.storedEventsReader(), log.asOf()).catchUp();
        return new ServedProfile(bundle, checks, new ServiceRecords(scored, fed));
    }

    /** The bundle served for {@code profile}: on the claim schema too when there is a person history. */
    private static ModelBundle champion(
            Path modelsDir, String profile, boolean withHistory, double randomControlShare, List<PublicKey> signedBy)
            throws BundleException {
        FeatureSchema application = ApplicationFeatures.SCHEMA_V1;
        List<FeatureSchema> schemas = withHistory ? List.of(application, ClaimFeatures.SCHEMA) : List.of(application);
        return new ModelBundleLoader(schemas, randomControlShare, signedBy == null ? List.of() : signedBy)
                .loadServed(modelsDir, profile)
                .champion();
    }

    /**
     * A scoring service on this profile.
     *
     * @param uniform draws in [0, 1) for the random control sample (seed it for a reproducible run)
     * @param clock the time of decisions
     */
    public ScoringService service(DoubleSupplier uniform, Clock clock) {
        return new ScoringService(ApplicationFeatures.v1(), bundle, uniform, clock, checks);
    }

    /**
     * A scoring service on this profile whose random control draw is {@code draw}'s for each
     * application ({@link org.korrekt.scoring.RandomControlDraw#seeded}: the same seed and input give
     * the same actions, whichever rows come before).
     */
    public ScoringService service(org.korrekt.scoring.RandomControlDraw draw, Clock clock) {
        return new ScoringService(ApplicationFeatures.v1(), bundle, draw, clock, checks);
    }
}
