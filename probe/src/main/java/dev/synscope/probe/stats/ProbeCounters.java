package dev.synscope.probe.stats;

import dev.synscope.probe.capture.KernelStats;
import dev.synscope.probe.publish.BufferDrops;
import java.util.Map;

/**
 * Everything a probe has counted since it started, at one moment. Cumulative.
 *
 * @param packetsSeen     frames handed to the decoder
 * @param packetsDecoded  frames decoded into a header observation
 * @param skippedByReason frames skipped, by stable reason name (plus annotation-only reasons)
 * @param recordsSent     header records Kafka acknowledged
 * @param sendErrors      header records Kafka failed to take
 */
public record ProbeCounters(long packetsSeen, long packetsDecoded, Map<String, Long> skippedByReason,
                            KernelStats kernel, long recordsSent, long sendErrors, BufferDrops bufferDrops) {

    public ProbeCounters {
        skippedByReason = Map.copyOf(skippedByReason);
    }
}
