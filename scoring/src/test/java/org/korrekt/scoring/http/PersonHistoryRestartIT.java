package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Benefit;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.record.DecisionJournal;
import org.korrekt.scoring.record.DecisionRecord;
import org.korrekt.scoring.record.DecisionRecordJson;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;

/**
 * The person history outlives a restart: the applications a service scored are in the history of
 * the next start, so a second parent's VAB claim for the same child and days is caught after a
 * restart as it is before one, and no application is counted twice or as it was before it was
 * amended. A history that is full evicts
 * the least recently used person, and says so in {@code /health} and {@code /metrics}.
 */
class PersonHistoryRestartIT {

    private static final String PARENT_A = "p-" + "a".repeat(32);
    private static final String PARENT_B = "p-" + "b".repeat(32);
    private static final String PARENT_C = "p-" + "c".repeat(32);
    private static final String CHILD = "p-" + "0".repeat(31) + "1";
    private static final String CHILD_2 = "p-" + "0".repeat(31) + "2";
    private static final LocalDate START = LocalDate.of(2025, 2, 3);
    private static final int OVERLAP = ClaimFeatures.SCHEMA.indexOf("other_parent_overlap_days");
    private static final int PRIOR_CLAIMS = ClaimFeatures.SCHEMA.indexOf("prior_claims_365d");

    @Test
    void aFullHistoryEvictsTheLeastRecentlyUsedPersonAndSaysSo() throws Exception {
        ServerConfig config = TestServers.withHistory(
                "history-full",
                List.of(new HistoryEvent.ClaimSubmitted(
                        "A-log-1",
                        PARENT_A,
                        Benefit.TFP,
                        Days.of(START.minusDays(30)),
                        Days.of(START.minusDays(40)),
                        2,
                        CHILD_2)),
                Instant.now());
        int capacity;
        try (KorrektServer server = KorrektServer.start(config)) {
            JsonObject history = new JsonObject(HistoryClient.get(server, "/health")).getJsonObject("history");
            assertThat(history.getInteger("persons")).isEqualTo(1);
            assertThat(history.getLong("evictions")).isZero();
            capacity = history.getInteger("personCapacity");
            // the log's people, a quarter more and 1,024 (HistoryLoader)
            assertThat(capacity).isEqualTo(1 + 1_024);

            // first-time applicants fill it, and then push out the person the log held
            for (int i = 0; i < capacity + 5; i++) {
                String person = String.format(Locale.ROOT, "p-%032x", i + 1_000);
                HistoryClient.score(server, HistoryClient.vab("N-" + i, person, CHILD, START, START.plusDays(7)));
            }

            history = new JsonObject(HistoryClient.get(server, "/health")).getJsonObject("history");
            assertThat(history.getInteger("persons")).isEqualTo(capacity);
            long evictions = history.getLong("evictions");
            assertThat(evictions).isEqualTo(6);
            assertThat(HistoryClient.get(server, "/metrics"))
                    .contains("\nkorrekt_history_persons " + capacity + "\n")
                    .contains("\nkorrekt_history_persons_capacity " + capacity + "\n")
                    .contains("\nkorrekt_history_evictions_total " + evictions + "\n");
            // what an eviction costs, and why operations alert on it: parent A's claim in the log is gone
            JsonObject a =
                    HistoryClient.score(server, HistoryClient.vab("A-1", PARENT_A, CHILD_2, START, START.plusDays(7)));
            assertThat(HistoryClient.features(server, a).getDouble(PRIOR_CLAIMS))
                    .isZero();
        }
        // a restart sizes the history for the log's people and every person decided on since, whom
        // it puts back: no one is evicted (helper-43 saw 6,925 evicted before a start served)
        try (KorrektServer again = KorrektServer.start(config)) {
            JsonObject history = new JsonObject(HistoryClient.get(again, "/health")).getJsonObject("history");
            assertThat(history.getLong("evictions")).isZero();
            assertThat(history.getInteger("persons")).isEqualTo(capacity + 6);
            assertThat(history.getInteger("personCapacity")).isGreaterThan(capacity + 6);
        }
    }

    @Test
    void applicationsScoredBeforeARestartAreInTheHistoryAfterIt() throws Exception {
        Path work = TestDirectories.fresh("history-restart");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        // the history log holds one earlier VAB claim of parent A, for another child
        Path log = work.resolve("history.krkh");
        List<HistoryEvent> events = List.of(new HistoryEvent.ClaimSubmitted(
                "A-log-1",
                PARENT_A,
                Benefit.TFP,
                Days.of(START.minusDays(30)),
                Days.of(START.minusDays(40)),
                2,
                CHILD_2));
        TestServers.historyLog(log, events, Instant.now());
        ServerConfig config = TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0, log);

        JsonObject recordOfB;
        try (KorrektServer first = KorrektServer.start(config)) {
            assertThat(first.scoredReplay().decisions()).isZero();
            JsonObject a =
                    HistoryClient.score(first, HistoryClient.vab("A-1", PARENT_A, CHILD, START, START.plusDays(7)));
            assertThat(HistoryClient.codes(a)).doesNotContain("SAME_CHILD_TWO_PARENTS");
            assertThat(HistoryClient.features(first, a).getDouble(PRIOR_CLAIMS))
                    .as("the log's claim")
                    .isEqualTo(1);
            // scored again (a client's retry), and the log's own application scored: neither counts twice
            HistoryClient.score(first, HistoryClient.vab("A-1", PARENT_A, CHILD, START, START.plusDays(7)));
            HistoryClient.score(first, HistoryClient.vab("A-log-1", PARENT_A, CHILD_2, START, START.minusDays(30)));
            JsonObject b =
                    HistoryClient.score(first, HistoryClient.vab("B-1", PARENT_B, CHILD, START, START.plusDays(9)));
            assertThat(HistoryClient.codes(b)).contains("SAME_CHILD_TWO_PARENTS");
            assertThat(HistoryClient.features(first, b).getDouble(OVERLAP)).isEqualTo(5);
            recordOfB = HistoryClient.decision(first, b);
            // parent B amends the claim to days three weeks later and sends it again: the history
            // holds it as last sent, so it no longer overlaps parent A's days
            HistoryClient.score(
                    first, HistoryClient.vab("B-1", PARENT_B, CHILD, START.plusDays(21), START.plusDays(9)));
            JsonObject a3 =
                    HistoryClient.score(first, HistoryClient.vab("A-3", PARENT_A, CHILD, START, START.plusDays(11)));
            assertThat(HistoryClient.features(first, a3).getDouble(OVERLAP)).isZero();
            assertThat(HistoryClient.codes(a3)).doesNotContain("SAME_CHILD_TWO_PARENTS");
            first.recorder().flush(Duration.ofSeconds(10));
        }
        // parent C's claim for the same child and days, decided while the database was down: the
        // stop left its record in the journal (made here from B's record, as the journal holds it)
        DecisionRecord c1 = DecisionRecordJson.fromJson(recordOfB
                .copy()
                .put("decisionId", UUID.randomUUID().toString())
                .put("applicationId", "C-1")
                .put("personPseudonym", PARENT_C)
                .put(
                        "claim",
                        recordOfB
                                .getJsonObject("claim")
                                .copy()
                                .put("submittedOn", START.plusDays(8).toString())));
        try (DecisionJournal journal = new DecisionJournal(config.journalDir())) {
            journal.append(List.of(c1));
        }

        try (KorrektServer second = KorrektServer.start(config)) {
            // seven decisions: A-1 scored again as it was is held already; A-log-1, scored with
            // other days than the log holds, and B-1, amended, are put back as last scored
            assertThat(second.scoredReplay().decisions()).isEqualTo(7);
            assertThat(second.scoredReplay().recorded()).isEqualTo(6); // A-1, A-log-1, B-1 twice, A-3, C-1
            assertThat(second.scoredReplay().alreadyHeld()).isEqualTo(1);

            JsonObject a2 =
                    HistoryClient.score(second, HistoryClient.vab("A-2", PARENT_A, CHILD, START, START.plusDays(12)));
            // A-log-1, A-1 and A-3, each once, though A-1 was scored twice and A-log-1 is also in the log
            assertThat(HistoryClient.features(second, a2).getDouble(PRIOR_CLAIMS))
                    .isEqualTo(3);
            // parent C (from the journal) claimed the child's five days; parent B's claim for them was
            // amended to other days before the restart, and counts as amended after it
            assertThat(HistoryClient.features(second, a2).getDouble(OVERLAP)).isEqualTo(5);
            assertThat(HistoryClient.codes(a2)).contains("SAME_CHILD_TWO_PARENTS");
            JsonObject c2 =
                    HistoryClient.score(second, HistoryClient.vab("C-2", PARENT_C, CHILD, START, START.plusDays(12)));
            assertThat(HistoryClient.features(second, c2).getDouble(PRIOR_CLAIMS))
                    .as("C-1, from the journal")
                    .isEqualTo(1);
            second.recorder().flush(Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (second.recorder().hasJournal() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            try (Connection c = second.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT count(*) FROM decision WHERE application_id = 'C-1'")) {
                rows.next();
                assertThat(rows.getInt(1))
                        .as("the journal reached the database too")
                        .isEqualTo(1);
            }
        }
    }
}
