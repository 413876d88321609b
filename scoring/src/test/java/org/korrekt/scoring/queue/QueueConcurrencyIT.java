package org.korrekt.scoring.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Application;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.record.DecisionRecord;
import org.korrekt.scoring.security.Principal;
import org.korrekt.scoring.security.Role;

/**
 * The work queue against a real PostgreSQL: 16 investigators claiming one queue of 10,000 cases at
 * once (none claimed twice, none lost, one audit row per claim), the daily release by capacity with
 * random-control cases spread among the model's, the audit trail refusing changes, and the top 50 of
 * a unit with a million open cases (the query plans must read the index in order, without sorting;
 * the latencies are printed, not asserted: speed is for benchmarks).
 */
class QueueConcurrencyIT {

    private static final long SEED = 20261122;
    private static Database database;
    private static DecisionStore decisions;
    private static CaseStore cases;

    @BeforeAll
    static void start() throws Exception {
        Path work = TestDirectories.fresh("queue-concurrency");
        database = Database.open(DatabaseConfig.embedded(work));
        decisions = new DecisionStore(database.dataSource(), QueueSettings.defaults());
        cases = new CaseStore(database.dataSource(), QueueSettings.defaults(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    /** Scores {@code n} applications of distinct persons (all flagged) and records them in batches of 500. */
    private static List<DecisionRecord> fill(String benefitUnit, int n, double randomShare, String prefix)
            throws SQLException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(SEED);
        ScoringService scoring = new ScoringService(
                ApplicationFeatures.v1(),
                new ModelBundle(
                        "test", "v1", Path.of("."), TestModels.lateClaimModel(), TestModels.policy(randomShare)),
                random::nextDouble,
                Clock.systemUTC());
        List<DecisionRecord> batch = new ArrayList<>();
        List<DecisionRecord> all = new ArrayList<>();
        LocalDate end = LocalDate.of(2025, 2, 7);
        for (int i = 0; i < n; i++) {
            String person = String.format(Locale.ROOT, "p-%s%031d", prefix, i);
            int lag = 60 + random.nextInt(300);
            Application a = new Application(
                    prefix + "-" + i,
                    person,
                    Benefit.TFP,
                    Channel.PAPER,
                    end.plusDays(lag),
                    end.minusDays(4),
                    end,
                    5,
                    2_000 + random.nextInt(30_000),
                    30_000);
            Decision d = scoring.score(a);
            assertThat(d.opensCase()).isTrue();
            DecisionRecord r = DecisionRecord.of(d, benefitUnit, "00", ApplicationFeatures.SCHEMA_V1.fingerprint());
            batch.add(r);
            all.add(r);
            if (batch.size() == 500) {
                decisions.write(batch);
                batch.clear();
            }
        }
        decisions.write(batch);
        return all;
    }

    private static Principal lead(String unit) {
        return new Principal(
                "lead-" + unit, Set.of(Role.LEAD), Set.of(unit), Instant.now().plusSeconds(3600));
    }

    @Test
    void aCaseHoldsAtMostItsNotesEvenWhenFourInvestigatorsWriteAtOnce() throws Exception {
        String unit = "n4";
        fill(unit, 1, 0, "n");
        cases.setCapacity(unit, 1, lead(unit));
        cases.ensureReleased(unit, cases.today());
        long caseId = cases.claimNext(unit, "anna").caseId();
        int writers = 4;
        int each = CaseStore.MAX_NOTES / writers + 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<int[]>> done = new ArrayList<>();
        for (int k = 0; k < writers; k++) {
            Principal who = new Principal(
                    "investigator-" + k,
                    Set.of(Role.INVESTIGATOR),
                    Set.of(unit),
                    Instant.now().plusSeconds(3600));
            done.add(pool.submit(() -> {
                go.await();
                int[] addedRefused = new int[2];
                for (int i = 0; i < each; i++) {
                    try {
                        cases.addNote(caseId, "note " + i, who);
                        addedRefused[0]++;
                    } catch (org.korrekt.scoring.api.RequestException e) {
                        assertThat(e.code()).isEqualTo(org.korrekt.scoring.api.ErrorCode.CONFLICT);
                        addedRefused[1]++;
                    }
                }
                return addedRefused;
            }));
        }
        go.countDown();
        int added = 0;
        int refused = 0;
        for (Future<int[]> f : done) {
            int[] counts = f.get(120, TimeUnit.SECONDS);
            added += counts[0];
            refused += counts[1];
        }
        pool.shutdown();
        assertThat(added).isEqualTo(CaseStore.MAX_NOTES);
        assertThat(refused).isEqualTo(writers * each - CaseStore.MAX_NOTES);
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM case_note WHERE case_id = ?")) {
            q.setLong(1, caseId);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(CaseStore.MAX_NOTES);
            }
        }
    }

    @Test
    void sixteenInvestigatorsClaimTenThousandCasesNoneTwiceNoneLost() throws Exception {
        String unit = "c16";
        // route the unit's cases by recording them under it; every person is distinct, so 10,000 cases
        fill(unit, 10_000, 0, "a");
        cases.setCapacity(unit, 10_000, lead(unit));
        assertThat(cases.ensureReleased(unit, cases.today())).isEqualTo(10_000);

        int investigators = 16;
        ExecutorService pool = Executors.newFixedThreadPool(investigators);
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        long started = System.nanoTime();
        for (int k = 0; k < investigators; k++) {
            String who = "investigator-" + k;
            done.add(pool.submit(() -> {
                go.await();
                int mine = 0;
                QueueCase c;
                while ((c = cases.claimNext(unit, who)) != null) {
                    assertThat(c.assignee()).isEqualTo(who);
                    assertThat(c.status()).isEqualTo("CLAIMED");
                    claimed.add(c.caseId());
                    mine++;
                }
                return mine;
            }));
        }
        go.countDown();
        int[] perInvestigator = new int[investigators];
        for (int k = 0; k < investigators; k++) {
            perInvestigator[k] = done.get(k).get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "QueueConcurrencyIT: 16 investigators claimed %d cases in %.1f s (%.0f claims/s); per investigator %s%n",
                claimed.size(),
                seconds,
                claimed.size() / seconds,
                Arrays.toString(perInvestigator));

        Set<Long> unique = new HashSet<>(claimed);
        assertThat(claimed).hasSize(10_000);
        assertThat(unique).as("no case claimed twice").hasSize(10_000);
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM queue_case WHERE unit = 'c16' AND status = 'CLAIMED'"))
                    .as("none lost: every case of the unit is claimed")
                    .isEqualTo(10_000);
            assertThat(count(s, "SELECT count(*) FROM queue_case WHERE unit = 'c16' AND status = 'OPEN'"))
                    .isZero();
            assertThat(count(s, "SELECT count(DISTINCT assignee) FROM queue_case WHERE unit = 'c16'"))
                    .isEqualTo(16);
            assertThat(count(
                            s,
                            "SELECT count(*) FROM case_audit a JOIN queue_case q ON q.case_id = a.case_id"
                                    + " WHERE q.unit = 'c16' AND a.action = 'CLAIMED'"))
                    .as("one audit row per claim, by the claimer")
                    .isEqualTo(10_000);
            assertThat(count(
                            s,
                            "SELECT count(*) FROM case_audit a JOIN queue_case q ON q.case_id = a.case_id"
                                    + " WHERE q.unit = 'c16' AND a.action = 'CLAIMED' AND a.actor <> q.assignee"))
                    .isZero();
        }
        assertThat(Arrays.stream(perInvestigator).min().orElseThrow())
                .as("every investigator got work")
                .isPositive();
    }

    @Test
    void theDailyReleaseFollowsCapacityAndSpreadsTheRandomControlCases() throws Exception {
        String unit = "rel";
        List<DecisionRecord> filled = fill(unit, 300, 0.25, "b");
        long random = filled.stream().filter(DecisionRecord::randomControl).count();
        assertThat(random).as("seeded draw").isBetween(40L, 110L);
        cases.setCapacity(unit, 40, lead(unit));
        // a day in the past: claimNext below also releases for the real today, which must not be the day after
        // it (a fixed day of today's date failed between midnight in the queue's zone and midnight UTC)
        LocalDate day = LocalDate.of(2026, 11, 2);
        assertThat(cases.ensureReleased(unit, day)).isEqualTo(40);
        assertThat(cases.ensureReleased(unit, day)).as("once a day").isZero();

        List<QueueCase> open = cases.openCases(unit, 60);
        List<QueueCase> released =
                open.stream().filter(c -> day.equals(c.releasedOn())).toList();
        assertThat(released).hasSize(40);
        List<Integer> randomAt = new ArrayList<>();
        for (int i = 0; i < released.size(); i++) {
            if (released.get(i).randomControl()) {
                randomAt.add(i);
            }
        }
        assertThat(randomAt).as("at most half are random control").hasSize(20);
        assertThat(randomAt.get(0)).as("spread, not bunched at the end").isLessThan(3);
        // the model-selected ones are the backlog's best
        double worstReleased = released.stream()
                .filter(c -> !c.randomControl())
                .mapToDouble(QueueCase::priority)
                .min()
                .orElseThrow();
        double bestLeft = open.stream()
                .filter(c -> c.releasedOn() == null && !c.randomControl())
                .mapToDouble(QueueCase::priority)
                .max()
                .orElseThrow();
        assertThat(worstReleased).isGreaterThanOrEqualTo(bestLeft);

        // the next day releases only what capacity leaves after yesterday's unclaimed cases
        QueueCase first = cases.claimNext(unit, "anna");
        assertThat(first.caseId()).isEqualTo(released.get(0).caseId());
        cases.recordOutcome(
                first.caseId(),
                new Outcome(true, 1000, 0, "CLAIMANT", false, List.of("RECOVERY_CLAIM"), false),
                new Principal(
                        "anna",
                        Set.of(Role.INVESTIGATOR),
                        Set.of(unit),
                        Instant.now().plusSeconds(60)));
        assertThat(cases.ensureReleased(unit, day.plusDays(1))).isEqualTo(1);
    }

    @Test
    void casesScoredAfterTheDaysReleaseAreReleasedWhileCapacityLastsAndAReleasedCaseComesBackLast() throws Exception {
        String unit = "top";
        fill(unit, 3, 0, "e");
        cases.setCapacity(unit, 5, lead(unit));
        Principal anna = new Principal(
                "anna", Set.of(Role.INVESTIGATOR), Set.of(unit), Instant.now().plusSeconds(600));

        // the day's release (at the first claim) puts out the three cases there are
        QueueCase first = cases.claimNext(unit, "anna");
        QueueCase second = cases.claimNext(unit, "anna");
        // anna hands the second back: her next claim gives her the third, not the second again
        cases.release(second.caseId(), anna);
        QueueCase third = cases.claimNext(unit, "anna");
        assertThat(third.caseId()).isNotIn(first.caseId(), second.caseId());
        // someone else gets it
        assertThat(cases.claimNext(unit, "bertil").caseId()).isEqualTo(second.caseId());
        assertThat(cases.claimNext(unit, "anna"))
                .as("nothing released, nothing in the backlog")
                .isNull();

        // four cases come in after the release: the day's capacity of 5 leaves room for two of them
        fill(unit, 4, 0, "f");
        List<QueueCase> backlog = cases.openCases(unit, 10);
        assertThat(backlog).hasSize(4).allMatch(c -> c.releasedOn() == null);
        QueueCase fourth = cases.claimNext(unit, "anna");
        QueueCase fifth = cases.claimNext(unit, "anna");
        assertThat(List.of(fourth.caseId(), fifth.caseId()))
                .as("the backlog's best, in order")
                .containsExactly(backlog.get(0).caseId(), backlog.get(1).caseId());
        assertThat(fourth.releasedOn()).isEqualTo(cases.today());
        assertThat(cases.claimNext(unit, "anna"))
                .as("the day's capacity is used up")
                .isNull();
        assertThat(cases.openCases(unit, 10)).hasSize(2).allMatch(c -> c.releasedOn() == null);

        // a capacity the lead raises applies at the next claim that finds nothing released
        cases.setCapacity(unit, 6, lead(unit));
        assertThat(cases.claimNext(unit, "anna").caseId())
                .isEqualTo(backlog.get(2).caseId());
        assertThat(cases.claimNext(unit, "anna")).isNull();
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT capacity, released FROM unit_release WHERE unit = ? AND released_on = ?")) {
            query.setString(1, unit);
            query.setObject(2, cases.today());
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(6);
                assertThat(rows.getInt(2)).isEqualTo(6);
            }
        }
    }

    @Test
    void theAuditTrailCannotBeChanged() throws Exception {
        fill("aud", 3, 0, "c");
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            assertThat(count(
                            s,
                            "SELECT count(*) FROM case_audit a JOIN queue_case q ON q.case_id = a.case_id"
                                    + " WHERE q.unit = 'aud' AND a.action = 'OPENED' AND a.actor = 'korrekt-scoring'"))
                    .isEqualTo(3);
            assertThatThrownBy(() -> s.executeUpdate("UPDATE case_audit SET actor = 'someone else'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit trail cannot be changed");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM case_audit"))
                    .hasMessageContaining("audit trail cannot be changed");
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE case_audit"))
                    .hasMessageContaining("audit trail cannot be changed");
            // a change made by hand in the database names what it changed, from and to, even one that
            // touches a column the service's changes touch (it was written as that change)
            s.executeUpdate("UPDATE queue_case SET score = 0.01, signals = signals + 1 WHERE unit = 'aud'");
            try (ResultSet r = s.executeQuery("SELECT a.actor, a.detail->'score'->>'to', a.detail->'signals'->>'to'"
                    + " FROM case_audit a"
                    + " JOIN queue_case q ON q.case_id = a.case_id WHERE q.unit = 'aud' AND a.action = 'UPDATED'")) {
                int rows = 0;
                while (r.next()) {
                    rows++;
                    assertThat(r.getString(1)).startsWith("db:");
                    assertThat(Double.parseDouble(r.getString(2))).isEqualTo(0.01);
                    assertThat(r.getString(3)).isNotNull();
                }
                assertThat(rows).isEqualTo(3);
            }
            // a case and its signals cannot be deleted, nor a signal changed
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM case_signal WHERE case_id IN"
                            + " (SELECT case_id FROM queue_case WHERE unit = 'aud')"))
                    .hasMessageContaining("audit trail cannot be changed (DELETE refused)");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE case_signal SET attached_at = now()"))
                    .hasMessageContaining("audit trail cannot be changed (UPDATE refused)");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM queue_case WHERE unit = 'aud'"))
                    .hasMessageContaining("audit trail cannot be changed (DELETE refused)");
            assertThat(count(s, "SELECT count(*) FROM queue_case WHERE unit = 'aud'"))
                    .isEqualTo(3);
            // notes and outcomes too (nothing references them, so a TRUNCATE needs no CASCADE)
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE case_note"))
                    .hasMessageContaining("audit trail cannot be changed (TRUNCATE refused)");
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE case_outcome"))
                    .hasMessageContaining("audit trail cannot be changed (TRUNCATE refused)");
        }
    }

    @Test
    void aRecordedDecisionCannotBeChangedNorDeleted() throws Exception {
        DecisionRecord kept = fill("dec", 1, 0, "k").get(0);
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            String where = " WHERE decision_id = '" + kept.decisionId() + "'";
            assertThatThrownBy(() -> s.executeUpdate("UPDATE decision SET score = 0" + where))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("a decision record cannot be changed (UPDATE refused)");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM decision" + where))
                    .hasMessageContaining("a decision record cannot be changed (DELETE refused)");
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE decision CASCADE"))
                    .hasMessageContaining("a decision record cannot be changed (TRUNCATE refused)");
            assertThat(count(s, "SELECT count(*) FROM decision" + where)).isEqualTo(1);
        }
        // inserting the same decision again (a replayed journal) is still accepted and changes nothing
        DecisionRecord stored = decisions.find(kept.decisionId());
        decisions.write(List.of(kept));
        assertThat(decisions.find(kept.decisionId())).usingRecursiveComparison().isEqualTo(stored);
    }

    @Test
    void theTopFiftyOfAMillionOpenCasesIsReadFromTheIndex() throws Exception {
        String unit = "big";
        DecisionRecord one = fill(unit, 1, 0, "d").get(0);
        long loadStart = System.nanoTime();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement load = c.prepareStatement("""
                        INSERT INTO queue_case (unit, person_pseudonym, benefit, decision_id, first_decision_id, score,
                            amount_sek, future_sek, expected_incorrect_sek, expected_value_sek, priority, random_control,
                            reason_codes, created_at, updated_at)
                        SELECT 'big', 'p-big' || g, 'tfp', ?, ?, s, a, 0, s * a, s * a,
                            korrekt_priority((s * a)::numeric, false, t, 0.03, 1.1), g % 50 = 0, '{}', t, t
                        FROM (SELECT g, (hashint4(g) & 65535) / 65536.0 AS s,
                                2000 + (hashint4(g + 7) & 32767) AS a,
                                now() - make_interval(secs => (hashint4(g + 13) & 2097151)) AS t
                              FROM generate_series(1, 1000000) g) x
                        """)) {
            load.setObject(1, one.decisionId());
            load.setObject(2, one.decisionId());
            load.executeUpdate();
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE queue_case");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "QueueConcurrencyIT: loaded 1,000,000 open cases in %.1f s%n",
                (System.nanoTime() - loadStart) / 1e9);
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM queue_case WHERE unit = 'big' AND status = 'OPEN'"))
                    .isEqualTo(1_000_001);
            for (String where : List.of(
                    "released_on IS NULL ORDER BY c.priority DESC, c.case_id",
                    "released_on IS NOT NULL ORDER BY c.released_on, c.release_rank, c.case_id")) {
                String plan = plan(
                        s,
                        "EXPLAIN SELECT c.case_id FROM queue_case c JOIN decision d ON d.decision_id = c.decision_id"
                                + " WHERE c.unit = 'big' AND c.status = 'OPEN' AND c." + where + " LIMIT 50");
                assertThat(plan).as(plan).containsPattern("Index (Only )?Scan").doesNotContain("Sort");
            }
        }
        cases.openCases(unit, 50); // releases today's 50
        long[] nanos = new long[2_000];
        for (int warm = 0; warm < 200; warm++) {
            cases.openCases(unit, 50);
        }
        for (int i = 0; i < nanos.length; i++) {
            long t = System.nanoTime();
            List<QueueCase> top = cases.openCases(unit, 50);
            nanos[i] = System.nanoTime() - t;
            if (i == 0) {
                assertThat(top).hasSize(50);
            }
        }
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "QueueConcurrencyIT: top 50 of 1,000,001 open cases (GET /v1/queues/{unit}'s query, JDBC, 2,000 calls):"
                        + " p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                nanos[nanos.length / 2] / 1e6,
                nanos[nanos.length * 99 / 100] / 1e6,
                nanos[nanos.length - 1] / 1e6);
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String plan(Statement s, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
