package dev.synscope.probe;

import dev.synscope.probe.capture.FrameSource;
import dev.synscope.probe.publish.BufferDrops;
import dev.synscope.probe.publish.HeaderPublisher;
import dev.synscope.probe.stats.ProbeCounters;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running live capture; {@link #close()} stops it and returns after Kafka had its chance. */
public final class LiveProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveProbe.class);

    private final String probeId;
    private final FrameSource capture;
    private final Runnable breakLoop;
    private final HeaderPublisher publisher;
    private final CaptureLoop loop;
    private final Duration closeTimeout;
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private ProbeSummary summary;

    /** {@code breakLoop} wakes the capture thread out of a blocking read (any thread). */
    LiveProbe(String probeId, FrameSource capture, Runnable breakLoop, HeaderPublisher publisher, CaptureLoop loop,
              Duration closeTimeout) {
        this.probeId = probeId;
        this.capture = capture;
        this.breakLoop = breakLoop;
        this.publisher = publisher;
        this.loop = loop;
        this.closeTimeout = closeTimeout;
        this.thread = new Thread(this::capture, "synscope-probe-capture-" + capture.name());
        this.thread.start();
    }

    private void capture() {
        try {
            loop.run();
            ended.complete(null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOG.error("capture on {} stopped: {}", capture.name(), e.toString());
            ended.completeExceptionally(e);
        }
    }

    public String probeId() {
        return probeId;
    }

    /** Completes when the capture thread ends (normally only after {@link #close()}). */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * Decode and kernel counters as of the capture thread's latest snapshot (at most about a second
     * old while capturing; final after {@link #close()}). Publisher counts in it may lag: read
     * {@link #recordsSent()} and friends for the live ones.
     */
    public ProbeCounters counters() {
        return loop.latest();
    }

    /** True while the capture thread runs: false once it failed, ended or was closed. */
    public boolean isRunning() {
        return !ended.isDone() && thread.isAlive();
    }

    /** Header records Kafka acknowledged so far (live). */
    public long recordsSent() {
        return publisher.acknowledged();
    }

    /** Header records Kafka failed to take so far (live). */
    public long sendErrors() {
        return publisher.sendErrors();
    }

    /** Headers dropped because the send buffer was full, so far (live). */
    public BufferDrops bufferDrops() {
        return publisher.drops();
    }

    /** Header records waiting in the send buffer now. */
    public long bufferedRecords() {
        return publisher.pendingRecords();
    }

    /** How full the send buffer is, 0..1: the larger of its record and byte fill. */
    public double bufferFill() {
        double records = (double) publisher.pendingRecords() / publisher.bufferCapacityRecords();
        double bytes = (double) publisher.pendingBytes() / publisher.bufferCapacityBytes();
        return Math.min(1.0, Math.max(records, bytes));
    }

    /** Stops capturing, lets Kafka acknowledge what is pending (up to the close timeout), closes. */
    @Override
    public synchronized void close() {
        if (summary != null) {
            return;
        }
        loop.stop();
        breakLoop.run();
        try {
            thread.join(closeTimeout.toMillis() + 1000);
            if (!thread.isAlive()) {
                publisher.awaitDelivered(closeTimeout);
                loop.finalStats();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close(closeTimeout);
        try {
            capture.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", capture.name(), e.toString());
        }
        summary = Probe.summary(probeId, capture.name(), loop, publisher, System.nanoTime() - startNanos);
    }

    /** The final accounting; available after {@link #close()}. */
    public synchronized ProbeSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("the probe is still running");
        }
        return summary;
    }
}
