package org.korrekt.scoring.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.korrekt.features.identity.PersonalIdentityNumber;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * A logger that writes each event as one JSON object on one line. Events of the fluent API carry
 * their key-value pairs as fields of their own ({@code LOG.atInfo().addKeyValue("profile", p)}).
 * Thread-safe: a line is written whole.
 */
public final class JsonLogger extends AbstractLogger implements LoggingEventAware {

    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    /** Where lines go. */
    @FunctionalInterface
    public interface Sink {
        /** Standard error, as it is when the line is written (tests may replace it). */
        Sink STDERR = line -> {
            PrintStream err = System.err;
            err.println(line);
        };

        /** Writes one line. */
        void write(String line);
    }

    private final transient Sink sink;
    private final int threshold;

    /**
     * @param name the logger's name
     * @param level the least severe level written
     * @param sink where lines go
     */
    public JsonLogger(String name, Level level, Sink sink) {
        this.name = name;
        this.threshold = level.toInt();
        this.sink = sink;
    }

    /** The level named by {@code text} (trace, debug, info, warn, error; any case), info when null or blank. */
    public static Level levelOf(String text) {
        if (text == null || text.isBlank()) {
            return Level.INFO;
        }
        try {
            return Level.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "KORREKT_LOG_LEVEL must be trace, debug, info, warn or error, was '" + text + "'", e);
        }
    }

    @Override
    public boolean isTraceEnabled() {
        return threshold <= Level.TRACE.toInt();
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return threshold <= Level.DEBUG.toInt();
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return threshold <= Level.INFO.toInt();
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return threshold <= Level.WARN.toInt();
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return threshold <= Level.ERROR.toInt();
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return isErrorEnabled();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        write(level, pattern, arguments, throwable, List.of());
    }

    @Override
    public void log(LoggingEvent event) {
        if (event.getLevel().toInt() < threshold) {
            return;
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        Object[] arguments = event.getArgumentArray() == null ? null : event.getArgumentArray();
        write(event.getLevel(), event.getMessage(), arguments, event.getThrowable(), pairs);
    }

    private void write(Level level, String pattern, Object[] arguments, Throwable throwable, List<KeyValuePair> pairs) {
        if (throwable == null
                && arguments != null
                && arguments.length > 0
                && arguments[arguments.length - 1] instanceof Throwable t) {
            throwable = t; // SLF4J's convention: a trailing Throwable argument is the exception
        }
        String message = PersonalIdentityNumber.withheld(
                arguments == null ? pattern : MessageFormatter.basicArrayFormat(pattern, arguments));
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.now().toString());
            g.writeStringField("level", level.name());
            g.writeStringField("logger", name);
            g.writeStringField("thread", Thread.currentThread().getName());
            g.writeStringField("msg", message);
            for (KeyValuePair pair : pairs) {
                if (pair.key == null || isReserved(pair.key)) {
                    continue;
                }
                Object value = pair.value;
                if (value == null) {
                    g.writeNullField(pair.key);
                } else if (value instanceof Integer || value instanceof Long) {
                    g.writeNumberField(pair.key, ((Number) value).longValue());
                } else if (value instanceof Double d && Double.isFinite(d)) {
                    g.writeNumberField(pair.key, d);
                } else if (value instanceof Boolean b) {
                    g.writeBooleanField(pair.key, b);
                } else if (value instanceof java.util.UUID id) {
                    g.writeStringField(pair.key, id.toString()); // an id the service made: no person's number
                } else {
                    g.writeStringField(pair.key, PersonalIdentityNumber.withheld(String.valueOf(value)));
                }
            }
            if (throwable != null) {
                g.writeObjectFieldStart("error");
                g.writeStringField("type", throwable.getClass().getName());
                g.writeStringField("message", PersonalIdentityNumber.withheld(String.valueOf(throwable.getMessage())));
                StringWriter stack = new StringWriter();
                throwable.printStackTrace(new PrintWriter(stack));
                String trace = stack.toString();
                g.writeStringField(
                        "stack",
                        PersonalIdentityNumber.occursInOrPercentDecoded(trace) ? framesOnly(throwable) : trace);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sink.write(out.toString());
    }

    /** The stack of {@code throwable} and its causes without their messages. */
    private static String framesOnly(Throwable throwable) {
        StringBuilder out = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = throwable; t != null && seen.add(t); t = t.getCause()) {
            out.append(t == throwable ? "" : "Caused by: ")
                    .append(t.getClass().getName())
                    .append(": (message withheld: it held a personal identity number)\n");
            for (StackTraceElement frame : t.getStackTrace()) {
                out.append("\tat ").append(frame).append('\n');
            }
        }
        return out.toString();
    }

    private static boolean isReserved(String key) {
        return switch (key) {
            case "ts", "level", "logger", "thread", "msg", "error" -> true;
            default -> false;
        };
    }
}
