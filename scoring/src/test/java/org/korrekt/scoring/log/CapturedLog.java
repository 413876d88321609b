package org.korrekt.scoring.log;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The service's log lines, as an operator's log collector would read them: standard error is
 * copied while this is open (and still written through), and the lines of one event can be
 * asked for. The service's loggers write to {@code System.err} as it is at each line.
 */
public final class CapturedLog implements AutoCloseable {

    private final PrintStream original;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private CapturedLog() {
        original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (copy) {
                    copy.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (copy) {
                    copy.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts copying standard error. */
    public static CapturedLog start() {
        return new CapturedLog();
    }

    /** The JSON log lines written so far whose {@code event} is {@code event}, in order. */
    public List<JsonObject> events(String event) {
        String text;
        synchronized (copy) {
            text = copy.toString(StandardCharsets.UTF_8);
        }
        List<JsonObject> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("{") && line.contains("\"event\":\"" + event + "\"")) {
                JsonObject json = new JsonObject(line);
                if (event.equals(json.getString("event"))) {
                    found.add(json);
                }
            }
        }
        return found;
    }

    /** Stops copying: standard error is the stream it was. */
    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
