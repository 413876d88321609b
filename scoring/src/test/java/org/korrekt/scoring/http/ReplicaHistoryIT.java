package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.db.EmbeddedPostgres;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;

/**
 * Replicas on one database keep one person history: an application scored by one instance is in
 * the others' histories within a poll, so a second parent's VAB claim for the same child and days
 * is caught whichever instance it reaches; and a decision whose transaction commits late is read
 * when it commits.
 */
class ReplicaHistoryIT {

    private static final String PARENT_A = "p-" + "a".repeat(32);
    private static final String PARENT_B = "p-" + "b".repeat(32);
    private static final String PARENT_C = "p-" + "c".repeat(32);
    private static final String PARENT_D = "p-" + "d".repeat(32);
    private static final String CHILD = "p-" + "0".repeat(31) + "1";
    private static final String OTHER_CHILD = "p-" + "0".repeat(31) + "2";
    private static final LocalDate START = LocalDate.of(2025, 2, 3);
    private static final int OVERLAP = ClaimFeatures.SCHEMA.indexOf("other_parent_overlap_days");
    private static final int PRIOR_CLAIMS = ClaimFeatures.SCHEMA.indexOf("prior_claims_365d");

    @Test
    void anApplicationScoredByOneInstanceIsInTheOthersHistoryWithinAPoll() throws Exception {
        Path work = TestDirectories.fresh("replica-history");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        Path log = TestServers.historyLog(work.resolve("history.krkh"), List.of(), Instant.now());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("server"), work.resolve("binaries"));
                KorrektServer a = KorrektServer.start(onServer(work.resolve("a"), models, log, postgres));
                KorrektServer b = KorrektServer.start(onServer(work.resolve("b"), models, log, postgres))) {
            JsonObject first =
                    HistoryClient.score(a, HistoryClient.vab("A-1", PARENT_A, CHILD, START, START.plusDays(7)));
            assertThat(HistoryClient.codes(first)).doesNotContain("SAME_CHILD_TWO_PARENTS");
            a.recorder().flush(Duration.ofSeconds(10));
            awaitFollowed(b, 1);

            JsonObject second =
                    HistoryClient.score(b, HistoryClient.vab("B-1", PARENT_B, CHILD, START, START.plusDays(9)));
            assertThat(HistoryClient.codes(second)).contains("SAME_CHILD_TWO_PARENTS");
            assertThat(HistoryClient.features(b, second).getDouble(OVERLAP)).isEqualTo(5);

            // and back: parent C on instance A overlaps both; A's own A-1 came back and was held already
            b.recorder().flush(Duration.ofSeconds(10));
            awaitFollowed(a, 1);
            JsonObject third =
                    HistoryClient.score(a, HistoryClient.vab("C-1", PARENT_C, CHILD, START, START.plusDays(12)));
            assertThat(HistoryClient.features(a, third).getDouble(OVERLAP)).isEqualTo(10);
            assertThat(HistoryClient.codes(third)).contains("SAME_CHILD_TWO_PARENTS");
            a.recorder().flush(Duration.ofSeconds(10));
            awaitFollowed(b, 2); // A-1 and C-1; its own B-1 came back and was held already
            assertThat(HistoryClient.get(b, "/metrics")).contains("\nkorrekt_history_applications_followed_total 2\n");
            // nothing counted twice: parent A's next claim has one prior claim, A-1, on either instance
            for (KorrektServer instance : List.of(a, b)) {
                JsonObject again = HistoryClient.score(
                        instance, HistoryClient.vab("A-2", PARENT_A, CHILD, START, START.plusDays(14)));
                assertThat(HistoryClient.features(instance, again).getDouble(PRIOR_CLAIMS))
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void aDecisionWhoseTransactionCommitsLateIsReadWhenItCommits() throws Exception {
        Path work = TestDirectories.fresh("replica-late-commit");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        Path log = TestServers.historyLog(work.resolve("history.krkh"), List.of(), Instant.now());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("server"), work.resolve("binaries"));
                KorrektServer a = KorrektServer.start(onServer(work.resolve("a"), models, log, postgres));
                KorrektServer b = KorrektServer.start(onServer(work.resolve("b"), models, log, postgres));
                Connection slow = DriverManager.getConnection(
                        postgres.jdbcUrl("postgres"), EmbeddedPostgres.SUPERUSER, postgres.password())) {
            JsonObject first =
                    HistoryClient.score(a, HistoryClient.vab("A-1", PARENT_A, CHILD, START, START.plusDays(7)));
            a.recorder().flush(Duration.ofSeconds(10));
            awaitFollowed(b, 1);
            assertThat(HistoryClient.codes(first)).doesNotContain("SAME_CHILD_TWO_PARENTS");
            // another writer's transaction records parent C's claim (a copy of A-1's record under its
            // own transaction id) and stays open while a later transaction, instance A's, commits
            slow.setAutoCommit(false);
            try (PreparedStatement copy = slow.prepareStatement("INSERT INTO decision SELECT (jsonb_populate_record(d,"
                    + " jsonb_build_object('decision_id', gen_random_uuid(), 'application_id', 'C-1',"
                    + " 'person_pseudonym', ?::text, 'recorded_xact', pg_current_xact_id()))).*"
                    + " FROM decision d WHERE d.application_id = 'A-1'")) {
                copy.setString(1, PARENT_C);
                assertThat(copy.executeUpdate()).isEqualTo(1);
            }
            HistoryClient.score(a, HistoryClient.vab("D-1", PARENT_D, OTHER_CHILD, START, START.plusDays(7)));
            a.recorder().flush(Duration.ofSeconds(10));
            awaitFollowed(b, 2); // A-1 and D-1, the later transaction; C-1 is not committed yet
            slow.commit();
            awaitFollowed(b, 3);

            JsonObject fourth =
                    HistoryClient.score(b, HistoryClient.vab("B-1", PARENT_B, CHILD, START, START.plusDays(9)));
            assertThat(HistoryClient.features(b, fourth).getDouble(OVERLAP))
                    .as("parent A's and parent C's five days")
                    .isEqualTo(10);

            // a decision copied from another server (a restore) under a transaction id this one has not
            // reached: it is not read at every poll until the counter gets there
            slow.setAutoCommit(true);
            try (PreparedStatement copy = slow.prepareStatement("INSERT INTO decision SELECT (jsonb_populate_record(d,"
                    + " jsonb_build_object('decision_id', gen_random_uuid(), 'application_id', 'R-1',"
                    + " 'recorded_xact', '5000000000'))).* FROM decision d WHERE d.application_id = 'A-1'")) {
                assertThat(copy.executeUpdate()).isEqualTo(1);
            }
            b.recorder().flush(Duration.ofSeconds(10));
            long read = b.scoredFollower().total().decisions();
            Thread.sleep(3 * KorrektServer.HISTORY_FEED_POLL_MILLIS);
            assertThat(b.scoredFollower().total().decisions())
                    .as("B-1 came back once; the copied row was not read")
                    .isLessThanOrEqualTo(read + 1);
        }
    }

    private static void awaitFollowed(KorrektServer server, long applications) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.scoredFollower().total().recorded() < applications && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.scoredFollower().total().recorded()).isEqualTo(applications);
    }

    /** A service with its own work folder (and journal) on the shared {@code postgres}. */
    private static ServerConfig onServer(Path work, Path models, Path log, EmbeddedPostgres postgres) {
        return TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0, log)
                .withDatabase(TestServers.external(postgres.jdbcUrl("postgres"), postgres.password(), work));
    }
}
