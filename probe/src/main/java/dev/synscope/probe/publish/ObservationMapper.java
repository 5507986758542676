package dev.synscope.probe.publish;

import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.IcmpError;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.SackBlock;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a {@link DecodedHeader} into the Avro contract: a {@link HeaderObservation} and its
 * canonical {@link ConnectionKey}. This is the reference conversion; the hot path uses
 * {@link HeaderRecordEncoder}, which writes the same bytes without building these objects (a test
 * holds the two equal).
 */
public final class ObservationMapper {

    /**
     * Heartbeats are keyed by this key: IPv4, all-zero addresses, ports 0. No TCP connection has it
     * (port 0 is reserved), so a consumer can never confuse it with a connection.
     */
    public static final ConnectionKey HEARTBEAT_KEY = ConnectionKey.newBuilder()
            .setIpVersion(4)
            .setLowAddr(ByteBuffer.wrap(new byte[4])).setLowPort(0)
            .setHighAddr(ByteBuffer.wrap(new byte[4])).setHighPort(0)
            .setVlan(null)
            .build();

    private final String probeId;
    private final String iface;
    private final boolean vlanInKey;

    public ObservationMapper(String probeId, String iface, boolean vlanInKey) {
        this.probeId = probeId;
        this.iface = iface;
        this.vlanInKey = vlanInKey;
    }

    public HeaderObservation observation(DecodedHeader h) {
        List<SackBlock> sacks = new ArrayList<>(h.sackBlockCount);
        for (int i = 0; i < h.sackBlockCount; i++) {
            sacks.add(new SackBlock(h.sackLeft[i], h.sackRight[i]));
        }
        return HeaderObservation.newBuilder()
                .setKind(h.kind)
                .setTsMicros(h.tsMicros)
                .setProbeId(probeId)
                .setIface(iface)
                .setIpVersion(h.ipVersion)
                .setSrcAddr(ByteBuffer.wrap(h.srcAddress()))
                .setDstAddr(ByteBuffer.wrap(h.dstAddress()))
                .setSrcPort(h.srcPort)
                .setDstPort(h.dstPort)
                .setFlags(h.flags)
                .setSeq(h.seq)
                .setAck(Math.max(0, h.ack))
                .setWindow(Math.max(0, h.window))
                .setPayloadLength(h.payloadLength)
                .setIpLength(h.ipLength)
                .setTtl(h.ttl)
                .setIpId(h.ipId < 0 ? null : h.ipId)
                .setVlan(h.vlan < 0 ? null : h.vlan)
                .setMss(h.mss < 0 ? null : h.mss)
                .setWindowScale(h.windowScale < 0 ? null : h.windowScale)
                .setSackPermitted(h.sackPermitted)
                .setSackBlocks(sacks)
                .setTsVal(h.tsVal < 0 ? null : h.tsVal)
                .setTsEcr(h.tsEcr < 0 ? null : h.tsEcr)
                .setIcmp(h.kind == ObservationKind.ICMP_ERROR
                        ? new IcmpError(h.icmpType, h.icmpCode, ByteBuffer.wrap(h.reporterAddress()))
                        : null)
                .build();
    }

    public ConnectionKey key(DecodedHeader h) {
        return CanonicalKeys.of(h.ipVersion, h.srcAddress(), h.srcPort, h.dstAddress(), h.dstPort,
                vlanInKey && h.vlan >= 0 ? h.vlan : null);
    }

    /** A heartbeat: only kind, tsMicros, probeId and iface are meaningful. */
    public HeaderObservation heartbeat(long tsMicros) {
        return HeaderObservation.newBuilder()
                .setKind(ObservationKind.HEARTBEAT)
                .setTsMicros(tsMicros)
                .setProbeId(probeId)
                .setIface(iface)
                .build();
    }
}
