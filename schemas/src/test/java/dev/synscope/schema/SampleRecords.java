package dev.synscope.schema;

import java.nio.ByteBuffer;
import java.util.List;

/** One valid instance of each record type, built from the article's handshake (client 192.0.2.10:38608, server 198.51.100.10:80). */
public final class SampleRecords {

    static final byte[] CLIENT = {(byte) 192, 0, 2, 10};
    static final byte[] SERVER = {(byte) 198, 51, 100, 10};

    private SampleRecords() {
    }

    /** The article's first packet: {@code client.38608 > server.80: Flags [S], seq 2473414591, win 14600, options [mss 1460,sackOK,TS val 11318107 ecr 0,nop,wscale 6]}. */
    public static HeaderObservation syn() {
        return HeaderObservation.newBuilder()
                .setKind(ObservationKind.TCP)
                .setTsMicros(1455635765360735L)
                .setProbeId("client-host")
                .setIface("eth0")
                .setIpVersion(4)
                .setSrcAddr(ByteBuffer.wrap(CLIENT))
                .setDstAddr(ByteBuffer.wrap(SERVER))
                .setSrcPort(38608)
                .setDstPort(80)
                .setFlags(0x02)
                .setSeq(2473414591L)
                .setAck(0)
                .setWindow(14600)
                .setPayloadLength(0)
                .setIpLength(60)
                .setTtl(64)
                .setIpId(4242)
                .setMss(1460)
                .setWindowScale(6)
                .setSackPermitted(true)
                .setSackBlocks(List.of())
                .setTsVal(11318107L)
                .setTsEcr(0L)
                .build();
    }

    public static ConnectionKey key() {
        return CanonicalKeys.of(syn());
    }

    public static ConnectionState state() {
        return ConnectionState.newBuilder()
                .setUid("CHhAvVGS1DHFjwGM9")
                .setIpVersion(4)
                .setOrigAddr("192.0.2.10").setOrigPort(38608)
                .setRespAddr("198.51.100.10").setRespPort(80)
                .setOrigState(TcpState.SYN_SENT).setOrigStateSinceMicros(1455635765360735L)
                .setRespState(TcpState.LISTEN).setRespStateSinceMicros(1455635765360735L)
                .setOrigIsn(2473414591L)
                .setFirstSeenMicros(1455635765360735L)
                .setLastSeenMicros(1455635765360735L)
                .setConnState("S0").setHistory("S")
                .setVantages(List.of(VantageStats.newBuilder().setProbeId("client-host")
                        .setFirstSeenMicros(1455635765360735L).setLastSeenMicros(1455635765360735L)
                        .setOrigPackets(1).build()))
                .build();
    }

    public static ConnLogRecord connLog() {
        return ConnLogRecord.newBuilder()
                .setTs(1455635765360735L).setUid("CHhAvVGS1DHFjwGM9")
                .setOrigH("192.0.2.10").setOrigP(38608).setRespH("198.51.100.10").setRespP(80)
                .setDurationMicros(18659L).setOrigBytes(77L).setRespBytes(230L)
                .setConnState("SF").setHistory("ShADadFf")
                .setOrigPkts(5).setOrigIpBytes(389).setRespPkts(4).setRespIpBytes(502)
                .setEndReason(EndReason.FIN)
                .build();
    }

    public static AnomalyEvent anomaly() {
        return AnomalyEvent.newBuilder()
                .setEventId("CHhAvVGS1DHFjwGM9/CONNECTION_REFUSED/1455635765365457")
                .setType(AnomalyType.CONNECTION_REFUSED).setSeverity(Severity.WARNING)
                .setTsMicros(1455635765365457L).setUid("CHhAvVGS1DHFjwGM9")
                .setOrigH("192.0.2.10").setOrigP(38608).setRespH("198.51.100.10").setRespP(80)
                .setVantageProbe("client-host")
                .setEvidence(List.of(Evidence.newBuilder().setTsMicros(1455635765365457L).setProbeId("client-host")
                        .setDescription("198.51.100.10.80 > 192.0.2.10.38608: Flags [R.], ack 2473414592, ttl 64").build()))
                .setLikelyCause("Nothing listens on 198.51.100.10:80: the service is down.")
                .build();
    }

    public static ProbeStats probeStats() {
        return ProbeStats.newBuilder()
                .setProbeId("client-host").setIface("eth0").setTsMicros(1455635775000000L).setIntervalMicros(10_000_000L)
                .setPacketsSeen(10).setPacketsDecoded(9)
                .setPacketsSkipped(java.util.Map.of("truncated_ip", 1L))
                .build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setTopic(Topics.HEADERS).setPartition(0).setOffset(42).setReason("impossible: port 0")
                .setKey(ByteBuffer.wrap(new byte[] {1, 2})).setValue(ByteBuffer.wrap(new byte[] {3}))
                .setTsMicros(1455635765360735L)
                .build();
    }
}
