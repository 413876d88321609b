package org.korrekt.paymentrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.korrekt.features.identity.Pseudonymizer;
import org.korrekt.paymentrun.PaymentRunFixtures;
import org.korrekt.paymentrun.PaymentRunFixtures.InputRow;
import org.korrekt.paymentrun.ServedProfile;
import org.korrekt.paymentrun.io.ScoredFiles;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.Reason;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.api.HistoryEventDecoder;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.feed.HistoryFeed;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.queue.QueueSettings;
import org.korrekt.scoring.server.Secrets;

/**
 * {@code korrekt score --service-records} on a real embedded PostgreSQL: the run's person history
 * holds what the service recorded after the log (applications it scored, its history feed's
 * events and withdrawals), so every row is decided as a service started on the same log and database decides it;
 * without the option the run sees the log only.
 */
class ServiceRecordsIT {

    private static final long ROWS_SEED = 20261124L;
    private static final double SHARE = 0.05;

    @Test
    void theHistoryIsSizedForThePeopleTheServiceDecidedOnAndEvictsNoOneBeforeTheRun() throws Exception {
        Path work = ItWork.fresh("service-records-size-");
        Path models = work.resolve("models");
        Secrets.pseudonymKey(Map.of(), work);
        PaymentRunFixtures.writeBundle(models);
        List<InputRow> rows = PaymentRunFixtures.rows(ROWS_SEED, 1_300);
        Path log = work.resolve("history.krkh");
        PaymentRunFixtures.writeHistory(log, rows.subList(0, 1));
        ServedProfile service = ServedProfile.load(models, PaymentRunFixtures.PROFILE, log, SHARE);
        int logCapacity = service.checks().historyStats().personCapacity();
        // the service decided on more first-time applicants than a history sized from the log holds
        int people = logCapacity + 100;
        try (Database database = Database.open(DatabaseConfig.embedded(work))) {
            DecisionStore decisions = new DecisionStore(database.dataSource(), QueueSettings.defaults());
            ScoringService scoring = service.service(new SplittableRandom(1)::nextDouble, Clock.systemUTC());
            for (int i = 0; i < people; i++) {
                InputRow row = rows.get(i % rows.size());
                String person = String.format(java.util.Locale.ROOT, "p-%032x", 0x5000 + i);
                Decision d = scoring.score(PaymentRunFixtures.application(row, person), row.child());
                decisions.record(d, "tfp", "0".repeat(64), scoring.schema().fingerprint());
            }
            ServedProfile withRecords = ServedProfile.load(
                    models, PaymentRunFixtures.PROFILE, log, SHARE, null, database.dataSource(), null);
            var stats = withRecords.checks().historyStats();
            assertThat(stats.evictions()).isZero();
            assertThat(stats.persons()).isGreaterThanOrEqualTo(people);
            assertThat(stats.personCapacity()).isGreaterThan(stats.persons());
        }
    }

    @Test
    void aRunWithTheServicesRecordsDecidesAsTheServiceWouldAndWithoutThemAsTheLogAlone() throws Exception {
        Path work = ItWork.fresh("service-records-");
        Path models = work.resolve("models");
        Secrets.pseudonymKey(Map.of(), work); // the service's key, as its first start makes it
        PaymentRunFixtures.writeBundle(models);
        List<InputRow> rows = PaymentRunFixtures.rows(ROWS_SEED, 300);
        List<InputRow> run = rows.subList(100, 300);
        // the service scored 100 applications: another parent's claim for the child and days of some rows of the run
        List<InputRow> scoredByTheService = new ArrayList<>(rows.subList(0, 100));
        for (int i = 0, k = 0; i < run.size() && k < 20; i++) {
            InputRow r = run.get(i);
            if (r.child() != null) {
                scoredByTheService.set(k++ * 5, otherParent(r, k));
            }
        }
        Path log = work.resolve("history.krkh");
        PaymentRunFixtures.writeHistory(log, rows.subList(0, 1)); // income and payments of every person
        Path in = work.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, run, false);

        // the service: it scored the first rows and recorded them, then its feed recorded attendance and payments
        ServedProfile service = ServedProfile.load(models, PaymentRunFixtures.PROFILE, log, SHARE);
        int fed;
        try (Database database = Database.open(DatabaseConfig.embedded(work))) {
            DecisionStore decisions = new DecisionStore(database.dataSource(), QueueSettings.defaults());
            ScoringService scoring = service.service(new SplittableRandom(1)::nextDouble, Clock.systemUTC());
            for (InputRow row : scoredByTheService) {
                Decision d = scoring.score(PaymentRunFixtures.application(row, row.person()), row.child());
                decisions.record(d, "tfp", "0".repeat(64), scoring.schema().fingerprint());
            }
            HistoryFeed feed =
                    new HistoryFeed(database.dataSource(), service.checks(), decoder(), java.time.Instant.EPOCH);
            feed.catchUp();
            byte[] events = feedEvents(run).getBytes(StandardCharsets.UTF_8);
            HistoryFeed.Appended appended = feed.append(decoder().decodeRequest(events, 1_000), "register-feed");
            fed = appended.recorded();
            assertThat(fed).isGreaterThan(50);
            // then took some of them back: attendance reported in error, payments stopped
            byte[] taken = withdrawals(run).getBytes(StandardCharsets.UTF_8);
            HistoryFeed.Appended withdrawn = feed.append(decoder().decodeRequest(taken, 1_000), "register-feed");
            assertThat(withdrawn.refused()).isEmpty();
            assertThat(withdrawn.recorded()).isGreaterThan(10);
            fed += withdrawn.recorded();
        }
        // what a service starting on the log and that database decides: the service above, which holds the same
        List<Decision> expected = decide(service, run, work);
        List<Decision> logOnly = decide(ServedProfile.load(models, PaymentRunFixtures.PROFILE, log, SHARE), run, work);

        Path withRecords = work.resolve("with-records.csv");
        ScoreCommandTest.Run scored = score(models, work, in, withRecords, log, "--service-records");
        assertThat(scored.status()).as(scored.err()).isZero();
        assertThat(scored.out())
                .contains("and the service's records after it: 100 scored applications (0 it held already), " + fed
                        + " history feed events (0 received before the log's as-of time, taken to be in it; 0"
                        + " unreadable)");
        assertThat(scored.err()).contains("reading the service's records from the embedded database in " + work);
        Path without = work.resolve("log-only.csv");
        ScoreCommandTest.Run plain = score(models, work, in, without, log);
        assertThat(plain.status()).as(plain.err()).isZero();
        assertThat(plain.out()).doesNotContain("the service's records");

        assertDecided(ScoredFiles.read(withRecords), expected);
        assertDecided(ScoredFiles.read(without), logOnly);
        // the records matter: some rows are decided otherwise with them
        assertThat(differing(expected, logOnly)).isGreaterThan(5);

        // while the service runs on its embedded database, a run cannot open it, and says why
        try (Database running = Database.open(DatabaseConfig.embedded(work))) {
            ScoreCommandTest.Run refused =
                    score(models, work, in, work.resolve("refused.csv"), log, "--service-records");
            assertThat(refused.status()).isEqualTo(ScoreCommand.BAD_INPUT);
            assertThat(refused.err())
                    .contains("cannot open the service's database for --service-records: another korrekt process is"
                            + " using the embedded database");
            assertThat(work.resolve("refused.csv")).doesNotExist();
            assertThat(running.description())
                    .as("the service's database is still up")
                    .contains("embedded");
        }

        ItWork.deleteTree(work); // kept after a failure
    }

    @Test
    void aWorkingFolderWithoutTheServicesDatabaseIsRefusedAndNoneIsMade() throws Exception {
        Path work = ItWork.fresh("service-records-none-");
        Path models = work.resolve("models");
        PaymentRunFixtures.writeBundle(models);
        List<InputRow> rows = PaymentRunFixtures.rows(ROWS_SEED, 5);
        Path log = work.resolve("history.krkh");
        PaymentRunFixtures.writeHistory(log, rows);
        Path in = work.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);

        ScoreCommandTest.Run run = score(models, work, in, work.resolve("out.csv"), log, "--service-records");

        assertThat(run.status()).isEqualTo(ScoreCommand.BAD_INPUT);
        assertThat(run.err()).contains("there is no database in " + work.resolve("postgres"));
        assertThat(work.resolve("postgres")).doesNotExist();
        ItWork.deleteTree(work);
    }

    @Test
    void serviceRecordsWithoutAHistoryLogAreRefused() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "it-work", "service-records-refused"));
        PaymentRunFixtures.writeCsv(work.resolve("run.csv"), PaymentRunFixtures.rows(ROWS_SEED, 5), false);
        ScoreCommandTest.Run run = ScoreCommandTest.Run.of(
                "score",
                "--in",
                work.resolve("run.csv").toString(),
                "--out",
                work.resolve("out.csv").toString(),
                "--service-records",
                "--work-dir",
                work.toString());
        assertThat(run.status()).isEqualTo(ScoreCommand.BAD_INPUT);
        assertThat(run.err()).contains("--service-records").contains("--history");
    }

    /** {@code row}'s claim for the same child and days, by another parent, submitted a day earlier. */
    private static InputRow otherParent(InputRow row, int k) {
        return new InputRow(
                "OP-" + k,
                "OPP-" + k,
                PaymentRunFixtures.pseudonym(250 + k),
                null,
                row.benefit(),
                row.channel(),
                row.submittedOn().minusDays(1),
                row.periodStart(),
                row.periodEnd(),
                row.claimedDays(),
                row.amountSek(),
                row.incomeSek(),
                row.child(),
                null,
                row.payDate());
    }

    private static HistoryEventDecoder decoder() {
        return new HistoryEventDecoder(new Pseudonymizer(new byte[32]), Clock.systemUTC());
    }

    /** Withdrawals of every other attendance day and payment {@link #feedEvents} sent. */
    private static String withdrawals(List<InputRow> rows) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).child() != null && i % 4 == 1) {
                events.add("{\"eventId\":\"w-att-" + i + "\",\"type\":\"withdrawal\",\"withdraws\":\"att-" + i + "\"}");
            }
            if (i % 10 == 0) {
                events.add("{\"eventId\":\"w-pay-" + i + "\",\"type\":\"withdrawal\",\"withdraws\":\"pay-" + i + "\"}");
            }
        }
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    /** Attendance on the first day of every tfp row's period that names a child, and a payment for every fifth row's person. */
    private static String feedEvents(List<InputRow> rows) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            InputRow row = rows.get(i);
            if (row.child() != null && i % 2 == 1) {
                events.add("{\"eventId\":\"att-" + i + "\",\"type\":\"childcare-attendance\",\"childPseudonym\":\""
                        + row.child() + "\",\"day\":\"" + row.periodStart() + "\"}");
            }
            if (i % 5 == 0) {
                events.add("{\"eventId\":\"pay-" + i + "\",\"type\":\"payment\",\"personPseudonym\":\"" + row.person()
                        + "\",\"benefit\":\"fp\",\"payDay\":\""
                        + row.submittedOn().minusDays(10)
                        + "\",\"amountSek\":30000}");
            }
        }
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    private static List<Decision> decide(ServedProfile served, List<InputRow> rows, Path work) throws IOException {
        // the service's draw: keyed by its work folder's pseudonymisation key, as korrekt score draws without --seed
        ScoringService scoring = served.service(
                org.korrekt.scoring.RandomControlDraw.keyedBy(Secrets.pseudonymKey(Map.of(), work)), Clock.systemUTC());
        List<Decision> decisions = new ArrayList<>();
        for (InputRow row : rows) {
            decisions.add(scoring.score(PaymentRunFixtures.application(row, row.person()), row.child()));
        }
        return decisions;
    }

    private static ScoreCommandTest.Run score(Path models, Path work, Path in, Path out, Path log, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "score",
                "--models",
                models.toString(),
                "--profile",
                PaymentRunFixtures.PROFILE,
                "--random-control-share",
                Double.toString(SHARE),
                "--history",
                log.toString(),
                "--work-dir",
                work.toString(),
                "--in",
                in.toString(),
                "--out",
                out.toString()));
        args.addAll(List.of(more));
        return ScoreCommandTest.Run.of(args.toArray(String[]::new));
    }

    private static void assertDecided(List<Map<String, String>> scored, List<Decision> expected) {
        assertThat(scored).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Map<String, String> out = scored.get(i);
            Decision d = expected.get(i);
            String at = "row " + (i + 1) + " " + out;
            assertThat(out.get("application_id"))
                    .as(at)
                    .isEqualTo(d.application().applicationId());
            assertThat(Double.parseDouble(out.get("score"))).as(at).isEqualTo(d.score());
            assertThat(out.get("scored_action")).as(at).isEqualTo(d.action().name());
            assertThat(out.get("random_control")).as(at).isEqualTo(Boolean.toString(d.randomControl()));
            String codes = d.reasons().stream().map(Reason::code).collect(Collectors.joining(","));
            assertThat(out.get("reason_codes")).as(at).isEqualTo(codes.isEmpty() ? null : codes);
        }
    }

    private static long differing(List<Decision> a, List<Decision> b) {
        long n = 0;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).score() != b.get(i).score()
                    || a.get(i).action() != b.get(i).action()
                    || !a.get(i).reasons().equals(b.get(i).reasons())) {
                n++;
            }
        }
        return n;
    }
}
