package dev.synscope.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Log levels per command, on top of logback.xml. The report commands ({@link Report}: demo, analyze,
 * lab) run an embedded Kafka broker and streams app in-process and print their own progress and
 * report on stdout, so by default they raise Kafka's loggers to ERROR (its WARN lines there are
 * start-up and shutdown noise of a throwaway broker: empty metadata log, topics not created yet,
 * partitions no longer assigned), silence the embedded broker's own server-side log ({@code kafka.*}: what it
 * refuses a client, such as a transactional append out of sequence, the client reports or recovers from itself;
 * clients still log at ERROR) and drop the INFO lines of our embedded broker and streams app
 * (broker started/stopped, the streams config dump): what they say is already on stdout. Our own
 * WARN and ERROR lines stay. {@code --verbose} ({@code SYNSCOPE_VERBOSE=true}) keeps logback.xml's
 * levels: Kafka at WARN ({@code SYNSCOPE_KAFKA_LOG_LEVEL}), ours at INFO ({@code SYNSCOPE_LOG_LEVEL}).
 * An explicit {@code SYNSCOPE_KAFKA_LOG_LEVEL} is always honoured. The service commands (streams,
 * probe, broker) and the clients (query, tail, export) keep logback.xml's levels: there a Kafka
 * warning (a broker that cannot be reached) is worth a line.
 */
final class Logging {

    /** Marks a command whose stdout is a report and whose in-process Kafka is an implementation detail. */
    interface Report {
    }

    static final Set<String> KAFKA_LOGGERS = Set.of("org.apache.kafka", "kafka");
    /** The broker's server side (Scala {@code kafka.server}, {@code kafka.log}, ...); clients are org.apache.kafka. */
    static final String BROKER_LOGGER = "kafka";
    static final Set<String> EMBEDDED_LOGGERS = Set.of("dev.synscope.kafka.embedded", "dev.synscope.streams");

    /** Levels as logback.xml (or the test config) set them, before the first change; restored each time. */
    private static final Map<String, Level> ORIGINAL = new HashMap<>();

    private Logging() {
    }

    /** Applies the levels for one command run. Does nothing when logback is not the slf4j backend. */
    static synchronized void apply(boolean verbose, boolean report) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        boolean quiet = report && !verbose;
        boolean kafkaLevelGiven = System.getenv("SYNSCOPE_KAFKA_LOG_LEVEL") != null;
        for (String name : KAFKA_LOGGERS) {
            Level quietLevel = name.equals(BROKER_LOGGER) ? Level.OFF : Level.ERROR;
            set(context, name, quiet && !kafkaLevelGiven ? quietLevel : null);
        }
        for (String name : EMBEDDED_LOGGERS) {
            set(context, name, quiet ? Level.WARN : null);
        }
    }

    /** Sets a logger's level; {@code null} restores what the configuration had. */
    private static void set(LoggerContext context, String name, Level level) {
        ch.qos.logback.classic.Logger logger = context.getLogger(name);
        if (!ORIGINAL.containsKey(name)) {
            ORIGINAL.put(name, logger.getLevel());
        }
        logger.setLevel(level != null ? level : ORIGINAL.get(name));
    }
}
