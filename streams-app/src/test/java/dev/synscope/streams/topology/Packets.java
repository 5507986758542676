package dev.synscope.streams.topology;

import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.IcmpError;
import dev.synscope.schema.ObservationKind;
import java.nio.ByteBuffer;

/**
 * Builds header observations for topology tests, in the article's setting: client 192.0.2.10,
 * server 198.51.100.10, both documentation addresses. Times are microseconds since the epoch.
 */
public final class Packets {

    public static final long T0 = 1_700_000_000_000_000L;
    public static final String CLIENT = "192.0.2.10";
    public static final String SERVER = "198.51.100.10";
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    static {
        // loading the serdes makes Avro trust our generated classes (defaults of nested records)
        dev.synscope.schema.serde.SynScopeSerdes.CONNECTION_KEY.type();
    }

    private Packets() {
    }

    /** A TCP segment from src to dst. */
    public static HeaderObservation tcp(long ts, String src, int srcPort, String dst, int dstPort, int flags, long seq,
                                 long ack, int payload, int window, int ttl) {
        return HeaderObservation.newBuilder()
                .setKind(ObservationKind.TCP).setTsMicros(ts).setProbeId("probe-a").setIface("test")
                .setIpVersion(src.indexOf(':') >= 0 ? 6 : 4)
                .setSrcAddr(ByteBuffer.wrap(addr(src))).setDstAddr(ByteBuffer.wrap(addr(dst)))
                .setSrcPort(srcPort).setDstPort(dstPort).setFlags(flags).setSeq(seq).setAck(ack)
                .setWindow(window).setPayloadLength(payload).setIpLength(40 + payload).setTtl(ttl)
                .build();
    }

    /** Client (port {@code cport}) to server port {@code sport}. */
    public static HeaderObservation c2s(long ts, int cport, int sport, int flags, long seq, long ack, int payload) {
        return tcp(ts, CLIENT, cport, SERVER, sport, flags, seq, ack, payload, 64240, 64);
    }

    public static HeaderObservation s2c(long ts, int cport, int sport, int flags, long seq, long ack, int payload) {
        return tcp(ts, SERVER, sport, CLIENT, cport, flags, seq, ack, payload, 65160, 57);
    }

    /** An ICMP error from {@code reporter} quoting a client->server segment. */
    public static HeaderObservation icmp(long ts, int cport, int sport, long seq, int type, int code, String reporter) {
        HeaderObservation quoted = c2s(ts, cport, sport, SYN, seq, 0, 0);
        return HeaderObservation.newBuilder(quoted).setKind(ObservationKind.ICMP_ERROR).setTtl(250)
                .setIcmp(IcmpError.newBuilder().setType(type).setCode(code)
                        .setReporterAddr(ByteBuffer.wrap(addr(reporter))).build())
                .build();
    }

    /** An ICMP error quoting the server's SYN+ACK to the client (the way back failed). */
    public static HeaderObservation icmpQuotingSynAck(long ts, int cport, int sport, long seq, long ack, int type,
                                                      int code, String reporter) {
        HeaderObservation quoted = s2c(ts, cport, sport, SYN | ACK, seq, ack, 0);
        return HeaderObservation.newBuilder(quoted).setKind(ObservationKind.ICMP_ERROR).setTtl(250)
                .setIcmp(IcmpError.newBuilder().setType(type).setCode(code)
                        .setReporterAddr(ByteBuffer.wrap(addr(reporter))).build())
                .build();
    }

    public static HeaderObservation heartbeat(long ts) {
        return HeaderObservation.newBuilder().setKind(ObservationKind.HEARTBEAT).setTsMicros(ts).setProbeId("probe-a")
                .setIface("test").build();
    }

    public static HeaderObservation endOfCapture(long ts) {
        return HeaderObservation.newBuilder().setKind(ObservationKind.END_OF_CAPTURE).setTsMicros(ts)
                .setProbeId("probe-a").setIface("test").build();
    }

    public static byte[] addr(String text) {
        try {
            return java.net.InetAddress.getByName(text).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static long seconds(double s) {
        return (long) (s * 1_000_000L);
    }
}
