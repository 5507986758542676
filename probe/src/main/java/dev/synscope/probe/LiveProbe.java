package dev.synscope.probe;

import dev.synscope.probe.capture.LiveCapture;
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
    private final LiveCapture capture;
    private final HeaderPublisher publisher;
    private final CaptureLoop loop;
    private final Duration closeTimeout;
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private ProbeSummary summary;

    LiveProbe(String probeId, LiveCapture capture, HeaderPublisher publisher, CaptureLoop loop, Duration closeTimeout) {
        this.probeId = probeId;
        this.capture = capture;
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

    /** Counters as of the capture thread's last batch. */
    public ProbeCounters counters() {
        return loop.latest();
    }

    /** Stops capturing, lets Kafka acknowledge what is pending (up to the close timeout), closes. */
    @Override
    public synchronized void close() {
        if (summary != null) {
            return;
        }
        loop.stop();
        capture.breakLoop();
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
        capture.close();
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
