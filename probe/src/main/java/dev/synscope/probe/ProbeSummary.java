package dev.synscope.probe;

import dev.synscope.probe.capture.KernelStats;
import dev.synscope.probe.publish.BufferDrops;
import java.time.Duration;
import java.util.Map;

/**
 * What one probe run did, when it ended: every packet seen is decoded or skipped (by reason), every
 * decoded one is published (acknowledged), failed, or dropped from the full buffer.
 *
 * @param firstTsMicros earliest capture time seen, null when no packet was seen
 * @param lastTsMicros  latest capture time seen, null when no packet was seen
 * @param heartbeats    heartbeat rounds sent (each to every partition)
 * @param bytesSent     bytes the Kafka producer sent (compressed requests: bytes on the wire)
 */
public record ProbeSummary(String probeId, String source, long packetsSeen, long packetsDecoded,
                           Map<String, Long> skippedByReason, long recordsPublished, long sendErrors,
                           BufferDrops bufferDrops, KernelStats kernel, Long firstTsMicros, Long lastTsMicros,
                           long heartbeats, long bytesSent, Duration elapsed) {

    public ProbeSummary {
        skippedByReason = Map.copyOf(skippedByReason);
    }

    /** Bytes on the wire to Kafka per published header (heartbeats and stats included in the bytes). */
    public double bytesPerRecord() {
        return recordsPublished == 0 ? 0 : (double) bytesSent / recordsPublished;
    }

    /** Packets per second of wall-clock time over the whole run. */
    public double packetsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : packetsSeen / seconds;
    }
}
