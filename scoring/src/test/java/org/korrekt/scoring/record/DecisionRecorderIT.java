package org.korrekt.scoring.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Application;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.queue.QueueSettings;

/**
 * The recorder against a real PostgreSQL: {@link DecisionRecorder#flush} returns only once every
 * decision submitted before it is stored, also while the writer lingers over a batch it has
 * already taken from the buffer (the buffer is then empty, yet nothing is written); a stop wakes a
 * lingering writer, which stores its batch before it ends; interrupts of the writer neither stop it
 * nor lose a decision, also when one closes the journal's channel mid-append.
 */
class DecisionRecorderIT {

    private static final long SEED = 20261124;
    private static Path work;
    private static Database database;
    private static DecisionStore store;

    @BeforeAll
    static void start() throws Exception {
        work = TestDirectories.fresh("recorder");
        database = Database.open(DatabaseConfig.embedded(work));
        store = new DecisionStore(database.dataSource(), QueueSettings.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void flushWaitsForABatchTheWriterIsGathering() throws Exception {
        DecisionRecord record = decisions("flush", 1).get(0);
        // a long linger, so that the writer surely still holds the batch when flush is called
        try (DecisionRecorder recorder = lingering(Duration.ofSeconds(5), "flush")) {
            submitAndLetTheWriterTakeIt(recorder, record);
            // the writer has taken it and waits for more: the buffer is empty, nothing is stored
            assertThat(recorder.written()).isZero();
            assertThat(recorder.pending()).isEqualTo(1);

            assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();

            assertThat(recorder.written()).isEqualTo(1);
            assertThat(recorder.pending()).isZero();
            assertThat(recorder.unwritten(record.decisionId())).isNull();
            assertThat(store.find(record.decisionId())).isNotNull();
        }
    }

    @Test
    void aStopDoesNotWaitOutTheLinger() throws Exception {
        List<DecisionRecord> records = decisions("stop", 3);
        DecisionRecorder recorder = lingering(Duration.ofSeconds(30), "stop");
        submitAndLetTheWriterTakeIt(recorder, records.get(0));
        // the writer lingers over the first; the others wait in the buffer
        recorder.submit(records.get(1));
        recorder.submit(records.get(2));
        long stopping = System.nanoTime();
        recorder.close();
        // woken from its 30 s linger, the writer stores what it holds and stops
        assertThat(System.nanoTime() - stopping)
                .isLessThan(Duration.ofSeconds(20).toNanos());
        assertThat(recorder.written()).isEqualTo(3);
        assertStored(records);
    }

    @Test
    void interruptsDoNotStopTheWriter() throws Exception {
        List<DecisionRecord> records = decisions("interrupt", 300);
        try (DecisionRecorder recorder = lingering(Duration.ofMillis(2), "interrupt")) {
            for (int i = 0; i < records.size(); i++) {
                recorder.submit(records.get(i));
                if (i % 10 == 0) {
                    recorder.writer().interrupt();
                }
                if (i % 50 == 0) {
                    // sometimes while the writer waits for a decision, sometimes while it writes
                    Thread.sleep(3);
                }
            }

            assertThat(recorder.flush(Duration.ofSeconds(60))).isTrue();

            assertThat(recorder.writing()).isTrue();
            assertThat(recorder.interrupts()).isPositive();
            assertThat(recorder.pending()).isZero();
            assertStored(records);
        }
    }

    @Test
    void aStopJournalsWhatAWriterThatDiedHadNotStored() throws Exception {
        List<DecisionRecord> records = decisions("died", 3);
        Path journal = work.resolve("journal-died");
        // a data source that fails with an error no writer survives (as an OutOfMemoryError would)
        DataSource dying = (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        throw new LinkageError("the writer cannot survive this");
                    }
                    return method.invoke(database.dataSource(), args);
                });
        DecisionRecorder recorder = new DecisionRecorder(
                new DecisionStore(dying, QueueSettings.defaults()), journal, DecisionRecorder.Settings.DEFAULT);
        recorder.submit(records.get(0));
        recorder.writer().join(Duration.ofSeconds(30).toMillis());
        assertThat(recorder.writing()).isFalse();
        // the buffer still accepts, though nothing stores what it holds
        recorder.submit(records.get(1));
        recorder.submit(records.get(2));
        assertThat(recorder.pending()).isEqualTo(3);

        recorder.close();

        // the next start replays the journal into the database
        try (DecisionRecorder next = new DecisionRecorder(store, journal, DecisionRecorder.Settings.DEFAULT)) {
            assertThat(next.flush(Duration.ofSeconds(30))).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (next.replayed() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(next.replayed()).isEqualTo(3);
        }
        assertStored(records);
    }

    @Test
    void aJournalAppendAnInterruptFailedIsAppendedAgainToANewSegment() throws Exception {
        List<DecisionRecord> records = decisions("journal", 3);
        DecisionJournal journal = DecisionJournal.forWriting(work.resolve("journal-interrupted"));
        journal.append(records.subList(0, 1));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> journal.append(records.subList(1, 3)))
                    .isInstanceOf(ClosedByInterruptException.class);
        } finally {
            Thread.interrupted();
        }

        journal.append(records.subList(1, 3));
        // the records hold pseudonyms and features: the owner's only, whatever the umask
        assertThat(java.nio.file.Files.getPosixFilePermissions(journal.directory()))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        for (Path segment : journal.closedSegments()) {
            assertThat(java.nio.file.Files.getPosixFilePermissions(segment))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }

        List<UUID> read = new ArrayList<>();
        for (Path segment : journal.closedSegments()) {
            journal.read(segment).forEach(r -> read.add(r.decisionId()));
        }
        assertThat(read)
                .containsExactly(
                        records.get(0).decisionId(),
                        records.get(1).decisionId(),
                        records.get(2).decisionId());
        journal.close();
    }

    @Test
    void aLineCutShortInASegmentIsSkippedAndTheCompleteOnesAreRead() throws Exception {
        List<DecisionRecord> records = decisions("cut", 2);
        DecisionJournal journal = new DecisionJournal(work.resolve("journal-cut"));
        journal.append(records);
        Path segment = journal.closedSegments().get(0);
        // what a write cut short leaves: the second line without its end
        byte[] bytes = Files.readAllBytes(segment);
        Files.write(segment, Arrays.copyOf(bytes, bytes.length - 40));

        assertThat(journal.read(segment))
                .extracting(DecisionRecord::decisionId)
                .containsExactly(records.get(0).decisionId());
        journal.close();
    }

    @Test
    void aRequestsDecisionsAreFoundWhileWaitingThenInTheDatabaseAndComeBackFromTheJournalWhole() throws Exception {
        List<DecisionRecord> keyed = new ArrayList<>();
        List<DecisionRecord> plain = decisions("request", 4);
        for (int i = 0; i < plain.size(); i++) {
            DecisionRecord r = plain.get(i);
            // items 0 to 2 of request "k-found", item 3 of another request
            keyed.add(withRequest(r, new DecisionRecord.Request(i < 3 ? "k-found" : "k-other", i), i == 1));
        }
        try (DecisionRecorder recorder = lingering(Duration.ofSeconds(5), "request")) {
            submitAndLetTheWriterTakeIt(recorder, keyed.get(0));
            recorder.submit(keyed.get(1));
            recorder.submit(keyed.get(2));
            recorder.submit(keyed.get(3));
            // the writer lingers: the request's decisions wait, and only its own are found
            assertThat(recorder.unwrittenOfRequest("k-found"))
                    .extracting(DecisionRecord::decisionId)
                    .containsExactlyInAnyOrder(
                            keyed.get(0).decisionId(),
                            keyed.get(1).decisionId(),
                            keyed.get(2).decisionId());
            assertThat(store.findRequest("k-found", Duration.ofSeconds(5))).isEmpty();

            assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(recorder.unwrittenOfRequest("k-found")).isEmpty();
            List<DecisionRecord> stored = store.findRequest("k-found", Duration.ofSeconds(5));
            assertThat(stored).extracting(r -> r.request().item()).containsExactly(0, 1, 2);
            for (int i = 0; i < 3; i++) {
                assertSameAnswer(stored.get(i), keyed.get(i));
            }
        }
        // the journal's round trip keeps them too
        for (DecisionRecord r : keyed) {
            assertSameAnswer(DecisionRecordJson.fromJson(DecisionRecordJson.toJson(r)), r);
        }
        assertThat(DecisionRecordJson.fromJson(DecisionRecordJson.toJson(plain.get(0)))
                        .request())
                .isNull();
    }

    @Test
    void anItemOfAKeyedRequestIsRecordedOnceWhicheverDecisionOfItComesFirst() throws Exception {
        // two instances' decisions of the same three items, as after one lost its lock on the request
        List<DecisionRecord> mine = decisions("superA", 3, 0.5);
        List<DecisionRecord> theirs = decisions("superB", 3, 0.5);
        List<DecisionRecord> first = new ArrayList<>();
        List<DecisionRecord> second = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            DecisionRecord.Request item = new DecisionRecord.Request("superseding-key", i);
            first.add(withRequest(mine.get(i), item, false));
            second.add(withRequest(theirs.get(i), item, false));
        }

        assertThat(store.write(first.subList(0, 2))).isEmpty();
        // items 0 and 1 are taken; item 2 is free, but the batch holds it twice: the first one counts
        List<DecisionRecord> batch = new ArrayList<>(second);
        batch.add(first.get(2));
        assertThat(store.write(batch))
                .containsExactly(
                        second.get(0).decisionId(),
                        second.get(1).decisionId(),
                        first.get(2).decisionId());
        // a journal replaying the first decisions again skips them as stored, not as superseded
        assertThat(store.write(first.subList(0, 2))).isEmpty();

        assertThat(store.findRequest("superseding-key", Duration.ofSeconds(5)))
                .extracting(DecisionRecord::decisionId)
                .containsExactly(
                        first.get(0).decisionId(),
                        first.get(1).decisionId(),
                        second.get(2).decisionId());
        try (java.sql.Connection c = database.dataSource().getConnection();
                java.sql.PreparedStatement q = c.prepareStatement("SELECT count(*) FROM case_signal s JOIN decision d"
                        + " USING (decision_id) WHERE d.request_key = 'superseding-key'");
                java.sql.ResultSet rs = q.executeQuery()) {
            rs.next();
            long opening = java.util.stream.Stream.of(first.get(0), first.get(1), second.get(2))
                    .filter(DecisionRecord::opensCase)
                    .count();
            assertThat(rs.getLong(1))
                    .as("only the recorded decisions signal a case")
                    .isEqualTo(opening);
        }
    }

    /** {@code r} as made for {@code request}, with its amount limit flag set to {@code below}. */
    private static DecisionRecord withRequest(DecisionRecord r, DecisionRecord.Request request, boolean below) {
        return new DecisionRecord(
                r.decisionId(),
                r.decidedAt(),
                r.applicationId(),
                r.personPseudonym(),
                r.benefit(),
                r.unit(),
                r.profile(),
                r.modelVersion(),
                r.schemaFingerprint(),
                r.rules(),
                r.inputDigest(),
                r.features(),
                r.amountSek(),
                r.score(),
                r.expectedIncorrectSek(),
                r.band(),
                r.action(),
                r.randomControl(),
                r.thresholds(),
                r.policy(),
                r.questions(),
                r.reasons(),
                r.shadow(),
                r.claim(),
                below,
                request);
    }

    /** What an answer is made of, and the request, are the same in {@code actual} as in {@code expected}. */
    private static void assertSameAnswer(DecisionRecord actual, DecisionRecord expected) {
        assertThat(actual.decisionId()).isEqualTo(expected.decisionId());
        assertThat(actual.decidedAt()).isEqualTo(expected.decidedAt());
        assertThat(actual.applicationId()).isEqualTo(expected.applicationId());
        assertThat(actual.score()).isEqualTo(expected.score());
        // the answer shows the expected incorrect SEK in öre, as the database keeps it
        assertThat(Math.round(actual.expectedIncorrectSek() * 100))
                .isEqualTo(Math.round(expected.expectedIncorrectSek() * 100));
        assertThat(actual.band()).isEqualTo(expected.band());
        assertThat(actual.action()).isEqualTo(expected.action());
        assertThat(actual.randomControl()).isEqualTo(expected.randomControl());
        assertThat(actual.reasons()).isEqualTo(expected.reasons());
        assertThat(actual.questions()).isEqualTo(expected.questions());
        assertThat(actual.belowAmountLimit()).isEqualTo(expected.belowAmountLimit());
        assertThat(actual.profile()).isEqualTo(expected.profile());
        assertThat(actual.modelVersion()).isEqualTo(expected.modelVersion());
        assertThat(actual.inputDigest()).isEqualTo(expected.inputDigest());
        assertThat(actual.request()).isEqualTo(expected.request());
    }

    @Test
    void aDecisionWrittenTwiceIsStoredOnceAndSignalsItsCaseOnce() throws Exception {
        // 250, so that writes span DecisionStore's full multi-row statements and a remainder
        List<DecisionRecord> records = decisions("twice", 250, 0.5);
        long opening = records.stream().filter(DecisionRecord::opensCase).count();
        assertThat(opening).isBetween(60L, 190L);
        List<DecisionRecord> first = new ArrayList<>(records.subList(0, 150));
        // records twice in a batch, as from two segments of a journal: one that opens a case, one not
        first.add(records.subList(0, 150).stream()
                .filter(DecisionRecord::opensCase)
                .findFirst()
                .orElseThrow());
        first.add(records.subList(0, 150).stream()
                .filter(r -> !r.opensCase())
                .findFirst()
                .orElseThrow());
        store.write(first);
        store.write(records); // the journal replayed again: 150 stored before, 100 new

        for (DecisionRecord r : records) {
            DecisionRecord stored = store.find(r.decisionId());
            // as written, with the amounts in öre
            assertThat(stored)
                    .as(r.applicationId())
                    .usingRecursiveComparison()
                    .ignoringFields("expectedIncorrectSek")
                    .isEqualTo(r);
            assertThat(stored.expectedIncorrectSek())
                    .isCloseTo(r.expectedIncorrectSek(), org.assertj.core.data.Offset.offset(0.005));
        }
        try (java.sql.Connection c = database.dataSource().getConnection();
                java.sql.PreparedStatement q = c.prepareStatement("SELECT count(*), count(DISTINCT d.decision_id),"
                        + " (SELECT count(*) FROM case_signal s JOIN decision x USING (decision_id)"
                        + "  WHERE x.application_id LIKE 'twice-%'),"
                        + " (SELECT count(DISTINCT s.decision_id) FROM case_signal s JOIN decision x USING (decision_id)"
                        + "  WHERE x.application_id LIKE 'twice-%')"
                        + " FROM decision d WHERE d.application_id LIKE 'twice-%'");
                java.sql.ResultSet rs = q.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).as("decisions").isEqualTo(250);
            assertThat(rs.getLong(2)).isEqualTo(250);
            assertThat(rs.getLong(3)).as("case signals").isEqualTo(opening);
            assertThat(rs.getLong(4)).isEqualTo(opening);
        }
    }

    /** Every one of {@code records} is in the database. */
    private static void assertStored(List<DecisionRecord> records) throws Exception {
        for (DecisionRecord r : records) {
            assertThat(store.find(r.decisionId())).as(r.applicationId()).isNotNull();
        }
    }

    /** A recorder whose writer waits {@code linger} after a batch's first decision, with a journal of its own. */
    private static DecisionRecorder lingering(Duration linger, String journal) throws IOException {
        DecisionRecorder.Settings settings =
                new DecisionRecorder.Settings(1_024, 500, Duration.ofSeconds(2), Duration.ofSeconds(2), linger);
        return new DecisionRecorder(store, work.resolve("journal-" + journal), settings);
    }

    /** Submits {@code record} and returns once the writer has taken it from the buffer. */
    private static void submitAndLetTheWriterTakeIt(DecisionRecorder recorder, DecisionRecord record) throws Exception {
        recorder.submit(record);
        while (recorder.buffered() > 0) {
            Thread.sleep(1);
        }
    }

    private static List<DecisionRecord> decisions(String prefix, int n) {
        return decisions(prefix, n, 0);
    }

    /** {@code n} decisions, of which the random control sample draws about {@code randomControlShare}. */
    private static List<DecisionRecord> decisions(String prefix, int n, double randomControlShare) {
        SplittableRandom random = new SplittableRandom(SEED);
        ScoringService scoring = new ScoringService(
                ApplicationFeatures.v1(),
                new ModelBundle(
                        "test", "v1", Path.of("."), TestModels.lateClaimModel(), TestModels.policy(randomControlShare)),
                random::nextDouble,
                Clock.systemUTC());
        LocalDate end = LocalDate.of(2025, 2, 7);
        List<DecisionRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Application a = new Application(
                    prefix + "-" + i,
                    String.format(Locale.ROOT, "p-%032d", i),
                    Benefit.TFP,
                    Channel.E_SERVICE,
                    end.plusDays(3),
                    end.minusDays(4),
                    end,
                    5,
                    4_000,
                    30_000);
            records.add(DecisionRecord.of(scoring.score(a), "tfp", "00", ApplicationFeatures.SCHEMA_V1.fingerprint()));
        }
        return records;
    }
}
