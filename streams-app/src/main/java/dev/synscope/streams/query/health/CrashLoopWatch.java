package dev.synscope.streams.query.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Tells a crash loop from a one-off: Kafka Streams replaces a dead stream thread (our uncaught-exception
 * handler says REPLACE_THREAD), so the state stays RUNNING while a thread dies again and again. This
 * watches Streams' own count of failed threads and reports a loop when {@link #LIMIT} or more died
 * within {@link #WINDOW}. Checked at each health request (kubelet asks every few seconds); the
 * increments are remembered in a deque bounded by {@link #LIMIT}.
 */
final class CrashLoopWatch {

    static final int LIMIT = 3;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final DoubleSupplier failedThreads;
    private final Clock clock;
    private final Deque<Long> recentFailures = new ArrayDeque<>();
    private double lastSeen;

    CrashLoopWatch(DoubleSupplier failedThreads, Clock clock) {
        this.failedThreads = failedThreads;
        this.clock = clock;
        this.lastSeen = failedThreads.getAsDouble();
    }

    /** Why the instance is in a crash loop, or empty when it is not. */
    synchronized Optional<String> crashLoop() {
        long now = clock.millis();
        double failed = failedThreads.getAsDouble();
        for (long i = 0; i < Math.min(LIMIT, (long) (failed - lastSeen)); i++) {
            recentFailures.addLast(now);
        }
        lastSeen = Math.max(lastSeen, failed);
        while (recentFailures.size() > LIMIT) {
            recentFailures.removeFirst();
        }
        while (!recentFailures.isEmpty() && recentFailures.peekFirst() < now - WINDOW.toMillis()) {
            recentFailures.removeFirst();
        }
        if (recentFailures.size() < LIMIT) {
            return Optional.empty();
        }
        return Optional.of(recentFailures.size() + " stream threads died and were replaced within "
                + WINDOW.toMinutes() + " min (" + (long) failed + " since start): a crash loop; the log has the "
                + "exception (ERROR 'stream thread failed'), the records it failed on are not being processed");
    }
}
