package org.korrekt.features.history;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.korrekt.features.Benefit;

/**
 * korrekt's own file of history events ({@code history.krkh}): what {@code training} extracts from
 * the Parquet history and the scoring service loads into its {@link PersonHistoryStore} at start,
 * so that the service never reads Parquet. Layout: the magic {@code KRKH}, the format version, the
 * time the log is as of (epoch milliseconds), the event count, the events (a tag byte and the
 * record's fields, big-endian, strings as modified UTF-8), and the CRC-32 of everything before it.
 *
 * <p>The as-of time is when the registers' export the log was made from was taken: facts the
 * service's live feed received before it are in the log, and those after are not.
 */
public final class HistoryLog {

    /**
     * The format this class writes (2: timesheets name the assistance user; provider licence
     * revocations; 3: the as-of time).
     */
    public static final int FORMAT = 3;

    private static final int MAGIC = 0x4B524B48; // "KRKH"

    private HistoryLog() {}

    /** What a log holds besides its events: how many, and the time it is as of. */
    public record Summary(long count, Instant asOf) {}

    /** Writes events in the order given, as of now. */
    public static void write(Iterable<HistoryEvent> events, long count, OutputStream out) throws IOException {
        write(events, count, Instant.now(), out);
    }

    /** Writes events in the order given, as of {@code asOf} (kept to the millisecond). */
    public static void write(Iterable<HistoryEvent> events, long count, Instant asOf, OutputStream out)
            throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream data = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(out), crc));
        data.writeInt(MAGIC);
        data.writeInt(FORMAT);
        data.writeLong(asOf.toEpochMilli());
        data.writeLong(count);
        long written = 0;
        for (HistoryEvent event : events) {
            writeEvent(event, data);
            written++;
        }
        if (written != count) {
            throw new IllegalArgumentException("told " + count + " events, wrote " + written);
        }
        data.flush();
        new DataOutputStream(out).writeInt((int) crc.getValue());
        out.flush();
    }

    /**
     * Reads a log, handing each event to {@code sink} in file order, and returns the event count
     * and the as-of time.
     *
     * @throws IOException when the file is not a history log, has another format, is cut short or
     *     fails its checksum
     */
    public static Summary read(InputStream in, Consumer<HistoryEvent> sink) throws IOException {
        CRC32 crc = new CRC32();
        InputStream buffered = new BufferedInputStream(in);
        DataInputStream data = new DataInputStream(new CheckedInputStream(buffered, crc));
        try {
            if (data.readInt() != MAGIC) {
                throw new IOException("not a korrekt history log (no KRKH magic)");
            }
            int format = data.readInt();
            if (format != FORMAT) {
                throw new IOException("history log format " + format + " is not supported (this build reads " + FORMAT
                        + "); write it again from the history tables with korrekt history");
            }
            Instant asOf = Instant.ofEpochMilli(data.readLong());
            long count = data.readLong();
            for (long i = 0; i < count; i++) {
                sink.accept(readEvent(data));
            }
            int expected = (int) crc.getValue();
            int stored = new DataInputStream(buffered).readInt();
            if (stored != expected) {
                throw new IOException("history log fails its checksum: the file is damaged");
            }
            return new Summary(count, asOf);
        } catch (EOFException e) {
            throw new IOException("history log is cut short", e);
        }
    }

    private static void writeEvent(HistoryEvent event, DataOutputStream out) throws IOException {
        if (event instanceof HistoryEvent.ClaimSubmitted c) {
            out.writeByte(1);
            out.writeUTF(c.applicationId());
            out.writeUTF(c.person());
            out.writeUTF(c.benefit().code());
            out.writeInt(c.submitted());
            out.writeInt(c.periodStart());
            out.writeInt(c.claimedDays());
            out.writeBoolean(c.child() != null);
            if (c.child() != null) {
                out.writeUTF(c.child());
            }
        } else if (event instanceof HistoryEvent.PaymentMade p) {
            out.writeByte(2);
            out.writeUTF(p.person());
            out.writeUTF(p.benefit().code());
            out.writeInt(p.payDay());
            out.writeDouble(p.amountSek());
        } else if (event instanceof HistoryEvent.IncomeDeclared m) {
            out.writeByte(3);
            out.writeUTF(m.person());
            out.writeInt(m.month());
            out.writeDouble(m.grossPaySek());
            out.writeShort(m.sickDays());
            out.writeShort(m.parentalLeaveDays());
            out.writeShort(m.vabDays());
        } else if (event instanceof HistoryEvent.ChildAttended a) {
            out.writeByte(4);
            out.writeUTF(a.child());
            out.writeInt(a.day());
        } else if (event instanceof HistoryEvent.HoursReported h) {
            out.writeByte(5);
            out.writeUTF(h.assistant());
            out.writeUTF(h.user());
            out.writeInt(h.day());
            out.writeDouble(h.hours());
        } else if (event instanceof HistoryEvent.MovedIn m) {
            out.writeByte(6);
            out.writeUTF(m.person());
            out.writeUTF(m.address());
            out.writeInt(m.from());
        } else if (event instanceof HistoryEvent.MovedOut m) {
            out.writeByte(7);
            out.writeUTF(m.person());
            out.writeUTF(m.address());
            out.writeInt(m.lastDay());
        } else if (event instanceof HistoryEvent.PermitIssued p) {
            out.writeByte(8);
            out.writeUTF(p.person());
            out.writeInt(p.validTo());
        } else if (event instanceof HistoryEvent.PermitRenewed p) {
            out.writeByte(9);
            out.writeUTF(p.person());
            out.writeInt(p.renewedOn());
        } else if (event instanceof HistoryEvent.LicenceRevoked r) {
            out.writeByte(10);
            out.writeUTF(r.provider());
            out.writeInt(r.revokedOn());
        } else {
            throw new IllegalArgumentException("unknown history event " + event);
        }
    }

    private static HistoryEvent readEvent(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 1 ->
                new HistoryEvent.ClaimSubmitted(
                        in.readUTF(),
                        in.readUTF(),
                        benefit(in.readUTF()),
                        in.readInt(),
                        in.readInt(),
                        in.readInt(),
                        in.readBoolean() ? in.readUTF() : null);
            case 2 -> new HistoryEvent.PaymentMade(in.readUTF(), benefit(in.readUTF()), in.readInt(), in.readDouble());
            case 3 ->
                new HistoryEvent.IncomeDeclared(
                        in.readUTF(), in.readInt(), in.readDouble(), in.readShort(), in.readShort(), in.readShort());
            case 4 -> new HistoryEvent.ChildAttended(in.readUTF(), in.readInt());
            case 5 -> new HistoryEvent.HoursReported(in.readUTF(), in.readUTF(), in.readInt(), in.readDouble());
            case 6 -> new HistoryEvent.MovedIn(in.readUTF(), in.readUTF(), in.readInt());
            case 7 -> new HistoryEvent.MovedOut(in.readUTF(), in.readUTF(), in.readInt());
            case 8 -> new HistoryEvent.PermitIssued(in.readUTF(), in.readInt());
            case 9 -> new HistoryEvent.PermitRenewed(in.readUTF(), in.readInt());
            case 10 -> new HistoryEvent.LicenceRevoked(in.readUTF(), in.readInt());
            default -> throw new IOException("history log has an unknown event tag " + tag);
        };
    }

    private static Benefit benefit(String code) throws IOException {
        Benefit benefit = Benefit.fromCode(code);
        if (benefit == null) {
            throw new IOException("history log names benefit '" + code + "', which this build does not know");
        }
        return benefit;
    }
}
