package dev.synscope.probe;

import dev.synscope.probe.capture.CaptureFiles;
import dev.synscope.probe.capture.FrameSource;
import dev.synscope.probe.capture.LiveCapture;
import dev.synscope.probe.publish.HeaderPublisher;
import dev.synscope.probe.stats.ProbeCounters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a probe: {@link #runFiles} replays capture files and returns when Kafka has acknowledged
 * everything; {@link #start} captures live until the returned handle is closed.
 */
public final class Probe {

    private static final Logger LOG = LoggerFactory.getLogger(Probe.class);

    private Probe() {
    }

    /** Replays the config's single capture file; see {@link #runFiles}. */
    public static ProbeSummary runFile(ProbeConfig config) throws IOException, InterruptedException {
        if (config.pcapFiles().size() != 1) {
            throw new IllegalArgumentException("runFile takes exactly one file, got " + config.pcapFiles().size());
        }
        return runFile(config, config.pcapFiles().get(0));
    }

    /**
     * Replays each file in turn, each as its own vantage point, with back-pressure (nothing is
     * dropped), and blocks until every record is acknowledged by Kafka.
     *
     * @throws dev.synscope.probe.capture.CaptureFormatException when a file is damaged, after every
     *         good packet before the damage was published and acknowledged
     */
    public static List<ProbeSummary> runFiles(ProbeConfig config) throws IOException, InterruptedException {
        List<ProbeSummary> summaries = new ArrayList<>();
        for (Path file : config.pcapFiles()) {
            summaries.add(runFile(config, file));
        }
        return summaries;
    }

    /** Replays one file as vantage point {@code config.fileProbeId(file)}. */
    public static ProbeSummary runFile(ProbeConfig config, Path file) throws IOException, InterruptedException {
        String probeId = config.fileProbeId(file);
        long start = System.nanoTime();
        try (FrameSource source = CaptureFiles.open(file)) {
            HeaderPublisher publisher = new HeaderPublisher(config.publishSettings(), probeId, source.name());
            CaptureLoop loop = new CaptureLoop(source, publisher, probeId, false, config.replaySpeed(),
                    config.heartbeatInterval(), config.statsInterval(), config.validateChecksums());
            try {
                loop.run();
            } finally {
                // whatever happened, what was read is delivered before the error surfaces
                if (!publisher.awaitDelivered(config.closeTimeout())) {
                    LOG.warn("Kafka has not acknowledged everything from {} within {}", file, config.closeTimeout());
                }
                loop.finalStats();
                publisher.close(config.closeTimeout());
            }
            return summary(probeId, source.name(), loop, publisher, System.nanoTime() - start);
        }
    }

    /**
     * Opens the interface now (so a missing interface or permission fails here, in the caller's
     * thread) and captures on a background thread until {@link LiveProbe#close()}.
     *
     * @throws dev.synscope.probe.capture.CaptureSetupException when the capture cannot be opened
     */
    public static LiveProbe start(ProbeConfig config) {
        LiveCapture capture = LiveCapture.open(config.captureSettings());
        String probeId = config.liveProbeId();
        HeaderPublisher publisher;
        try {
            publisher = new HeaderPublisher(config.publishSettings(), probeId, capture.name());
        } catch (RuntimeException e) {
            capture.close();
            throw e;
        }
        CaptureLoop loop = new CaptureLoop(capture, publisher, probeId, true, 0, config.heartbeatInterval(),
                config.statsInterval(), config.validateChecksums());
        return new LiveProbe(probeId, capture, capture::breakLoop, publisher, loop, config.closeTimeout());
    }

    static ProbeSummary summary(String probeId, String source, CaptureLoop loop, HeaderPublisher publisher,
                                long elapsedNanos) {
        ProbeCounters c = loop.latest();
        return new ProbeSummary(probeId, source, c.packetsSeen(), c.packetsDecoded(), c.skippedByReason(),
                publisher.acknowledged(), publisher.sendErrors(), publisher.drops(), c.kernel(),
                loop.firstTsMicros(), loop.lastTsMicros(), publisher.heartbeatsSent(), publisher.bytesSent(),
                Duration.ofNanos(elapsedNanos));
    }
}
