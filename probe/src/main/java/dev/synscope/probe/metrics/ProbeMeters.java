package dev.synscope.probe.metrics;

import dev.synscope.probe.LiveProbe;
import dev.synscope.probe.decode.SkipReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;

/**
 * Registers a probe's counters as {@code synscope_probe_*} meters. Every meter is a function of the
 * probe's live readings, evaluated at scrape time only: nothing is added to the capture thread's
 * per-packet path (decode and kernel counts come from the capture loop's snapshot, at most about a
 * second old; publisher counts are read live). docs/probe.md lists the meters.
 */
public final class ProbeMeters {

    private ProbeMeters() {
    }

    public static void bind(LiveProbe probe, MeterRegistry registry) {
        Tags tags = Tags.of("probe", probe.probeId());
        counter(registry, "synscope.probe.packets.seen", "Frames handed to the decoder", tags, probe,
                p -> p.counters().packetsSeen());
        counter(registry, "synscope.probe.packets.decoded", "Frames decoded into a header observation", tags, probe,
                p -> p.counters().packetsDecoded());
        for (SkipReason reason : SkipReason.values()) {
            if (reason.skipsFrame()) {
                String name = reason.reason();
                counter(registry, "synscope.probe.packets.skipped", "Frames skipped by the decoder, by reason",
                        tags.and("reason", name), probe, p -> p.counters().skippedByReason().getOrDefault(name, 0L));
            }
        }
        counter(registry, "synscope.probe.kernel.received", "Packets the kernel capture received (pcap_stats)",
                tags, probe, p -> p.counters().kernel().received());
        counter(registry, "synscope.probe.kernel.dropped", "Packets dropped because the kernel capture buffer was full",
                tags, probe, p -> p.counters().kernel().dropped());
        counter(registry, "synscope.probe.kernel.ifdropped", "Packets dropped by the interface or driver",
                tags, probe, p -> p.counters().kernel().ifaceDropped());
        counter(registry, "synscope.probe.records.sent", "Header records Kafka acknowledged", tags, probe,
                LiveProbe::recordsSent);
        counter(registry, "synscope.probe.send.errors", "Header records Kafka failed to take", tags, probe,
                LiveProbe::sendErrors);
        counter(registry, "synscope.probe.buffer.dropped.packets", "Headers dropped because the send buffer was full",
                tags, probe, p -> p.bufferDrops().packets());
        counter(registry, "synscope.probe.buffer.dropped.bytes", "IP bytes of the headers dropped from the full buffer",
                tags, probe, p -> p.bufferDrops().ipBytes());
        Gauge.builder("synscope.probe.buffer.fill.ratio", probe, LiveProbe::bufferFill)
                .description("Send buffer fill, 0..1: the larger of its record and byte fill")
                .tags(tags).strongReference(true).register(registry);
        Gauge.builder("synscope.probe.buffer.records", probe, LiveProbe::bufferedRecords)
                .description("Header records waiting in the send buffer")
                .tags(tags).strongReference(true).register(registry);
        Gauge.builder("synscope.probe.up", probe, p -> p.isRunning() ? 1 : 0)
                .description("1 while the capture loop runs, 0 once it failed or stopped")
                .tags(tags).strongReference(true).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, Tags tags, LiveProbe probe,
                                ToDoubleFunction<LiveProbe> value) {
        // FunctionCounter holds the probe weakly: ProbeMetricsServer keeps it reachable while serving
        FunctionCounter.builder(name, probe, value).description(description).tags(tags).register(registry);
    }
}
