package org.korrekt.scoring.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Channel;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.queue.CaseStore;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.queue.QueueCase;
import org.korrekt.scoring.queue.QueueSettings;

/** The embedded PostgreSQL keeps decisions and queue cases across a stop and a new start. */
class EmbeddedDatabaseRestartIT {

    @Test
    void rowsSurviveARestart() throws Exception {
        Path work = TestDirectories.fresh("restart");
        DatabaseConfig config = DatabaseConfig.embedded(work);
        ScoringService scoring = new ScoringService(
                ApplicationFeatures.v1(),
                new ModelBundle("test", "v1", work, TestModels.lateClaimModel(), TestModels.policy(0)),
                () -> 0.99,
                Clock.systemUTC());
        Decision flagged = scoring.score(TestModels.application("A-restart", 200, Channel.PAPER));
        assertThat(flagged.opensCase()).isTrue();

        int firstPort;
        try (Database database = Database.open(config)) {
            firstPort = Integer.parseInt(database.description().replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));
            new DecisionStore(database.dataSource(), QueueSettings.defaults())
                    .record(flagged, "tfp", "00", ApplicationFeatures.SCHEMA_V1.fingerprint());
        }

        try (Database database = Database.open(config)) {
            List<QueueCase> cases = new CaseStore(database.dataSource(), QueueSettings.defaults(), Clock.systemUTC())
                    .openCases("tfp", 10);
            assertThat(cases).singleElement().satisfies(c -> {
                assertThat(c.decisionId()).isEqualTo(flagged.decisionId());
                assertThat(c.applicationId()).isEqualTo("A-restart");
                assertThat(c.reasonCodes()).startsWith("RETROACTIVE_VAB", "LATE_APPLICATION");
            });
            System.out.println(
                    "restarted embedded PostgreSQL: first port " + firstPort + ", now " + database.description());
        }
    }

    @Test
    void aStartWithAnotherPseudonymisationKeyThanTheDatabaseRecordsIsRefused() throws Exception {
        Path work = TestDirectories.fresh("key-check");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        org.korrekt.scoring.server.ServerConfig first = org.korrekt.scoring.TestServers.config(work, models, 10, 0);
        try (org.korrekt.scoring.server.KorrektServer server = org.korrekt.scoring.server.KorrektServer.start(first)) {
            assertThat(server.baseUrl()).isNotEmpty();
        }
        // the same database, and a key another working folder made: as a second instance on a shared database
        org.korrekt.scoring.server.ServerConfig other = new org.korrekt.scoring.server.ServerConfig(
                first.host(),
                first.port(),
                first.modelsDir(),
                first.profile(),
                first.database(),
                first.auth(),
                "another key of at least 32 bytes!".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                first.randomControlShare(),
                first.maxBodyBytes(),
                first.historyLog(),
                first.journalDir(),
                first.maxBatchItems(),
                first.rateLimitPerSecond(),
                first.tls(),
                first.queues());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.korrekt.scoring.server.KorrektServer.start(other))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("another pseudonymisation key");
        // the key it was made with still serves, and the key on record cannot be removed or changed to let
        // another in (the embedded database's role is a superuser, which the triggers stop all the same)
        try (org.korrekt.scoring.server.KorrektServer again = org.korrekt.scoring.server.KorrektServer.start(first);
                java.sql.Connection c = again.dataSource().getConnection();
                java.sql.Statement q = c.createStatement()) {
            assertThat(again.baseUrl()).isNotEmpty();
            for (String change : new String[] {
                "DELETE FROM service_key", "UPDATE service_key SET fingerprint = 'x'", "TRUNCATE service_key"
            }) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> q.executeUpdate(change))
                        .as(change)
                        .hasMessageContaining("the pseudonymisation key on record cannot be changed");
            }
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.korrekt.scoring.server.KorrektServer.start(other))
                .hasMessageContaining("another pseudonymisation key");
    }

    @Test
    void aSecondSignalForTheSamePersonAndBenefitJoinsTheOpenCase() throws Exception {
        Path work = TestDirectories.fresh("dedup");
        ScoringService scoring = new ScoringService(
                ApplicationFeatures.v1(),
                new ModelBundle("test", "v1", work, TestModels.lateClaimModel(), TestModels.policy(0)),
                () -> 0.99,
                Clock.systemUTC());
        Decision lower = scoring.score(TestModels.application("A-1", 90, Channel.E_SERVICE));
        Decision higher = scoring.score(TestModels.application("A-2", 300, Channel.PAPER));
        assertThat(lower.opensCase()).isTrue();
        assertThat(higher.expectedIncorrectSek()).isGreaterThan(lower.expectedIncorrectSek());
        try (Database database = Database.open(DatabaseConfig.embedded(work))) {
            DecisionStore store = new DecisionStore(database.dataSource(), QueueSettings.defaults());
            CaseStore cases = new CaseStore(database.dataSource(), QueueSettings.defaults(), Clock.systemUTC());
            String fingerprint = ApplicationFeatures.SCHEMA_V1.fingerprint();
            store.record(lower, "tfp", "01", fingerprint);
            store.record(higher, "tfp", "02", fingerprint);
            store.record(scoring.score(TestModels.application("A-3", 0, Channel.E_SERVICE)), "tfp", "03", fingerprint);

            assertThat(cases.openCases("tfp", 10)).singleElement().satisfies(c -> {
                assertThat(c.signals()).isEqualTo(2);
                assertThat(c.applicationId()).isEqualTo("A-2");
                assertThat(c.expectedIncorrectSek()).isEqualTo(Math.round(higher.expectedIncorrectSek() * 100) / 100.0);
            });
        }
    }

    @Test
    void aSecondProcessCannotTakeTheDataFolderOfARunningServer() throws Exception {
        Path work = TestDirectories.fresh("lock");
        DatabaseConfig config = DatabaseConfig.embedded(work);
        try (Database first = Database.open(config)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.open(config))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("another korrekt process is using the embedded database");
            try (java.sql.Connection c = first.dataSource().getConnection()) {
                assertThat(c.isValid(2)).as("the first server still answers").isTrue();
            }
        }
    }

    @Test
    void aStalePidFileFromACrashIsRemoved() throws Exception {
        Path work = TestDirectories.fresh("stale");
        DatabaseConfig config = DatabaseConfig.embedded(work);
        try (Database database = Database.open(config)) {
            assertThat(database.description()).contains("embedded PostgreSQL");
        }
        // A crash leaves postmaster.pid behind; its pid may since belong to an unrelated process (here: this JVM).
        Path pidFile = work.resolve("postgres").resolve("data").resolve("postmaster.pid");
        java.nio.file.Files.writeString(pidFile, ProcessHandle.current().pid() + "\n" + pidFile.getParent() + "\n");
        try (Database database = Database.open(config)) {
            try (java.sql.Connection c = database.dataSource().getConnection()) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void anIndexWhoseConcurrentBuildFailedIsNamedAtTheNextStart() throws Exception {
        Path work = TestDirectories.fresh("invalid-index");
        DatabaseConfig config = DatabaseConfig.embedded(work);
        ScoringService scoring = new ScoringService(
                ApplicationFeatures.v1(),
                new ModelBundle("test", "v1", work, TestModels.lateClaimModel(), TestModels.policy(0)),
                () -> 0.99,
                Clock.systemUTC());
        try (Database database = Database.open(config)) {
            assertThat(database.invalidIndexes()).isEmpty();
            DecisionStore store = new DecisionStore(database.dataSource(), QueueSettings.defaults());
            String fingerprint = ApplicationFeatures.SCHEMA_V1.fingerprint();
            // the same application scored twice: a unique index on it cannot be built
            store.record(
                    scoring.score(TestModels.application("A-twice", 200, Channel.PAPER)), "tfp", "01", fingerprint);
            store.record(
                    scoring.score(TestModels.application("A-twice", 200, Channel.PAPER)), "tfp", "02", fingerprint);
            try (java.sql.Connection c = database.dataSource().getConnection();
                    java.sql.Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("DROP INDEX decision_application");
                // a concurrent build that fails leaves its index behind, kept up to date but unused
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute(
                                "CREATE UNIQUE INDEX CONCURRENTLY decision_application ON decision (application_id)"))
                        .isInstanceOf(java.sql.SQLException.class)
                        .hasMessageContaining("could not create unique index");
            }
        }

        try (Database database = Database.open(config)) {
            assertThat(database.invalidIndexes()).containsExactly("decision_application");
            try (java.sql.Connection c = database.dataSource().getConnection();
                    java.sql.Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("DROP INDEX CONCURRENTLY decision_application");
                s.execute("CREATE INDEX CONCURRENTLY decision_application ON decision (application_id)");
            }
            assertThat(database.invalidIndexes()).isEmpty();
        }
    }
}
