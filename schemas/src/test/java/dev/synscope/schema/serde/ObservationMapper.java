package dev.synscope.schema.serde;

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
 * Converts {@link HeaderFields} (e.g. the probe's decoded header) into the Avro contract: a
 * {@link HeaderObservation} and its canonical {@link ConnectionKey}. This is the tests' reference
 * conversion; the hot path uses {@link HeaderRecordEncoder}, which writes the same bytes without
 * building these objects ({@code HeaderRecordEncoderTest} holds the two equal). Shipped to other
 * modules' tests in this module's test jar.
 */
public final class ObservationMapper {

    private final String probeId;
    private final String iface;
    private final boolean vlanInKey;

    public ObservationMapper(String probeId, String iface, boolean vlanInKey) {
        this.probeId = probeId;
        this.iface = iface;
        this.vlanInKey = vlanInKey;
    }

    public HeaderObservation observation(HeaderFields h) {
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

    public ConnectionKey key(HeaderFields h) {
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
