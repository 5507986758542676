package dev.synscope.lab.pipeline;

import dev.synscope.lab.diagnosis.WireSightings;
import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.probe.decode.HeaderDecoder;
import dev.synscope.probe.decode.LinkType;
import dev.synscope.probe.publish.HeaderPublisher;
import dev.synscope.probe.publish.PublishSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * SynScope's probe at one lab vantage point: the probe's own header decoder and Kafka publisher
 * (probe id {@link Vantage#probeId()}), fed with the frames tcpdump captured in that namespace.
 * The lab drives it instead of the probe's capture loop so that both vantages can be published in
 * one time order (a live probe publishes as packets arrive; two replayed files would not).
 */
final class VantageProbe implements AutoCloseable {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private final Vantage vantage;
    private final HeaderDecoder decoder = new HeaderDecoder();
    private final DecodedHeader header = new DecodedHeader();
    private final HeaderPublisher publisher;
    private final Set<WireSightings.Pair> seen = new HashSet<>();
    private long published;

    VantageProbe(Vantage vantage, PublishSettings settings) {
        this.vantage = vantage;
        this.publisher = new HeaderPublisher(settings, vantage.probeId(), vantage.device());
    }

    Vantage vantage() {
        return vantage;
    }

    /** Decodes and publishes one frame; frames that are not TCP/ICMP errors are counted by the decoder and skipped. */
    void offer(CapturedFrame frame) throws InterruptedException {
        if (decoder.decode(LinkType.fromDlt(frame.dlt()), frame.data(), 0, frame.data().length, frame.tsMicros(),
                header)) {
            publisher.publish(header);
            published++;
            seen.add(WireSightings.Pair.of(endpoint(header.srcAddr, header.addrLength, header.srcPort),
                    endpoint(header.dstAddr, header.addrLength, header.dstPort)));
        }
    }

    /** Connections with a packet (or an ICMP error quoting one) decoded at this vantage so far. */
    Set<WireSightings.Pair> seen() {
        return Set.copyOf(seen);
    }

    private static Endpoint endpoint(byte[] address, int length, int port) {
        try {
            return Endpoint.of(InetAddress.getByAddress(Arrays.copyOf(address, length)).getHostAddress(), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("decoder produced a " + length + "-byte address", e);
        }
    }

    void heartbeat(long tsMicros) {
        publisher.heartbeat(tsMicros);
    }

    /** Blocks until Kafka acknowledged everything offered so far. */
    void awaitDelivered() throws InterruptedException {
        if (!publisher.awaitDelivered(DELIVERY_TIMEOUT)) {
            throw new IllegalStateException("probe " + vantage.probeId() + ": Kafka did not acknowledge within "
                    + DELIVERY_TIMEOUT);
        }
        if (publisher.sendErrors() > 0) {
            throw new IllegalStateException("probe " + vantage.probeId() + ": " + publisher.sendErrors()
                    + " headers could not be sent");
        }
    }

    long published() {
        return published;
    }

    long decoded() {
        return decoder.counters().decodedCount();
    }

    @Override
    public void close() {
        publisher.close(DELIVERY_TIMEOUT);
    }
}
