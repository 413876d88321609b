package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Benefit;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.features.history.HistoryLimits;
import org.korrekt.features.history.PersonHistoryStore;
import org.korrekt.features.identity.Pseudonymizer;
import org.korrekt.scoring.ClaimChecks;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.api.HistoryEventDecoder;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.feed.HistoryFeed;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;

/**
 * The person history's live feed end to end, on a real server and PostgreSQL: facts posted to
 * {@code POST /v1/history/events} change the features and rules of the next scoring, are recorded
 * once however often they are sent, are applied again after a restart, and reach the history
 * when another instance recorded them.
 */
class HistoryFeedIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String PARENT = "p-" + "a".repeat(32);
    private static final String OTHER = "p-" + "b".repeat(32);
    private static final String CHILD = "p-" + "0".repeat(31) + "1";
    private static final LocalDate START = LocalDate.of(2025, 2, 3);
    private static final int PRESENT = ClaimFeatures.SCHEMA.indexOf("child_present_on_claimed_days");
    private static final int PAID = ClaimFeatures.SCHEMA.indexOf("paid_sek_365d_log");
    private static final int EMPLOYER_PAY = ClaimFeatures.SCHEMA.indexOf("employer_income_in_period_sek");
    private static final String FEED = TestTokens.token("register-feed", Set.of(Role.FEED), Set.of());
    private static final String SELFSERVICE = TestTokens.token("e-service", Set.of(Role.SELFSERVICE), Set.of());

    private static JsonObject attendance() {
        return new JsonObject()
                .put("eventId", "att-1")
                .put("type", "childcare-attendance")
                .put("childPseudonym", CHILD)
                .put("day", START.plusDays(1).toString());
    }

    private static JsonObject payment(String id, double amount) {
        return new JsonObject()
                .put("eventId", id)
                .put("type", "payment")
                .put("personPseudonym", PARENT)
                .put("benefit", "tfp")
                .put("payDay", START.minusDays(20).toString())
                .put("amountSek", amount);
    }

    @Test
    void factsPostedToTheFeedReachTheNextScoringOnceAndOutliveARestart() throws Exception {
        Path work = TestDirectories.fresh("history-feed");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        Path log = work.resolve("history.krkh");
        List<HistoryEvent> logged =
                List.of(new HistoryEvent.PaymentMade(OTHER, Benefit.TFP, Days.of(START.minusDays(30)), 1_000));
        TestServers.historyLog(log, logged, Instant.now().minusSeconds(3_600));
        ServerConfig config = TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0, log);

        double paidAfterFirst;
        try (KorrektServer server = KorrektServer.start(config)) {
            assertThat(server.historyFeedAtStart().applied()).isZero();
            JsonObject before =
                    HistoryClient.score(server, HistoryClient.vab("A-1", PARENT, CHILD, START, START.plusDays(7)));
            assertThat(HistoryClient.codes(before)).doesNotContain("VAB_CHILD_AT_CHILDCARE");
            assertThat(HistoryClient.features(server, before).getDouble(PRESENT))
                    .isZero();
            assertThat(HistoryClient.features(server, before).getDouble(PAID)).isZero();

            // only the feed role (or admin) may post
            assertThat(HistoryClient.postEvents(server, SELFSERVICE, events(attendance()))
                            .statusCode())
                    .isEqualTo(403);
            // a request with one bad event is refused whole: nothing of it is recorded
            HttpResponse<String> bad = HistoryClient.postEvents(
                    server, FEED, events(attendance(), payment("pay-1", 4_000).put("amountSek", -5)));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(new JsonObject(bad.body()).getJsonObject("error").getString("field"))
                    .isEqualTo("events[1].amountSek");
            assertThat(rows(server)).isZero();

            JsonObject first =
                    answer(HistoryClient.postEvents(server, FEED, events(attendance(), payment("pay-1", 4_000))));
            assertThat(first.getInteger("recorded")).isEqualTo(2);
            assertThat(first.getInteger("duplicates")).isZero();
            assertThat(first.getJsonArray("conflicts")).isEmpty();
            HttpResponse<String> metrics = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("\nkorrekt_history_events_applied_total 2\n");

            JsonObject after =
                    HistoryClient.score(server, HistoryClient.vab("A-2", PARENT, CHILD, START, START.plusDays(7)));
            assertThat(HistoryClient.codes(after)).contains("VAB_CHILD_AT_CHILDCARE");
            assertThat(HistoryClient.features(server, after).getDouble(PRESENT)).isEqualTo(1);
            paidAfterFirst = HistoryClient.features(server, after).getDouble(PAID);
            assertThat(paidAfterFirst).isCloseTo(Math.log1p(4_000), org.assertj.core.data.Offset.offset(1e-9));

            // sent again: a duplicate; the same id with another amount: a conflict; neither is applied
            JsonObject again = answer(
                    HistoryClient.postEvents(server, FEED, events(payment("pay-1", 4_000), payment("pay-1", 9_999))));
            assertThat(again.getInteger("recorded")).isZero();
            assertThat(again.getInteger("duplicates")).isEqualTo(1);
            assertThat(again.getJsonArray("conflicts")).hasSize(1);
            assertThat(again.getJsonArray("conflicts").getJsonObject(0).getInteger("index"))
                    .isEqualTo(1);
            // twice in one request: recorded once
            JsonObject twice = answer(
                    HistoryClient.postEvents(server, FEED, events(payment("pay-2", 500), payment("pay-2", 500))));
            assertThat(twice.getInteger("recorded")).isEqualTo(1);
            assertThat(twice.getInteger("duplicates")).isEqualTo(1);
            JsonObject paidTwice =
                    HistoryClient.score(server, HistoryClient.vab("A-3", PARENT, CHILD, START, START.plusDays(7)));
            assertThat(HistoryClient.features(server, paidTwice).getDouble(PAID))
                    .isCloseTo(Math.log1p(4_500), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(rows(server)).isEqualTo(3);

            // what the database keeps: pseudonyms, who sent it, and no way to change it
            try (Connection c = server.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery(
                        "SELECT received_by, body->>'personPseudonym' FROM history_event WHERE event_id = 'pay-1'")) {
                    r.next();
                    assertThat(r.getString(1)).isEqualTo("register-feed");
                    assertThat(r.getString(2)).isEqualTo(PARENT);
                }
                assertThatThrownBy(() -> s.executeUpdate("UPDATE history_event SET kind = 'x'"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("cannot be changed");
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM history_event"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("cannot be changed");
            }

            // another instance on the same database recorded an event: this one applies it within a poll
            try (Connection c = server.dataSource().getConnection();
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO history_event (event_id, kind, body, received_by) VALUES (?, ?, ?::jsonb, ?)")) {
                insert.setString(1, "pay-3");
                insert.setString(2, "payment");
                JsonObject body = payment("pay-3", 1_500);
                body.remove("eventId");
                insert.setString(3, body.encode());
                insert.setString(4, "another-instance");
                insert.executeUpdate();
            }
            long deadline = System.nanoTime()
                    + Duration.ofSeconds(3 * KorrektServer.HISTORY_FEED_POLL_MILLIS / 1000)
                            .toNanos();
            double paid = 0;
            int n = 0;
            while (System.nanoTime() < deadline) {
                paid = HistoryClient.features(
                                server,
                                HistoryClient.score(
                                        server, HistoryClient.vab("P-" + n++, PARENT, CHILD, START, START.plusDays(7))))
                        .getDouble(PAID);
                if (paid > Math.log1p(4_500) + 1e-6) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(paid)
                    .as("the other instance's payment")
                    .isCloseTo(Math.log1p(6_000), org.assertj.core.data.Offset.offset(1e-9));
        }

        try (KorrektServer restarted = KorrektServer.start(config)) {
            assertThat(restarted.historyFeedAtStart().applied()).isEqualTo(4);
            assertThat(restarted.historyFeedAtStart().inLog()).isZero();
            JsonObject later =
                    HistoryClient.score(restarted, HistoryClient.vab("A-4", PARENT, CHILD, START, START.plusDays(7)));
            assertThat(HistoryClient.codes(later)).contains("VAB_CHILD_AT_CHILDCARE");
            assertThat(HistoryClient.features(restarted, later).getDouble(PAID))
                    .isCloseTo(Math.log1p(6_000), org.assertj.core.data.Offset.offset(1e-9));
        }

        // a log as of a time after the events were received holds them: they are not applied a second
        // time. Its time lies an hour ahead here (a clock ahead of the database's): an event recorded
        // after the start is applied all the same.
        TestServers.historyLog(log, logged, Instant.now().plusSeconds(3_600));
        try (KorrektServer withNewLog = KorrektServer.start(config)) {
            assertThat(withNewLog.historyFeedAtStart().applied()).isZero();
            assertThat(withNewLog.historyFeedAtStart().inLog()).isEqualTo(4);
            JsonObject late = answer(HistoryClient.postEvents(withNewLog, FEED, events(payment("pay-4", 2_000))));
            assertThat(late.getInteger("recorded")).isEqualTo(1);
            assertThat(withNewLog.historyFeed().total().applied()).isEqualTo(1);
            JsonObject paid =
                    HistoryClient.score(withNewLog, HistoryClient.vab("A-5", PARENT, CHILD, START, START.plusDays(7)));
            assertThat(HistoryClient.features(withNewLog, paid).getDouble(PAID))
                    .as("only the event recorded since the start; the log holds none of the others")
                    .isCloseTo(Math.log1p(2_000), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void aWithdrawnFactLeavesTheNextScoringAndStaysWithdrawnAfterARestart() throws Exception {
        ServerConfig config = TestServers.withHistory(
                "history-feed-withdrawal", List.of(), Instant.now().minusSeconds(3_600));
        // scored two months after the period, when February's employer declarations are known
        LocalDate late = START.plusDays(60);
        JsonObject moved = new JsonObject()
                .put("eventId", "mv-1")
                .put("type", "moved-in")
                .put("personPseudonym", PARENT)
                .put("addressId", "addr-1")
                .put("from", START.minusDays(100).toString());
        try (KorrektServer server = KorrektServer.start(config)) {
            answer(HistoryClient.postEvents(
                    server, FEED, events(attendance(), payment("pay-1", 4_000), income("inc-1", 50_000))));
            JsonObject before = HistoryClient.score(server, HistoryClient.vab("A-1", PARENT, CHILD, START, late));
            assertThat(HistoryClient.codes(before)).contains("VAB_CHILD_AT_CHILDCARE");
            assertThat(HistoryClient.features(server, before).getDouble(PRESENT))
                    .isEqualTo(1);
            assertThat(HistoryClient.features(server, before).getDouble(EMPLOYER_PAY))
                    .isEqualTo(50_000);

            // the childcare reported a day in error, a payment was stopped, the employer corrected its declaration
            JsonObject done = answer(HistoryClient.postEvents(
                    server,
                    FEED,
                    events(
                            withdrawal("w-1", "att-1"),
                            withdrawal("w-2", "pay-1"),
                            withdrawal("w-3", "inc-1"),
                            income("inc-2", 40_000),
                            withdrawal("w-4", "never-sent"),
                            withdrawal("w-5", "w-1"),
                            withdrawal("w-6", "att-1"),
                            moved,
                            withdrawal("w-7", "mv-1"),
                            withdrawal("w-8", "later"),
                            payment("later", 1))));
            assertThat(done.getInteger("recorded")).isEqualTo(6);
            JsonArray refused = done.getJsonArray("refused");
            assertThat(refused.stream().map(r -> ((JsonObject) r).getString("eventId")))
                    .containsExactly("w-4", "w-5", "w-6", "w-7", "w-8");
            assertThat(refused.getJsonObject(0).getInteger("index")).isEqualTo(4);
            assertThat(refused.getJsonObject(1).getString("message")).contains("cannot be withdrawn");
            assertThat(refused.getJsonObject(2).getString("message")).contains("withdrawn already, by w-1");
            assertThat(refused.getJsonObject(3).getString("message")).contains("a moved-in event cannot be withdrawn");

            JsonObject after = HistoryClient.score(server, HistoryClient.vab("A-2", PARENT, CHILD, START, late));
            assertThat(HistoryClient.codes(after)).doesNotContain("VAB_CHILD_AT_CHILDCARE");
            assertThat(HistoryClient.features(server, after).getDouble(PRESENT)).isZero();
            assertThat(HistoryClient.features(server, after).getDouble(PAID))
                    .isCloseTo(Math.log1p(1), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(HistoryClient.features(server, after).getDouble(EMPLOYER_PAY))
                    .isEqualTo(40_000);

            // a withdrawal sent again is a duplicate, not refused, and withdraws nothing more
            JsonObject again = answer(HistoryClient.postEvents(server, FEED, events(withdrawal("w-1", "att-1"))));
            assertThat(again.getInteger("duplicates")).isEqualTo(1);
            assertThat(again.getJsonArray("refused")).isEmpty();
        }
        // a restart applies the events after the log again, the withdrawals among them
        try (KorrektServer server = KorrektServer.start(config)) {
            assertThat(server.historyFeedAtStart().applied()).isEqualTo(3 + 6);
            JsonObject restarted = HistoryClient.score(server, HistoryClient.vab("A-3", PARENT, CHILD, START, late));
            assertThat(HistoryClient.features(server, restarted).getDouble(PRESENT))
                    .isZero();
            assertThat(HistoryClient.features(server, restarted).getDouble(PAID))
                    .isCloseTo(Math.log1p(1), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(HistoryClient.features(server, restarted).getDouble(EMPLOYER_PAY))
                    .isEqualTo(40_000);

            // an id used before for another withdrawal is a conflict, and does not stand in the way of the next
            JsonObject reused = answer(HistoryClient.postEvents(
                    server, FEED, events(withdrawal("w-2", "inc-2"), withdrawal("w-9", "inc-2"))));
            assertThat(reused.getJsonArray("conflicts").getJsonObject(0).getString("eventId"))
                    .isEqualTo("w-2");
            assertThat(reused.getJsonArray("refused")).isEmpty();
            assertThat(reused.getInteger("recorded")).isEqualTo(1);
            JsonObject noPay = HistoryClient.score(server, HistoryClient.vab("A-4", PARENT, CHILD, START, late));
            assertThat(HistoryClient.features(server, noPay).getDouble(EMPLOYER_PAY))
                    .isZero();
        }
    }

    private static JsonObject withdrawal(String id, String withdraws) {
        return new JsonObject().put("eventId", id).put("type", "withdrawal").put("withdraws", withdraws);
    }

    private static JsonObject income(String id, double grossPay) {
        return new JsonObject()
                .put("eventId", id)
                .put("type", "income")
                .put("personPseudonym", PARENT)
                .put("month", START.toString().substring(0, 7))
                .put("grossPaySek", grossPay);
    }

    /**
     * A withdrawal received after the log's as-of time of an event received before it: the log
     * holds the event (the registers still had it when the export was taken), so the restart
     * removes it from what the log loaded.
     */
    @Test
    void aWithdrawalAfterTheLogTakesBackWhatTheLogHolds() throws Exception {
        ServerConfig config = TestServers.withHistory("history-feed-withdraw-log", List.of(), Instant.EPOCH);
        Instant exported;
        try (KorrektServer server = KorrektServer.start(config)) {
            answer(HistoryClient.postEvents(server, FEED, events(payment("pay-1", 4_000), payment("pay-2", 500))));
            Thread.sleep(50);
            exported = Instant.now();
            Thread.sleep(50);
            JsonObject done = answer(HistoryClient.postEvents(server, FEED, events(withdrawal("w-1", "pay-1"))));
            assertThat(done.getInteger("recorded")).isEqualTo(1);
        }
        // the registers' export, taken between the payments and the withdrawal, holds both payments
        TestServers.historyLog(
                config.historyLog(),
                List.of(
                        new HistoryEvent.PaymentMade(PARENT, Benefit.TFP, Days.of(START.minusDays(20)), 4_000),
                        new HistoryEvent.PaymentMade(PARENT, Benefit.TFP, Days.of(START.minusDays(20)), 500)),
                exported);
        try (KorrektServer server = KorrektServer.start(config)) {
            assertThat(server.historyFeedAtStart().inLog()).isEqualTo(2);
            assertThat(server.historyFeedAtStart().applied()).isEqualTo(1);
            JsonObject scored =
                    HistoryClient.score(server, HistoryClient.vab("A-1", PARENT, CHILD, START, START.plusDays(7)));
            assertThat(HistoryClient.features(server, scored).getDouble(PAID))
                    .isCloseTo(Math.log1p(500), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    /**
     * Writers that record at the same time, and a reader that catches up all the while, as another
     * instance does: the reader applies every row once. Rows must become visible in seq order; if
     * a later row could commit before an earlier one, the reader would step past the earlier.
     */
    @Test
    void anInstanceReadingWhileOthersWriteMissesNoEvent() throws Exception {
        Path work = TestDirectories.fresh("history-feed-writers");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        Path log = work.resolve("history.krkh");
        TestServers.historyLog(log, List.of(), Instant.EPOCH);
        int writers = 4;
        int batches = 25;
        int perBatch = 100;
        try (KorrektServer server =
                KorrektServer.start(TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0, log))) {
            HistoryEventDecoder decoder = new HistoryEventDecoder(
                    new Pseudonymizer("a pseudonymisation key of 32 bytes".getBytes(StandardCharsets.UTF_8)),
                    Clock.systemUTC());
            HistoryFeed reader = new HistoryFeed(
                    server.dataSource(),
                    ClaimChecks.withHistory(new PersonHistoryStore(HistoryLimits.forPopulation(1_000))),
                    decoder,
                    Instant.EPOCH);
            reader.catchUp();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        StringBuilder events = new StringBuilder();
                        for (int i = 0; i < perBatch; i++) {
                            events.append(events.length() == 0 ? "" : ",")
                                    .append(payment("w" + writer + "-" + b + "-" + i, 100 + i)
                                            .encode());
                        }
                        byte[] body = ("{\"events\":[" + events + "]}").getBytes(StandardCharsets.UTF_8);
                        server.historyFeed().append(decoder.decodeRequest(body, perBatch), "writer-" + writer);
                    }
                    return null;
                }));
            }
            long applied = 0;
            while (!done.stream().allMatch(Future::isDone)) {
                applied += reader.catchUp().applied();
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            applied += reader.catchUp().applied();
            assertThat(rows(server)).isEqualTo((long) writers * batches * perBatch);
            assertThat(applied).isEqualTo(rows(server));
        }
    }

    /**
     * A writer whose transaction began before another's, but that got the table's lock after it,
     * must be received after it: the restart skips rows received before the log's as-of time, and a
     * row later in {@code seq} but earlier in {@code received_at} could be skipped while a row it
     * withdraws is applied. With {@code received_at} taken at the transaction's start ({@code now()})
     * this fails.
     */
    @Test
    void aWriterThatWaitedForTheLockIsReceivedAfterTheWriterThatTookItFirst() throws Exception {
        Path work = TestDirectories.fresh("history-feed-received-at");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        Path log = work.resolve("history.krkh");
        TestServers.historyLog(log, List.of(), Instant.EPOCH);
        try (KorrektServer server =
                KorrektServer.start(TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0, log))) {
            HistoryEventDecoder decoder = new HistoryEventDecoder(
                    new Pseudonymizer("a pseudonymisation key of 32 bytes".getBytes(StandardCharsets.UTF_8)),
                    Clock.systemUTC());
            CountDownLatch atTheLock = new CountDownLatch(1);
            CountDownLatch goOn = new CountDownLatch(1);
            HistoryFeed waiting = new HistoryFeed(
                    pausedBeforeTheLock(server.dataSource(), atTheLock, goOn),
                    ClaimChecks.withHistory(new PersonHistoryStore(HistoryLimits.forPopulation(1_000))),
                    decoder,
                    Instant.EPOCH);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<HistoryFeed.Appended> second = pool.submit(() -> waiting.append(
                        decoder.decodeRequest(events(payment("pay-second", 200)).getBytes(StandardCharsets.UTF_8), 1),
                        "writer-waiting"));
                assertThat(atTheLock.await(30, TimeUnit.SECONDS))
                        .as("its transaction has begun")
                        .isTrue();
                server.historyFeed()
                        .append(
                                decoder.decodeRequest(
                                        events(payment("pay-first", 100)).getBytes(StandardCharsets.UTF_8), 1),
                                "writer-first");
                goOn.countDown();
                assertThat(second.get(30, TimeUnit.SECONDS).recorded()).isEqualTo(1);
            } finally {
                goOn.countDown();
                pool.shutdownNow();
            }
            List<String> order = new ArrayList<>();
            List<Instant> received = new ArrayList<>();
            try (Connection c = server.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT event_id, received_at FROM history_event ORDER BY seq")) {
                while (r.next()) {
                    order.add(r.getString(1));
                    received.add(r.getTimestamp(2).toInstant());
                }
            }
            assertThat(order).containsExactly("pay-first", "pay-second");
            assertThat(received.get(1)).isAfter(received.get(0));
        }
    }

    /** The service's database, but a connection about to take the feed's table lock waits for {@code goOn}. */
    private static DataSource pausedBeforeTheLock(DataSource real, CountDownLatch atTheLock, CountDownLatch goOn) {
        InvocationHandler dataSource = (proxy, method, args) -> {
            Object result = invoke(method, real, args);
            if (!(result instanceof Connection connection)) {
                return result;
            }
            InvocationHandler statements = (cp, cm, cargs) -> {
                Object made = invoke(cm, connection, cargs);
                if (!(made instanceof Statement statement) || made instanceof PreparedStatement) {
                    return made;
                }
                InvocationHandler pausing = (sp, sm, sargs) -> {
                    if (sm.getName().equals("execute")
                            && sargs != null
                            && sargs[0] instanceof String sql
                            && sql.startsWith("LOCK TABLE history_event")) {
                        atTheLock.countDown();
                        if (!goOn.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("never told to go on");
                        }
                    }
                    return invoke(sm, statement, sargs);
                };
                return Proxy.newProxyInstance(
                        HistoryFeedIT.class.getClassLoader(), new Class<?>[] {Statement.class}, pausing);
            };
            return Proxy.newProxyInstance(
                    HistoryFeedIT.class.getClassLoader(), new Class<?>[] {Connection.class}, statements);
        };
        return (DataSource) Proxy.newProxyInstance(
                HistoryFeedIT.class.getClassLoader(), new Class<?>[] {DataSource.class}, dataSource);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void aWriterStuckHoldingTheTableMakesTheFeedAnswer503AfterTheLockTimeoutWithNothingRecorded() throws Exception {
        Path work = TestDirectories.fresh("history-feed-stuck");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        Path log = work.resolve("history.krkh");
        TestServers.historyLog(log, List.of(), Instant.EPOCH);
        try (KorrektServer server = KorrektServer.start(
                        TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0, log));
                Connection stuck = server.dataSource().getConnection()) {
            // another instance's writer that took the table's lock and hangs inside its transaction
            stuck.setAutoCommit(false);
            try (Statement s = stuck.createStatement()) {
                s.execute("LOCK TABLE history_event IN SHARE ROW EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            HttpResponse<String> refused = HistoryClient.postEvents(server, FEED, events(payment("pay-stuck", 4_000)));
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("message"))
                    .contains("nothing was recorded");
            assertThat(seconds)
                    .as("waited for the lock timeout")
                    .isBetween(HistoryFeed.LOCK_TIMEOUT_SECONDS - 0.5, HistoryFeed.LOCK_TIMEOUT_SECONDS + 20.0);
            stuck.rollback();
            assertThat(rows(server)).isZero();

            // the sender retries, as a 503 asks: recorded once
            JsonObject accepted = answer(HistoryClient.postEvents(server, FEED, events(payment("pay-stuck", 4_000))));
            assertThat(accepted.getInteger("recorded")).isEqualTo(1);
            assertThat(rows(server)).isEqualTo(1);
        }
    }

    @Test
    void aServiceWithoutAPersonHistoryRefusesTheFeed() throws Exception {
        Path work = TestDirectories.fresh("history-feed-none");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        try (KorrektServer server =
                KorrektServer.start(TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0))) {
            HttpResponse<String> response = HistoryClient.postEvents(server, FEED, events(attendance()));
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(new JsonObject(response.body()).getJsonObject("error").getString("message"))
                    .contains("--history");
        }
    }

    private static String events(JsonObject... events) {
        return new JsonObject()
                .put("events", new JsonArray(List.of((Object[]) events)))
                .encode();
    }

    private static JsonObject answer(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    /**
     * A log said to be exported in the future (a wrong {@code --as-of}, or clocks out of step) takes
     * every event received before that time to be in the log: the start says so, and a log of now
     * does not.
     */
    @Test
    void aLogAsOfLaterThanTheDatabasesClockIsReported() throws Exception {
        Path work = TestDirectories.fresh("history-feed-future-log");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        Path log = work.resolve("history.krkh");
        TestServers.historyLog(log, List.of(), Instant.EPOCH);
        try (KorrektServer server =
                KorrektServer.start(TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0, log))) {
            HistoryEventDecoder decoder = new HistoryEventDecoder(
                    new Pseudonymizer("a pseudonymisation key of 32 bytes".getBytes(StandardCharsets.UTF_8)),
                    Clock.systemUTC());
            byte[] body =
                    ("{\"events\":[" + payment("future-log-1", 100).encode() + "]}").getBytes(StandardCharsets.UTF_8);
            server.historyFeed().append(decoder.decodeRequest(body, 1), "writer");
            HistoryFeed ahead = new HistoryFeed(
                    server.dataSource(),
                    ClaimChecks.withHistory(new PersonHistoryStore(HistoryLimits.forPopulation(1_000))),
                    decoder,
                    Instant.now().plus(Duration.ofHours(1)));
            HistoryFeed.CatchUp aheadRead = ahead.catchUp();
            assertThat(ahead.logAheadOfDatabase()).isTrue();
            assertThat(aheadRead.inLog()).isEqualTo(1);
            assertThat(aheadRead.applied()).isZero();
            HistoryFeed now = new HistoryFeed(
                    server.dataSource(),
                    ClaimChecks.withHistory(new PersonHistoryStore(HistoryLimits.forPopulation(1_000))),
                    decoder,
                    Instant.now().minus(Duration.ofMinutes(1)));
            HistoryFeed.CatchUp nowRead = now.catchUp();
            assertThat(now.logAheadOfDatabase()).isFalse();
            assertThat(nowRead.applied()).isEqualTo(1);
        }
    }

    private static long rows(KorrektServer server) throws SQLException {
        try (Connection c = server.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM history_event")) {
            r.next();
            return r.getLong(1);
        }
    }
}
