package org.korrekt.scoring.record;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.korrekt.scoring.queue.DecisionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the database off the request path: decisions are accepted into a bounded buffer and one
 * writer thread stores them in batches, gathered for {@code linger} after a batch's first decision.
 * While the database is unavailable, batches go to the
 * {@link DecisionJournal} (forced to disk) and the writer retries the database every {@code
 * retry}; once it answers, the journal is replayed oldest first (inserts are idempotent, so a
 * replay cut short by a crash can be repeated) and new batches go to the database again.
 *
 * <p>A decision is acknowledged once it is in the buffer. {@link #close()} drains the buffer to the
 * database or the journal, so a graceful stop loses nothing; what a hard kill can lose is the
 * buffer's content and the batch the writer holds at that moment, the decisions not yet stored
 * ({@link #pending()}; see docs/operations.md). Thread-safe.
 */
public final class DecisionRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionRecorder.class);

    private final DecisionStore store;
    private final DecisionJournal journal;
    private final BlockingQueue<DecisionRecord> buffer;
    private final Map<UUID, DecisionRecord> unwritten = new ConcurrentHashMap<>();
    // decisions the store skipped because another decision of their keyed request item was there
    // first; kept for the request that waits on them to answer from the record instead (bounded:
    // the oldest go first, and only a race after a lost lock makes any)
    private final Map<UUID, Boolean> superseded =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                    return size() > SUPERSEDED_KEPT;
                }
            });
    private final AtomicLong supersededCount = new AtomicLong();

    /** Most superseded decision ids kept for {@link #superseded}. */
    static final int SUPERSEDED_KEPT = 100_000;

    private final Settings settings;
    private final Thread writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong journaled = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong batchFailures = new AtomicLong();
    private final AtomicLong interrupts = new AtomicLong();
    private final AtomicLong journalFailures = new AtomicLong();
    /** When the database write under way began ({@link System#nanoTime()}), or 0 when none is. */
    private volatile long writingSince;

    private volatile boolean running = true;
    /** Set by {@link #close} once it journaled what a writer still at work held: the writer then stops. */
    private volatile boolean abandoned;
    /**
     * Submissions past the {@link #running} check and not yet in the buffer: the writer stops only
     * once {@code running} is false, none is under way and the buffer is empty, read in that order,
     * so that no acknowledged record is left in the buffer when it stops.
     */
    private final AtomicInteger submitting = new AtomicInteger();

    private volatile boolean databaseUp = true;

    /**
     * How the recorder batches.
     *
     * @param capacity most decisions buffered before {@link #submit} waits
     * @param batchSize most decisions per database transaction
     * @param maxWait how long {@link #submit} waits for room before it fails
     * @param retry how often the database is tried again while it is unavailable
     * @param linger how long the writer waits, after the first decision of a batch that is not full,
     *     for more to join it: fewer, larger transactions leave more of the machine to scoring
     */
    public record Settings(int capacity, int batchSize, Duration maxWait, Duration retry, Duration linger) {
        /** 65,536 buffered, batches of 500, 2 s wait, retry every 2 s, batches gathered for 2 ms. */
        public static final Settings DEFAULT =
                new Settings(65_536, 500, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(2));

        public Settings {
            if (capacity < 1 || batchSize < 1) {
                throw new IllegalArgumentException("capacity and batchSize must be >= 1");
            }
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative, was " + linger);
            }
        }
    }

    /** The buffer is full: the decision was not acknowledged and must not be acted on. */
    public static final class OverloadedException extends Exception {
        private static final long serialVersionUID = 1L;

        OverloadedException(String message) {
            super(message);
        }
    }

    /**
     * Starts the writer thread.
     *
     * @param journalDir the journal's folder; records left there by an earlier run are replayed
     */
    public DecisionRecorder(DecisionStore store, Path journalDir, Settings settings) throws IOException {
        this.store = store;
        this.journal = DecisionJournal.forWriting(journalDir);
        this.settings = settings;
        this.buffer = new ArrayBlockingQueue<>(settings.capacity());
        this.writer = new Thread(this::run, "korrekt-decision-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Accepts a decision for recording.
     *
     * @throws OverloadedException if the buffer stays full for {@code maxWait}
     */
    public void submit(DecisionRecord record) throws OverloadedException, InterruptedException {
        submitting.incrementAndGet();
        try {
            if (!running) {
                throw new OverloadedException("the service is shutting down");
            }
            unwritten.put(record.decisionId(), record);
            if (!buffer.offer(record, settings.maxWait().toMillis(), TimeUnit.MILLISECONDS)) {
                unwritten.remove(record.decisionId());
                throw new OverloadedException("the decision record buffer is full (" + settings.capacity()
                        + "); the decision was not recorded");
            }
        } finally {
            submitting.decrementAndGet();
        }
    }

    /**
     * Waits, up to {@code max}, until at most {@code limit} decisions wait to be stored: how a
     * payment run's batch keeps to the pace the writer stores at, rather than filling the buffer
     * (which turns {@code /ready} 503 and leaves seconds of answered decisions in memory only).
     * Returns at once when the writer has stopped.
     *
     * @return whether the backlog is within {@code limit}
     */
    public boolean awaitBacklogWithin(int limit, Duration max) throws InterruptedException {
        if (unwritten.size() <= limit) {
            return true;
        }
        long deadline = System.nanoTime() + max.toNanos();
        while (unwritten.size() > limit) {
            if (!writer.isAlive() || System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** A decision accepted but not yet in the database (nor in the journal), or null. */
    public DecisionRecord unwritten(UUID id) {
        return unwritten.get(id);
    }

    /**
     * The decisions made for the request with {@code key} ({@link DecisionRecord.Request#key}) that
     * are accepted but not yet in the database nor in the journal. A decision leaves them only once
     * it is in one of those, so a lookup of these, then of the database, misses none that is not in
     * the journal. Goes over every decision waiting to be stored.
     */
    public List<DecisionRecord> unwrittenOfRequest(String key) {
        List<DecisionRecord> found = new ArrayList<>();
        for (DecisionRecord r : unwritten.values()) {
            if (r.request() != null && r.request().key().equals(key)) {
                found.add(r);
            }
        }
        return found;
    }

    /**
     * Waits until each of {@code ids}, decisions submitted before, is in the database or the journal.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitStored(java.util.Collection<UUID> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (UUID id : ids) {
            while (unwritten.containsKey(id)) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                Thread.sleep(1);
            }
        }
        return true;
    }

    /**
     * Of {@code ids}, decisions stored before, those the database did not take because another
     * decision of their keyed request item was recorded first ({@link DecisionStore#write}): the
     * request's answer must then be the recorded decisions, not these.
     */
    public List<UUID> superseded(java.util.Collection<UUID> ids) {
        List<UUID> found = new ArrayList<>();
        for (UUID id : ids) {
            if (superseded.containsKey(id)) {
                found.add(id);
            }
        }
        return found;
    }

    /** Decisions the database did not take because another decision of their request item was there first. */
    public long supersededCount() {
        return supersededCount.get();
    }

    /**
     * Waits until every decision submitted so far is in the database or the journal.
     *
     * @return false when {@code timeout} passed first (some are still to be stored)
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        // a decision leaves 'unwritten' only once it is in the database or the journal, so neither
        // the writer's linger nor the moment between taking a batch and writing it can end the wait
        return awaitStored(new ArrayList<>(unwritten.keySet()), timeout);
    }

    /** Most decisions the buffer holds. */
    public int capacity() {
        return settings.capacity();
    }

    /** Decisions waiting in the buffer (not counting the batch the writer has taken from it). */
    public int buffered() {
        return buffer.size();
    }

    /**
     * Decisions accepted and not yet in the database or the journal: those in the buffer and those
     * in the batch the writer holds. What a hard kill would lose now.
     */
    public int pending() {
        return unwritten.size();
    }

    /** Decisions written to the database (directly or by replay). */
    public long written() {
        return written.get();
    }

    /** Decisions written to the journal. */
    public long journaled() {
        return journaled.get();
    }

    /** Decisions replayed from the journal into the database. */
    public long replayed() {
        return replayed.get();
    }

    /** Batches the database refused (each then went to the journal). */
    public long failures() {
        return batchFailures.get();
    }

    /**
     * Whether the last database write succeeded, and none has been under way for more than {@link
     * #HUNG_WRITE}: a database that hangs rather than refuses is down too, before the socket's time
     * limit fails the write.
     */
    public boolean databaseUp() {
        long since = writingSince;
        return databaseUp && (since == 0 || System.nanoTime() - since < HUNG_WRITE.toNanos());
    }

    /** A database write under way for longer than this counts as the database being down. */
    public static final Duration HUNG_WRITE = Duration.ofSeconds(5);

    /** Times the journal could not be written (a full disk, a lost mount); each batch was kept and retried. */
    public long journalFailures() {
        return journalFailures.get();
    }

    /** Whether records wait in the journal. */
    public boolean hasJournal() {
        try {
            return journal.hasPending();
        } catch (IOException e) {
            return true;
        }
    }

    private void run() {
        try {
            write();
        } catch (Throwable t) {
            LOG.error("The decision writer stopped: decisions are no longer stored, and /ready says so", t);
            throw t;
        }
    }

    /**
     * The writer's loop. It ends only once the recorder is closed and every accepted decision is
     * stored: an interrupt is logged and ignored, and the interrupt flag is cleared before each
     * round of writes, so that an interrupt that came while the writer waited fails neither the
     * connection pool nor the journal's channel (which an interrupt closes). One that comes during
     * a write can still fail it: the batch then goes to the journal, or is written again.
     */
    private void write() {
        List<DecisionRecord> batch = new ArrayList<>(settings.batchSize());
        long linger = settings.linger().toNanos();
        long nextRetry = 0;
        // a batch that could not be stored is kept: the loop ends only once it is stored too
        while (!abandoned && (running || submitting.get() > 0 || !buffer.isEmpty() || !batch.isEmpty())) {
            try {
                DecisionRecord first = buffer.poll(50, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    buffer.drainTo(batch, settings.batchSize() - 1);
                    if (linger > 0 && running && batch.size() < settings.batchSize()) {
                        // one sleep, not a wake-up per decision; fewer transactions leave the cores to
                        // scoring (docs/benchmarks.md: HttpLoadBenchmark's median, with and without)
                        LockSupport.parkNanos(linger);
                        buffer.drainTo(batch, settings.batchSize() - batch.size());
                    }
                }
                if (Thread.interrupted()) {
                    interrupted();
                }
                if (journal.hasPending() && System.nanoTime() >= nextRetry) {
                    if (replay()) {
                        databaseUp = true;
                    } else {
                        nextRetry = System.nanoTime() + settings.retry().toNanos();
                    }
                }
                if (!batch.isEmpty()) {
                    if (journal.hasPending()) {
                        toJournal(batch);
                    } else if (!toDatabase(batch)) {
                        toJournal(batch);
                        nextRetry = System.nanoTime() + settings.retry().toNanos();
                    }
                    for (DecisionRecord r : batch) {
                        unwritten.remove(r.decisionId());
                    }
                    batch.clear();
                }
            } catch (InterruptedException e) {
                // the flag is cleared; whatever the batch holds is written in the next round
                interrupted();
            } catch (IOException | RuntimeException e) {
                // the journal itself failed: keep the batch and try again; never drop a record
                journalFailures.incrementAndGet();
                LOG.error("Cannot write {} decision records to the database or the journal; retrying", batch.size(), e);
                pause(settings.retry());
            }
        }
    }

    private void interrupted() {
        interrupts.incrementAndGet();
        LOG.warn("The decision writer was interrupted; it goes on, and stops only when the recorder is closed");
    }

    /** Whether the writer thread runs. It stops only after {@link #close}, or on an error it cannot survive. */
    public boolean writing() {
        return writer.isAlive();
    }

    /** Interrupts of the writer thread, each ignored. */
    long interrupts() {
        return interrupts.get();
    }

    /** The writer thread. */
    Thread writer() {
        return writer;
    }

    private boolean toDatabase(List<DecisionRecord> batch) {
        writingSince = Math.max(1, System.nanoTime());
        try {
            List<UUID> skipped = store.write(batch);
            if (!skipped.isEmpty()) {
                for (UUID id : skipped) {
                    superseded.put(id, Boolean.TRUE);
                }
                supersededCount.addAndGet(skipped.size());
                LOG.atWarn()
                        .addKeyValue("event", "decisions_superseded")
                        .addKeyValue("decisions", skipped.size())
                        .log(
                                "{} decisions were not stored: another decision of the same request item (the same"
                                        + " Idempotency-Key) was recorded first, by another instance that took the"
                                        + " request over after this one lost its lock; the request is answered from"
                                        + " the record",
                                skipped.size());
            }
            written.addAndGet(batch.size() - skipped.size());
            databaseUp = true;
            return true;
        } catch (SQLException | RuntimeException | AssertionError e) {
            // pgjdbc run with -ea asserts on a connection the network closed: that is an outage too
            batchFailures.incrementAndGet();
            if (databaseUp) {
                LOG.warn(
                        "Database unavailable ({}); decision records go to the journal in {} until it is back",
                        e.getMessage(),
                        journal.directory());
            }
            databaseUp = false;
            return false;
        } finally {
            writingSince = 0;
        }
    }

    private void toJournal(List<DecisionRecord> batch) throws IOException {
        journal.append(batch);
        journaled.addAndGet(batch.size());
    }

    /** Replays every closed segment; returns whether the journal is now empty. */
    private boolean replay() throws IOException {
        for (Path segment : journal.closedSegments()) {
            List<DecisionRecord> records = journal.read(segment);
            for (int from = 0; from < records.size(); from += settings.batchSize()) {
                List<DecisionRecord> part =
                        records.subList(from, Math.min(records.size(), from + settings.batchSize()));
                if (!toDatabase(part)) {
                    return false;
                }
                replayed.addAndGet(part.size());
            }
            journal.delete(segment);
            LOG.info("Replayed {} decision records from the journal {}", records.size(), segment.getFileName());
        }
        return true;
    }

    /**
     * Stops accepting decisions, writes what is buffered (to the database, else the journal), and
     * stops the writer; a journal left behind is replayed by the next start. If the writer had died
     * of an error, or is still at it after {@link #CLOSE_WAIT} (a database that does not answer, a
     * full disk), the decisions not stored go to the journal here; the writer may store some of them
     * in the database meanwhile, which a replay tolerates (inserts are idempotent).
     *
     * @throws IOException if acknowledged decisions could be stored neither in the database nor in
     *     the journal: they are lost, and the log names them (an ERROR with their decision ids)
     */
    @Override
    public void close() throws IOException {
        running = false;
        // a writer gathering a batch stores it now rather than after its linger
        LockSupport.unpark(writer);
        try {
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            journalWhatTheWriterLeft();
        } finally {
            abandoned = true;
            journal.close();
        }
    }

    /** How long {@link #close} lets the writer store what it holds before journaling it itself. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(45);

    /**
     * After the writer stopped, died or did not finish in time: waits for submissions under way (they
     * passed the check of {@code running} before the stop), then writes every decision not stored to
     * the journal, for the next start. An interrupt of the closing thread would close the journal's
     * channel, so its flag is set aside for the append and put back after.
     */
    private void journalWhatTheWriterLeft() throws IOException {
        long deadline = System.nanoTime()
                + settings.maxWait().toNanos()
                + Duration.ofSeconds(1).toNanos();
        while (submitting.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        if (unwritten.isEmpty()) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        boolean writerAlive = writer.isAlive();
        List<DecisionRecord> left = new ArrayList<>(unwritten.values());
        try {
            toJournal(left);
            for (DecisionRecord r : left) {
                unwritten.remove(r.decisionId());
            }
            LOG.warn(
                    "The decision writer {}; {} decisions it had not stored went to the journal",
                    writerAlive ? "had not finished after " + CLOSE_WAIT.toSeconds() + " s" : "had stopped",
                    left.size());
        } catch (IOException e) {
            journalFailures.incrementAndGet();
            List<String> ids = left.stream()
                    .limit(1_000)
                    .map(r -> r.decisionId().toString())
                    .toList();
            LOG.atError()
                    .setCause(e)
                    .addKeyValue("lost", left.size())
                    .addKeyValue("decisionIds", ids)
                    .log(
                            "{} acknowledged decisions are LOST: neither the database nor the journal {} took them"
                                    + " ({}); their ids (the first 1,000) are in this line",
                            left.size(),
                            journal.directory(),
                            e.getMessage());
            throw new IOException(
                    left.size() + " acknowledged decisions could not be stored in the database or the journal: "
                            + e.getMessage(),
                    e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The writer's wait before it retries; an interrupt ends the wait early and is counted. */
    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            interrupted();
        }
    }
}
