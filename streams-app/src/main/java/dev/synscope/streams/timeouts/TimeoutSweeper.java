package dev.synscope.streams.timeouts;

import dev.synscope.streams.config.Thresholds;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;

/**
 * Drives the timeouts of one task's connections from two clocks.
 *
 * <p><b>Stream time</b> (the normal case): event time is the capture time of the packets
 * ({@link CaptureTimeExtractor}); probes send HEARTBEAT records to every partition, so stream time
 * moves even on a partition without traffic. {@link #onStreamTime} is a STREAM_TIME punctuator
 * that hands every connection whose deadline is at or before the task's event time to the handler.
 *
 * <p><b>Wall clock</b>, for partitions that get no records at all (a probe without heartbeats, or
 * a dead probe): when the task has received nothing for {@code wallClockIdleAdvance} of wall time,
 * its event time is taken to be the last event time seen plus the wall time elapsed since that
 * record arrived, and the sweep runs at that time ({@link #onWallClock}, a WALL_CLOCK_TIME
 * punctuator). This assumes capture clocks follow the wall clock, true for live capture; it is off
 * ({@code wallClockIdleAdvance = 0}) for one-shot file analysis. A record arriving later with an
 * older capture time is still applied, to whatever the sweep left.
 */
public final class TimeoutSweeper {

    /** Called for each connection whose deadline passed. */
    @FunctionalInterface
    public interface DueHandler {
        void onDue(Bytes connectionKey, long nowMicros);
    }

    private static final int BATCH = 10_000;

    private final DeadlineIndex index;
    private final Thresholds thresholds;
    private final DueHandler handler;
    private long maxEventMicros = Long.MIN_VALUE;
    private long lastRecordWallMillis;

    public TimeoutSweeper(DeadlineIndex index, Thresholds thresholds, DueHandler handler, long nowWallMillis) {
        this.index = index;
        this.thresholds = thresholds;
        this.handler = handler;
        this.lastRecordWallMillis = nowWallMillis;
    }

    /** Notes a record (any kind, heartbeats included) with its event time, as it arrives. */
    public void recordSeen(long eventMicros, long wallMillis) {
        maxEventMicros = Math.max(maxEventMicros, eventMicros);
        lastRecordWallMillis = wallMillis;
    }

    /** Latest event time of this task (stream time in micros), or Long.MIN_VALUE before any record. */
    public long eventTimeMicros() {
        return maxEventMicros;
    }

    /** STREAM_TIME punctuator. */
    public void onStreamTime(long streamTimeMillis) {
        long now = Math.max(maxEventMicros, streamTimeMillis * 1_000L);
        maxEventMicros = now;
        sweep(now);
    }

    /** WALL_CLOCK_TIME punctuator: the quiet-partition rule of the class comment. */
    public void onWallClock(long wallMillis) {
        long idleMillis = thresholds.wallClockIdleAdvance().toMillis();
        if (idleMillis <= 0 || maxEventMicros == Long.MIN_VALUE) {
            return;
        }
        long quiet = wallMillis - lastRecordWallMillis;
        if (quiet >= idleMillis) {
            sweep(maxEventMicros + quiet * 1_000L);
        }
    }

    /** Hands every connection due at {@code nowMicros} to the handler. */
    public void sweep(long nowMicros) {
        List<Bytes> due;
        do {
            due = index.due(nowMicros, BATCH);
            for (Bytes key : due) {
                handler.onDue(key, nowMicros);
            }
        } while (due.size() == BATCH);
    }
}
