package org.korrekt.scoring.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.features.history.HistoryLimits;
import org.korrekt.features.history.HistoryLog;
import org.korrekt.features.history.PersonHistoryStore;

/**
 * Loads korrekt's history log (written by {@code korrekt history} from the Parquet history) into a
 * {@link PersonHistoryStore} sized for the people, children and addresses in it, with room for a
 * quarter more.
 */
public final class HistoryLoader {

    private HistoryLoader() {}

    /**
     * A loaded log: the store, and the time the log is as of ({@link HistoryLog}).
     *
     * @param store the person history
     * @param asOf when the registers' export the log was made from was taken
     */
    public record Loaded(PersonHistoryStore store, Instant asOf) {}

    /** The store, with every event of the log applied in the log's order (the order they became known). */
    public static PersonHistoryStore load(Path log) throws IOException {
        return loadLog(log).store();
    }

    /** As {@link #load}, with the log's as-of time. */
    public static Loaded loadLog(Path log) throws IOException {
        return loadLog(log, java.util.List.of());
    }

    /**
     * As {@link #loadLog(Path)}, sized also for {@code morePersons}: the people a start puts back
     * into the history after the log (those the service has decided on), so that putting them back
     * evicts no one and the quarter of headroom is left for people new since.
     */
    public static Loaded loadLog(Path log, java.util.Collection<String> morePersons) throws IOException {
        List<HistoryEvent> events = new ArrayList<>();
        Instant asOf;
        try (InputStream in = Files.newInputStream(log)) {
            asOf = HistoryLog.read(in, events::add).asOf();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("cannot load the person history " + log + ": it does not exist", e);
        } catch (IOException e) {
            throw new IOException("cannot load the person history " + log + ": " + e.getMessage(), e);
        }
        Set<String> persons = new HashSet<>();
        Set<String> children = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (HistoryEvent e : events) {
            if (e instanceof HistoryEvent.ClaimSubmitted c) {
                persons.add(c.person());
                if (c.child() != null) {
                    children.add(c.child());
                }
            } else if (e instanceof HistoryEvent.PaymentMade p) {
                persons.add(p.person());
            } else if (e instanceof HistoryEvent.IncomeDeclared m) {
                persons.add(m.person());
            } else if (e instanceof HistoryEvent.ChildAttended a) {
                children.add(a.child());
            } else if (e instanceof HistoryEvent.MovedIn m) {
                persons.add(m.person());
                addresses.add(m.address());
            } else if (e instanceof HistoryEvent.PermitIssued p) {
                persons.add(p.person());
            } else if (e instanceof HistoryEvent.HoursReported h) {
                persons.add(h.user());
            }
        }
        persons.addAll(morePersons);
        int keys = Math.max(persons.size(), Math.max(children.size(), addresses.size()));
        PersonHistoryStore store = new PersonHistoryStore(HistoryLimits.forPopulation(keys + keys / 4 + 1_024));
        for (HistoryEvent e : events) {
            e.applyTo(store);
        }
        return new Loaded(store, asOf);
    }
}
