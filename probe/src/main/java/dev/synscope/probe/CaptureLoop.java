package dev.synscope.probe;

import dev.synscope.probe.capture.FrameHandler;
import dev.synscope.probe.capture.FrameSource;
import dev.synscope.probe.capture.KernelStats;
import dev.synscope.probe.capture.ReplayPacer;
import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.probe.decode.HeaderDecoder;
import dev.synscope.probe.decode.LinkType;
import dev.synscope.probe.publish.HeaderPublisher;
import dev.synscope.probe.stats.ProbeCounters;
import dev.synscope.probe.stats.StatsReporter;
import java.io.IOException;
import java.time.Duration;

/**
 * The capture thread's loop: frames from a source go through the decoder to the publisher; between
 * batches it flushes (live), heartbeats and emits stats. One instance per source, one thread.
 *
 * <p>Heartbeats: for a file they follow capture time (one each {@code heartbeatInterval} of capture
 * time, stamped with the latest capture time seen, and a final one at the end of the file); live
 * they follow the wall clock, stamped with the current time. docs/probe.md explains the guarantee.
 */
final class CaptureLoop implements FrameHandler {

    /** Frames per call into the source: amortises the call, short enough to heartbeat on time. */
    static final int BATCH = 4096;

    /**
     * Longest a stopping live capture keeps reading the kernel ring's backlog: ~1M packets at this
     * machine's rate, so the default 128 MiB ring empties; bounded because traffic keeps arriving.
     */
    static final long DRAIN_NANOS = 5_000_000_000L;

    /** How stale {@link #latest()} may get (metrics scrapes read it): one snapshot per second, per batch at most. */
    private static final long LATEST_REFRESH_MICROS = 1_000_000;

    private final FrameSource source;
    private final HeaderPublisher publisher;
    private final HeaderDecoder decoder;
    private final DecodedHeader header = new DecodedHeader();
    private final ReplayPacer pacer;
    private final boolean live;
    private final long heartbeatMicros;
    private final long statsMicros;
    private final StatsReporter reporter;

    private long packetsSeen;
    private long firstTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;
    private long nextCaptureHeartbeat = Long.MIN_VALUE;
    private long nextWallHeartbeat;
    private long nextWallStats;
    private long nextLatestRefresh;
    private InterruptedException interrupted;
    private volatile boolean stopping;
    private volatile ProbeCounters latest;

    CaptureLoop(FrameSource source, HeaderPublisher publisher, String probeId, boolean live, double replaySpeed,
                Duration heartbeatInterval, Duration statsInterval) {
        this(source, publisher, probeId, live, replaySpeed, heartbeatInterval, statsInterval, false);
    }

    /** {@code validateChecksums}: see {@link ProbeConfig#validateChecksums()}. */
    CaptureLoop(FrameSource source, HeaderPublisher publisher, String probeId, boolean live, double replaySpeed,
                Duration heartbeatInterval, Duration statsInterval, boolean validateChecksums) {
        this.decoder = new HeaderDecoder(new dev.synscope.probe.decode.DecodeCounters(), validateChecksums);
        this.source = source;
        this.publisher = publisher;
        this.live = live;
        this.pacer = new ReplayPacer(replaySpeed);
        this.heartbeatMicros = heartbeatInterval.toNanos() / 1000;
        this.statsMicros = statsInterval.toNanos() / 1000;
        long now = wallMicros();
        this.reporter = new StatsReporter(probeId, source.name(), now);
        this.nextWallHeartbeat = now + heartbeatMicros;
        this.nextWallStats = now + statsMicros;
        this.latest = counters();
    }

    /**
     * Reads until the source ends or {@link #stop()}; then the final heartbeat (files). The caller
     * sends {@link #finalStats()} once Kafka has acknowledged the headers, so the last stats record
     * carries the final counts.
     */
    void run() throws IOException, InterruptedException {
        try {
            while (!stopping) {
                int n = source.deliver(this, BATCH);
                if (interrupted != null) {
                    throw interrupted;
                }
                if (n < 0) {
                    break;
                }
                if (live) {
                    publisher.flush();
                }
                periodic();
            }
            if (live && interrupted == null) {
                drainQueued();
            }
        } finally {
            if (!live && maxTs != Long.MIN_VALUE) {
                publisher.heartbeat(maxTs);
            }
            publisher.flush();
            latest = counters();
        }
    }

    /**
     * Live, after a stop: what the kernel already captured is still published (and counted), up to
     * {@link #DRAIN_NANOS}; what arrives later stays in the ring and shows as received but not seen.
     */
    private void drainQueued() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        while (System.nanoTime() < deadline) {
            int n = source.deliverQueued(this, BATCH);
            if (interrupted != null) {
                throw interrupted;
            }
            if (n <= 0) {
                break;
            }
            publisher.flush();
        }
        publisher.flush();
    }

    /** Queues the last stats record (after the capture thread ended; from the thread that ran it or joined it). */
    void finalStats() {
        ProbeCounters c = counters();
        latest = c;
        publisher.stats(reporter.next(c, wallMicros()));
        publisher.flush();
    }

    @Override
    public void onFrame(LinkType linkType, byte[] data, int offset, int capturedLength, int wireLength,
                        long tsMicros) {
        if (interrupted != null) {
            return;
        }
        pacer.awaitDue(tsMicros);
        packetsSeen++;
        if (tsMicros < firstTs) {
            firstTs = tsMicros;
        }
        if (tsMicros > maxTs) {
            maxTs = tsMicros;
        }
        if (decoder.decode(linkType, data, offset, capturedLength, tsMicros, header)) {
            try {
                publisher.publish(header);
            } catch (InterruptedException e) {
                interrupted = e;
                stopping = true;
            }
        }
        if (!live) {
            if (nextCaptureHeartbeat == Long.MIN_VALUE) {
                nextCaptureHeartbeat = maxTs + heartbeatMicros;
            } else if (maxTs >= nextCaptureHeartbeat) {
                publisher.heartbeat(maxTs);
                nextCaptureHeartbeat = maxTs + heartbeatMicros;
            }
        }
    }

    private void periodic() {
        long now = wallMicros();
        if (live && now >= nextWallHeartbeat) {
            publisher.heartbeat(now);
            nextWallHeartbeat = now + heartbeatMicros;
        }
        if (now >= nextWallStats) {
            ProbeCounters c = counters();
            latest = c;
            publisher.stats(reporter.next(c, now));
            nextWallStats = now + statsMicros;
            nextLatestRefresh = now + LATEST_REFRESH_MICROS;
        } else if (now >= nextLatestRefresh) {
            latest = counters();
            nextLatestRefresh = now + LATEST_REFRESH_MICROS;
        }
    }

    /** Asks the loop to end after the current batch (any thread). */
    void stop() {
        stopping = true;
    }

    /** Counters as of the last batch (any thread). */
    ProbeCounters latest() {
        return latest;
    }

    Long firstTsMicros() {
        return firstTs == Long.MAX_VALUE ? null : firstTs;
    }

    Long lastTsMicros() {
        return maxTs == Long.MIN_VALUE ? null : maxTs;
    }

    private ProbeCounters counters() {
        KernelStats kernel = source.kernelStats();
        return new ProbeCounters(packetsSeen, decoder.counters().decodedCount(), decoder.counters().snapshot(),
                kernel, publisher.acknowledged(), publisher.sendErrors(), publisher.drops());
    }

    private static long wallMicros() {
        return System.currentTimeMillis() * 1000L;
    }
}
