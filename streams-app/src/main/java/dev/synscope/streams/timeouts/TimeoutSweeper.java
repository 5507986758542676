package dev.synscope.streams.timeouts;

import dev.synscope.streams.config.Thresholds;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;

/**
 * Drives the timeouts of one task's connections from two clocks.
 *
 * <p><b>Event time</b> (the normal case): event time is the capture time of the packets
 * ({@link CaptureTimeExtractor}); probes send HEARTBEAT records to every partition, so event time
 * moves even on a partition without traffic. {@link #sweepIfDue}, called after every record, hands
 * every connection whose deadline is at or before the task's event time to the handler once event
 * time has moved {@code sweepInterval} past the previous sweep. It is not a STREAM_TIME punctuator on
 * purpose: Kafka Streams runs punctuators between poll batches, so a sweep would happen after a
 * different record from run to run, and a record older than stream time (a second capture file, a
 * slower probe) could see its connection timed out before its own answer arrived, or not. Sweeping
 * at the record that moves event time gives the same result whatever the batching.
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
    private long nextSweepMicros = Long.MIN_VALUE;
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

    /** After every record: sweeps at the latest event time once it moved a sweep interval past the last sweep. */
    public void sweepIfDue() {
        if (maxEventMicros == Long.MIN_VALUE || maxEventMicros < nextSweepMicros) {
            return;
        }
        sweep(maxEventMicros);
        nextSweepMicros = maxEventMicros + thresholds.sweepInterval().toNanos() / 1_000L;
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
