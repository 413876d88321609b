package org.korrekt.scoring;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.features.history.HistoryLog;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.server.ServerConfig;

/** The configuration the HTTP integration tests start a service with. */
public final class TestServers {

    private TestServers() {}

    /**
     * Profile {@code test} from {@code models}, on port 0, with the embedded PostgreSQL and journal
     * under {@code work}, {@link TestTokens#AUTH}, no random control sample and no history.
     */
    public static ServerConfig config(Path work, Path models, int maxBatchItems, double rateLimitPerSecond) {
        return config(work, models, maxBatchItems, rateLimitPerSecond, null);
    }

    /** As {@link #config(Path, Path, int, double)}, with the history log {@code historyLog} (or none). */
    public static ServerConfig config(
            Path work, Path models, int maxBatchItems, double rateLimitPerSecond, Path historyLog) {
        return new ServerConfig(
                "127.0.0.1",
                0,
                models,
                "test",
                DatabaseConfig.embedded(work),
                TestTokens.AUTH,
                "a pseudonymisation key of 32 bytes".getBytes(StandardCharsets.UTF_8),
                0,
                ServerConfig.DEFAULT_MAX_BODY_BYTES,
                historyLog,
                work.resolve("journal"),
                maxBatchItems,
                rateLimitPerSecond,
                null,
                null);
    }

    /**
     * A fresh work folder {@code name} with the late-claim test bundle as profile {@code test}, and a
     * history log of {@code events} as of {@code asOf}: the configuration of a service with a person history.
     */
    public static ServerConfig withHistory(String name, List<HistoryEvent> events, Instant asOf) throws IOException {
        Path work = TestDirectories.fresh(name);
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        Path log = historyLog(work.resolve("history.krkh"), events, asOf);
        return config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0, log);
    }

    /** Writes {@code events} as a history log at {@code log}, as of {@code asOf}; returns {@code log}. */
    public static Path historyLog(Path log, List<HistoryEvent> events, Instant asOf) throws IOException {
        try (OutputStream out = Files.newOutputStream(log)) {
            HistoryLog.write(events, events.size(), asOf, out);
        }
        return log;
    }

    /**
     * The PostgreSQL at {@code jdbcUrl} (an embedded server, or a relay to one) as an external
     * database, reached as the embedded server's superuser with {@code password}: how the tests
     * run replicas on one database. {@code work} holds what an embedded one would.
     */
    public static DatabaseConfig external(String jdbcUrl, String password, Path work) {
        return DatabaseConfig.fromEnvironment(
                java.util.Map.of(
                        DatabaseConfig.ENV_URL,
                        jdbcUrl,
                        DatabaseConfig.ENV_USER,
                        org.korrekt.scoring.db.EmbeddedPostgres.SUPERUSER,
                        DatabaseConfig.ENV_PASSWORD,
                        password),
                work);
    }
}
