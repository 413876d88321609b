package org.korrekt.scoring.db;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.korrekt.features.model.Checksums;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries that {@code io.zonky.test.postgres} publishes on
 * Maven Central, with its data in a folder that survives restarts.
 *
 * <p>Layout under the base folder: {@code binaries/<name>/} (extracted once), {@code data/} (the
 * cluster, created by {@code initdb} on first start), {@code postgres.log}, and {@code password}
 * (the generated superuser password, readable by the owner only). The server listens on
 * 127.0.0.1 only, on a free port chosen at each start, with password authentication.
 *
 * <p>PostgreSQL refuses to run as root. When korrekt runs as root (a container, a CI machine), it
 * runs the PostgreSQL processes as an unprivileged system user ({@value #DEFAULT_OS_USER} unless
 * {@code KORREKT_DB_OS_USER} names another) through {@code runuser}, and gives that user the data
 * folder. That user must be able to reach the base folder.
 *
 * <p>Not thread-safe; one instance per data folder.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** The unprivileged user PostgreSQL runs as when korrekt runs as root. */
    public static final String DEFAULT_OS_USER = "nobody";
    /** The superuser name. */
    public static final String SUPERUSER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    static final long START_TIMEOUT_SECONDS = 120;

    private final Path baseDir;
    private final Path binDir;
    private final Path dataDir;
    private final String osUser;
    private final String password;
    private final int port;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean running;

    private EmbeddedPostgres(
            Path baseDir,
            Path binDir,
            String osUser,
            String password,
            int port,
            FileChannel lockChannel,
            FileLock lock) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.baseDir = baseDir;
        this.binDir = binDir;
        this.dataDir = baseDir.resolve("data");
        this.osUser = osUser;
        this.password = password;
        this.port = port;
    }

    /**
     * Starts the server whose data lives under {@code baseDir}, creating the cluster on first use.
     *
     * @param baseDir the folder for data, log and password
     * @param binariesCache the folder the binaries are extracted into (shared between servers)
     * @throws IOException if the binaries cannot be found or extracted, or PostgreSQL fails to start;
     *     the message says why and where its log is
     */
    public static EmbeddedPostgres start(Path baseDir, Path binariesCache) throws IOException {
        baseDir = baseDir.toAbsolutePath().normalize();
        Files.createDirectories(baseDir);
        // One process per data folder: a second one would stop or corrupt the first one's server.
        FileChannel lockChannel =
                FileChannel.open(baseDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("another korrekt process is using the embedded database in " + baseDir
                    + "; stop it, or give this one another working folder");
        }
        try {
            return startLocked(baseDir, binariesCache, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    private static EmbeddedPostgres startLocked(
            Path baseDir, Path binariesCache, FileChannel lockChannel, FileLock lock) throws IOException {
        Path binDir = extractBinaries(binariesCache.toAbsolutePath().normalize());
        String osUser = isRoot() ? System.getenv().getOrDefault("KORREKT_DB_OS_USER", DEFAULT_OS_USER) : null;
        Path passwordFile = baseDir.resolve("password");
        boolean fresh = !Files.exists(baseDir.resolve("data").resolve("PG_VERSION"));
        String password;
        if (fresh) {
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            password = HexFormat.of().formatHex(secret);
            writePrivate(passwordFile, password);
        } else if (Files.exists(passwordFile)) {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        } else {
            throw new IOException("the embedded database in " + baseDir + " has data but no password file; restore "
                    + passwordFile + " or move the data folder away to start afresh");
        }
        EmbeddedPostgres server =
                new EmbeddedPostgres(baseDir, binDir, osUser, password, freePort(), lockChannel, lock);
        if (osUser != null) {
            server.prepareForUnprivilegedUser();
        }
        if (fresh) {
            server.initdb();
        }
        server.stopLeftover();
        server.startServer();
        return server;
    }

    /** The JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The superuser's password. */
    public String password() {
        return password;
    }

    /** The TCP port the server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** The folder the cluster's data lives in. */
    public Path dataDirectory() {
        return dataDir;
    }

    /**
     * Starts the server again if its postmaster has died (killed, or by the kernel's out-of-memory
     * killer), on the same port and data folder, so that the pool's new connections reach it and the
     * decision journal drains into it as after any outage. Does nothing while it runs, or once
     * closed. A start that fails (the port taken meanwhile, or the dead server's processes not yet
     * gone) throws, and the next call tries again.
     *
     * @return whether the server was down and has been started again
     * @throws IOException if it was down and did not start; the message says why and where its log is
     */
    public synchronized boolean restartIfDown() throws IOException {
        if (!running || isOurPostmaster(dataDir.resolve("postmaster.pid"))) {
            return false;
        }
        LOG.atWarn()
                .addKeyValue("event", "embedded_database_down")
                .log("Embedded PostgreSQL on 127.0.0.1:{} is not running; starting it again", port);
        stopLeftover(); // the dead postmaster's pid file
        startServer();
        LOG.atWarn()
                .addKeyValue("event", "embedded_database_restarted")
                .log("Embedded PostgreSQL started again on 127.0.0.1:{}", port);
        return true;
    }

    /** Stops the server (fast shutdown: open transactions roll back, committed data stays). */
    @Override
    public synchronized void close() throws IOException {
        try {
            if (running) {
                run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"), 90);
                running = false;
            }
        } finally {
            if (lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        }
    }

    private void initdb() throws IOException {
        Path pwfile = baseDir.resolve("initdb-password");
        writePrivate(pwfile, password);
        if (osUser != null) {
            chown(pwfile);
        }
        try {
            Files.createDirectories(dataDir);
            if (osUser != null) {
                chown(dataDir);
            }
            setPermissions(dataDir, "rwx------");
            run(
                    List.of(
                            bin("initdb"),
                            "-D",
                            dataDir.toString(),
                            "-U",
                            SUPERUSER,
                            "--pwfile=" + pwfile,
                            "-A",
                            "scram-sha-256",
                            "-E",
                            "UTF-8",
                            "--locale=C"),
                    120);
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    /**
     * A server left running by a process that died without stopping it holds the data folder: stop
     * it. We hold the folder's lock, so no live korrekt process owns that server. A pid file whose
     * process is not this folder's postmaster (the pid was reused after a crash) is stale: remove it.
     */
    private void stopLeftover() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        if (!isOurPostmaster(pidFile)) {
            LOG.warn("Removing the stale {} (its process is not this folder's PostgreSQL)", pidFile);
            Files.delete(pidFile);
            return;
        }
        ProcessResult status = exec(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "status"), 30);
        if (status.exitCode() == 0) {
            LOG.warn("A PostgreSQL server left running on {} is being stopped first", dataDir);
            run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"), 90);
        }
    }

    private boolean isOurPostmaster(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return false;
            }
            long pid = Long.parseLong(lines.get(0).strip());
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String command = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
            return command.contains("postgres") && command.contains(dataDir.toString());
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private void startServer() throws IOException {
        Path log = baseDir.resolve("postgres.log");
        if (osUser != null && !Files.exists(log)) {
            Files.createFile(log);
            chown(log);
        }
        String options = String.format(
                Locale.ROOT,
                "-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=50",
                port);
        ProcessResult result = exec(
                List.of(
                        bin("pg_ctl"),
                        "-D",
                        dataDir.toString(),
                        "-l",
                        log.toString(),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        Long.toString(START_TIMEOUT_SECONDS),
                        "start"),
                START_TIMEOUT_SECONDS + 30);
        if (result.exitCode() != 0) {
            throw new IOException("embedded PostgreSQL did not start (pg_ctl exit " + result.exitCode() + "): "
                    + result.output().strip() + "\nServer log: " + log + "\n" + tail(log));
        }
        running = true;
        LOG.info("Embedded PostgreSQL is up on 127.0.0.1:{} with data in {}", port, dataDir);
    }

    private void prepareForUnprivilegedUser() throws IOException {
        ProcessResult reach = exec(List.of("runuser", "-u", osUser, "--", "test", "-w", baseDir.toString()), 30);
        if (reach.exitCode() != 0) {
            // The folder belongs to root; give it to the database user, then check it can be reached.
            chown(baseDir);
            reach = exec(List.of("runuser", "-u", osUser, "--", "test", "-x", baseDir.toString()), 30);
            if (reach.exitCode() != 0) {
                throw new IOException("PostgreSQL refuses to run as root, so korrekt runs it as the user '" + osUser
                        + "', who cannot reach " + baseDir + ". Run korrekt as an unprivileged user, use a working"
                        + " folder every user can traverse, or point KORREKT_DB_URL at a PostgreSQL server. "
                        + reach.output().strip());
            }
        }
        ProcessResult exec = exec(List.of("runuser", "-u", osUser, "--", bin("pg_ctl"), "--version"), 30);
        if (exec.exitCode() != 0) {
            throw new IOException("the user '" + osUser + "' cannot run the PostgreSQL binaries in " + binDir + ": "
                    + exec.output().strip());
        }
    }

    /** Gives one path (never what a link points to) to the database user. */
    private void chown(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException(path + " is a symbolic link; refusing to change its owner");
        }
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = users.lookupPrincipalByName(osUser);
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setOwner(user);
    }

    private String bin(String program) {
        return binDir.resolve("bin").resolve(program).toString();
    }

    private void run(List<String> command, long timeoutSeconds) throws IOException {
        ProcessResult result = exec(command, timeoutSeconds);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command.subList(0, 1)) + " failed with exit code "
                    + result.exitCode() + ": " + result.output().strip());
        }
    }

    private ProcessResult exec(List<String> command, long timeoutSeconds) throws IOException {
        List<String> full = new ArrayList<>();
        if (osUser != null && command.get(0).startsWith(binDir.toString())) {
            full.addAll(List.of("runuser", "-u", osUser, "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        builder.environment().remove("PGDATA");
        Path output = Files.createTempFile("korrekt-pg-", ".out");
        try {
            builder.redirectOutput(output.toFile());
            Process process = builder.start();
            try {
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command.get(0), e);
            }
            return new ProcessResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private record ProcessResult(int exitCode, String output) {}

    /** Extracts the binaries for this platform once; later calls find them in place. */
    static Path extractBinaries(Path cache) throws IOException {
        String resource = "postgres-linux-" + archName() + ".txz";
        URL url = EmbeddedPostgres.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException("no embedded PostgreSQL binaries for " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " on the class path (" + resource
                    + "); set KORREKT_DB_URL to use a PostgreSQL server instead");
        }
        String name = "pg-"
                + HexFormat.of().formatHex(Checksums.sha256(url.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
        Path target = cache.resolve(name);
        Path marker = target.resolve(".complete");
        if (Files.exists(marker)) {
            return target;
        }
        Files.createDirectories(cache);
        Path staging = Files.createTempDirectory(cache, name + ".tmp-");
        setPermissions(staging, "rwxr-xr-x");
        try (InputStream in = url.openStream();
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = staging.resolve(entry.getName()).normalize();
                if (!path.startsWith(staging)) {
                    throw new IOException("archive entry escapes its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    setPermissions(path, (entry.getMode() & 0111) != 0 ? "rwxr-xr-x" : "rw-r--r--");
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(staging)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    setPermissions(dir, "rwxr-xr-x");
                }
            }
        }
        Files.createFile(staging.resolve(".complete"));
        try {
            Files.move(staging, target);
        } catch (IOException e) {
            // Another process extracted the same binaries at the same time; use theirs.
            if (!Files.exists(marker)) {
                throw e;
            }
            deleteTree(staging);
        }
        return target;
    }

    private static String archName() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
    }

    private static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        setPermissions(file, "rw-------");
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void setPermissions(Path path, String permissions) throws IOException {
        Set<PosixFilePermission> set = PosixFilePermissions.fromString(permissions);
        Files.setPosixFilePermissions(path, set);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Deletes {@code root} and everything under it, without following symbolic links. */
    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
