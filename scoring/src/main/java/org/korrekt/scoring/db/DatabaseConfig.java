package org.korrekt.scoring.db;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the scoring service keeps its queues and decision records.
 *
 * @param jdbcUrl a PostgreSQL JDBC URL, or {@code null} for the embedded server
 * @param user the database user (external server only)
 * @param password the password (external server only)
 * @param embeddedDir the embedded server's folder (data, log, password)
 * @param binariesCache where the embedded server's binaries are extracted
 * @param maxPoolSize the connection pool's size, 1 to 100
 */
public record DatabaseConfig(
        String jdbcUrl, String user, String password, Path embeddedDir, Path binariesCache, int maxPoolSize) {

    /** Environment variable naming an external PostgreSQL server. */
    public static final String ENV_URL = "KORREKT_DB_URL";
    /** Environment variable with the external server's user. */
    public static final String ENV_USER = "KORREKT_DB_USER";
    /** Environment variable with the external server's password. */
    public static final String ENV_PASSWORD = "KORREKT_DB_PASSWORD";
    /**
     * Environment variable naming a file whose first line is the password instead (a container's
     * mounted secret), so that the password is not in the process's environment.
     */
    public static final String ENV_PASSWORD_FILE = "KORREKT_DB_PASSWORD_FILE";
    /** Default pool size. */
    public static final int DEFAULT_POOL_SIZE = 8;

    public DatabaseConfig {
        Objects.requireNonNull(embeddedDir, "embeddedDir");
        Objects.requireNonNull(binariesCache, "binariesCache");
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(ENV_URL + " must be a jdbc:postgresql: URL, was " + jdbcUrl);
        }
        if (maxPoolSize < 1 || maxPoolSize > 100) {
            throw new IllegalArgumentException("maxPoolSize must be in [1, 100], was " + maxPoolSize);
        }
    }

    /** The embedded server under {@code workDir/postgres}, binaries under {@code workDir/postgres-binaries}. */
    public static DatabaseConfig embedded(Path workDir) {
        return new DatabaseConfig(
                null, null, null, workDir.resolve("postgres"), workDir.resolve("postgres-binaries"), DEFAULT_POOL_SIZE);
    }

    /**
     * An external server from {@code KORREKT_DB_URL}/{@code _USER}/{@code _PASSWORD} (or {@code
     * _PASSWORD_FILE}), else the embedded one.
     *
     * @throws IllegalArgumentException if both password variables are set, or the file cannot be read
     */
    public static DatabaseConfig fromEnvironment(Map<String, String> env, Path workDir) {
        DatabaseConfig embedded = embedded(workDir);
        String url = env.get(ENV_URL);
        if (url == null || url.isBlank()) {
            return embedded;
        }
        return new DatabaseConfig(
                url, env.get(ENV_USER), password(env), embedded.embeddedDir, embedded.binariesCache, DEFAULT_POOL_SIZE);
    }

    private static String password(Map<String, String> env) {
        String file = env.get(ENV_PASSWORD_FILE);
        if (file == null || file.isEmpty()) {
            return env.get(ENV_PASSWORD);
        }
        if (env.get(ENV_PASSWORD) != null) {
            throw new IllegalArgumentException("set " + ENV_PASSWORD + " or " + ENV_PASSWORD_FILE + ", not both");
        }
        try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(Path.of(file))) {
            // the first line, without its line ending; a password may hold spaces, so nothing is trimmed
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException(
                        ENV_PASSWORD_FILE + " names " + file + ", whose first line is empty");
            }
            return line;
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(
                    ENV_PASSWORD_FILE + " names " + file + ", which cannot be read ("
                            + (e instanceof java.nio.file.NoSuchFileException
                                    ? "no such file"
                                    : e instanceof java.nio.file.AccessDeniedException
                                            ? "permission denied"
                                            : e.getMessage())
                            + ")",
                    e);
        }
    }

    /** Whether the embedded server is used. */
    public boolean isEmbedded() {
        return jdbcUrl == null;
    }
}
