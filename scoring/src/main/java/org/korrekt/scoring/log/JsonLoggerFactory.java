package org.korrekt.scoring.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Makes {@link JsonLogger}s. Libraries that are chatty at info (Hadoop, Parquet, Netty) log only
 * warnings and errors unless the level is debug or trace.
 */
final class JsonLoggerFactory implements ILoggerFactory {

    private static final String[] QUIET = {"org.apache.hadoop", "org.apache.parquet", "io.netty"};

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final JsonLogger.Sink sink;
    private final Level level;

    JsonLoggerFactory(JsonLogger.Sink sink, Level level) {
        this.sink = sink;
        this.level = level;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new JsonLogger(n, levelFor(n), sink));
    }

    private Level levelFor(String name) {
        if (level.toInt() >= Level.INFO.toInt()) {
            for (String quiet : QUIET) {
                if (name.startsWith(quiet)) {
                    return level.toInt() > Level.WARN.toInt() ? level : Level.WARN;
                }
            }
        }
        return level;
    }
}
