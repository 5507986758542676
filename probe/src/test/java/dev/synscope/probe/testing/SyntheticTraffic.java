package dev.synscope.probe.testing;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Generates realistic TCP traffic as Ethernet frames: many interleaved connections, each with a
 * three-way handshake carrying MSS / SACK-permitted / timestamps / window scale, request and
 * response data with timestamps and delayed ACKs, occasional SACK blocks, and a FIN close (5% end
 * with RST). 10% of connections are IPv6. Addresses are documentation ranges only
 * (192.0.2.0/24, 198.51.100.0/24, 2001:db8::/32). Deterministic for a seed.
 *
 * <p>{@code main} writes a capture for the benchmark: {@code SyntheticTraffic out.pcap 3000000}.
 */
public final class SyntheticTraffic {

    /** Where frames go. */
    @FunctionalInterface
    public interface Sink {
        void frame(long tsMicros, byte[] frame, int captured, int wire) throws IOException;
    }

    private static final int SNAPLEN = 128;
    private static final int MSS = 1448;

    private final SplittableRandom random;
    private final Flow[] flows;
    private final byte[] frame = new byte[256];
    private long tsMicros = 1_700_000_000_000_000L;
    private int nextClient = 1;

    public SyntheticTraffic(long seed, int concurrentFlows) {
        this.random = new SplittableRandom(seed);
        this.flows = new Flow[concurrentFlows];
        for (int i = 0; i < flows.length; i++) {
            flows[i] = newFlow();
        }
    }

    /** Emits {@code packets} frames. */
    public void generate(long packets, Sink sink) throws IOException {
        for (long i = 0; i < packets; i++) {
            int f = random.nextInt(flows.length);
            Flow flow = flows[f];
            tsMicros += 1 + random.nextInt(8);
            int wire = flow.next(this);
            sink.frame(tsMicros, frame, Math.min(SNAPLEN, wire), wire);
            if (flow.done) {
                flows[f] = newFlow();
            }
        }
    }

    private Flow newFlow() {
        Flow flow = new Flow();
        int n = nextClient++;
        flow.v6 = random.nextInt(10) == 0;
        flow.clientPort = 32768 + random.nextInt(28000);
        flow.serverPort = switch (random.nextInt(4)) {
            case 0 -> 443;
            case 1 -> 80;
            case 2 -> 5432;
            default -> 8080;
        };
        flow.client = n;
        flow.server = 1 + random.nextInt(200);
        flow.clientIsn = random.nextLong() & 0xFFFFFFFFL;
        flow.serverIsn = random.nextLong() & 0xFFFFFFFFL;
        flow.requests = 1 + random.nextInt(4);
        flow.rst = random.nextInt(20) == 0;
        return flow;
    }

    /** One connection's script: handshake, request/response rounds, close. */
    private static final class Flow {
        boolean v6;
        boolean rst;
        boolean done;
        int client;
        int server;
        int clientPort;
        int serverPort;
        long clientIsn;
        long serverIsn;
        long clientSent;
        long serverSent;
        int requests;
        int step;
        int responseLeft;
        int ackCountdown;
        int ipId;
        long tsClock = 1000;

        int next(SyntheticTraffic g) {
            tsClock++;
            switch (step) {
                case 0 -> {
                    step = 1;
                    return g.tcp(this, true, 0x02, clientIsn, 0, 0, true);
                }
                case 1 -> {
                    step = 2;
                    return g.tcp(this, false, 0x12, serverIsn, clientIsn + 1, 0, true);
                }
                case 2 -> {
                    step = 3;
                    return ack(g, true);
                }
                case 3 -> {
                    // request
                    int len = 100 + g.random.nextInt(400);
                    int wire = g.tcp(this, true, 0x18, clientIsn + 1 + clientSent, serverIsn + 1 + serverSent, len,
                            false);
                    clientSent += len;
                    responseLeft = 1 + g.random.nextInt(12);
                    ackCountdown = 2;
                    step = 4;
                    return wire;
                }
                case 4 -> {
                    // response segment, or the client's ACK of every second one
                    if (ackCountdown == 0) {
                        ackCountdown = 2;
                        return ack(g, true);
                    }
                    ackCountdown--;
                    int len = responseLeft == 1 ? 1 + g.random.nextInt(MSS) : MSS;
                    int wire = g.tcp(this, false, responseLeft == 1 ? 0x18 : 0x10, serverIsn + 1 + serverSent,
                            clientIsn + 1 + clientSent, len, false);
                    serverSent += len;
                    if (--responseLeft == 0) {
                        step = --requests > 0 ? 3 : (rst ? 9 : 5);
                    }
                    return wire;
                }
                case 5 -> {
                    step = 6;
                    return g.tcp(this, true, 0x11, clientIsn + 1 + clientSent, serverIsn + 1 + serverSent, 0, false);
                }
                case 6 -> {
                    step = 7;
                    return g.tcp(this, false, 0x11, serverIsn + 1 + serverSent, clientIsn + 2 + clientSent, 0, false);
                }
                case 7 -> {
                    done = true;
                    return g.tcp(this, true, 0x10, clientIsn + 2 + clientSent, serverIsn + 2 + serverSent, 0, false);
                }
                default -> {
                    done = true;
                    return g.tcp(this, true, 0x14, clientIsn + 1 + clientSent, serverIsn + 1 + serverSent, 0, false);
                }
            }
        }

        private int ack(SyntheticTraffic g, boolean fromClient) {
            return g.tcp(this, fromClient, 0x10, clientIsn + 1 + clientSent, serverIsn + 1 + serverSent, 0, false);
        }
    }

    /** Writes Ethernet + IP + TCP for one segment into {@link #frame}; returns the wire length. */
    private int tcp(Flow f, boolean fromClient, int flags, long seq, long ack, int payload, boolean handshake) {
        byte[] b = frame;
        int p = 0;
        // Ethernet II: dst, src, type
        for (int i = 0; i < 6; i++) {
            b[p++] = (byte) (fromClient ? 0x02 : 0x06);
        }
        for (int i = 0; i < 6; i++) {
            b[p++] = (byte) (fromClient ? 0x06 : 0x02);
        }
        b[p++] = (byte) (f.v6 ? 0x86 : 0x08);
        b[p++] = (byte) (f.v6 ? 0xDD : 0x00);
        boolean sack = !handshake && !fromClient && random.nextInt(50) == 0;
        int options = handshake ? 20 : (sack ? 12 + 12 : 12);
        int tcpLength = 20 + options;
        int ipHeader = f.v6 ? 40 : 20;
        int ipLength = ipHeader + tcpLength + payload;
        int ipStart = p;
        if (f.v6) {
            b[p++] = 0x60;
            b[p++] = 0;
            b[p++] = 0;
            b[p++] = 0;
            b[p++] = (byte) ((tcpLength + payload) >> 8);
            b[p++] = (byte) (tcpLength + payload);
            b[p++] = 6;
            b[p++] = 64;
            p = address6(b, p, fromClient ? f.client : f.server, fromClient);
            p = address6(b, p, fromClient ? f.server : f.client, !fromClient);
        } else {
            b[p++] = 0x45;
            b[p++] = 0;
            b[p++] = (byte) (ipLength >> 8);
            b[p++] = (byte) ipLength;
            f.ipId++;
            b[p++] = (byte) (f.ipId >> 8);
            b[p++] = (byte) f.ipId;
            b[p++] = 0x40; // DF
            b[p++] = 0;
            b[p++] = (byte) (fromClient ? 64 : 57);
            b[p++] = 6;
            b[p++] = 0;
            b[p++] = 0;
            p = address4(b, p, fromClient ? f.client : f.server, fromClient);
            p = address4(b, p, fromClient ? f.server : f.client, !fromClient);
        }
        int srcPort = fromClient ? f.clientPort : f.serverPort;
        int dstPort = fromClient ? f.serverPort : f.clientPort;
        b[p++] = (byte) (srcPort >> 8);
        b[p++] = (byte) srcPort;
        b[p++] = (byte) (dstPort >> 8);
        b[p++] = (byte) dstPort;
        p = int32(b, p, seq);
        p = int32(b, p, (flags & 0x10) != 0 ? ack : 0);
        b[p++] = (byte) ((tcpLength / 4) << 4);
        b[p++] = (byte) flags;
        b[p++] = (byte) 0x01;   // window 502 (scaled)
        b[p++] = (byte) 0xF6;
        b[p++] = 0;             // checksum (not verified by anyone here)
        b[p++] = 0;
        b[p++] = 0;             // urgent pointer
        b[p++] = 0;
        if (handshake) {
            b[p++] = 2;         // MSS
            b[p++] = 4;
            b[p++] = (byte) (MSS >> 8);
            b[p++] = (byte) MSS;
            b[p++] = 4;         // SACK permitted
            b[p++] = 2;
            p = timestamps(b, p, f, fromClient);
            b[p++] = 1;         // NOP
            b[p++] = 3;         // window scale 7
            b[p++] = 3;
            b[p++] = 7;
        } else {
            b[p++] = 1;
            b[p++] = 1;
            p = timestamps(b, p, f, fromClient);
            if (sack) {
                b[p++] = 1;
                b[p++] = 1;
                b[p++] = 5;     // SACK, one block
                b[p++] = 10;
                p = int32(b, p, ack + MSS);
                p = int32(b, p, ack + 2L * MSS);
            }
        }
        if (p - ipStart != ipHeader + tcpLength) {
            throw new IllegalStateException("header length mismatch");
        }
        // payload bytes (only the first few survive the snaplen)
        for (int i = 0; i < Math.min(payload, b.length - p); i++) {
            b[p + i] = (byte) 'x';
        }
        return 14 + ipLength;
    }

    private static int timestamps(byte[] b, int p, Flow f, boolean fromClient) {
        b[p++] = 8;
        b[p++] = 10;
        p = int32(b, p, fromClient ? f.tsClock : f.tsClock + 7_000_000);
        return int32(b, p, fromClient ? f.tsClock + 7_000_000 - 1 : f.tsClock - 1);
    }

    private static int address4(byte[] b, int p, int host, boolean client) {
        b[p++] = (byte) (client ? 198 : 203);
        b[p++] = (byte) (client ? 51 : 0);
        b[p++] = (byte) (client ? 100 : 113);
        b[p++] = (byte) (client ? host % 254 + 1 : host % 254 + 1);
        return p;
    }

    private static int address6(byte[] b, int p, int host, boolean client) {
        b[p++] = 0x20;
        b[p++] = 0x01;
        b[p++] = 0x0d;
        b[p++] = (byte) 0xb8;
        b[p++] = (byte) (client ? 1 : 2);
        for (int i = 0; i < 7; i++) {
            b[p++] = 0;
        }
        return int32(b, p, host);
    }

    private static int int32(byte[] b, int p, long v) {
        b[p++] = (byte) (v >> 24);
        b[p++] = (byte) (v >> 16);
        b[p++] = (byte) (v >> 8);
        b[p++] = (byte) v;
        return p;
    }

    /** Writes {@code packets} frames of synthetic traffic as a little-endian microsecond pcap. */
    public static long writePcap(Path out, long packets, long seed) throws IOException {
        try (CaptureFileWriter w = CaptureFileWriter.pcap(out, ByteOrder.LITTLE_ENDIAN, false, 1, SNAPLEN)) {
            new SyntheticTraffic(seed, 2000).generate(packets, (ts, frame, captured, wire) ->
                    w.packet(0, ts, 0, frame, captured, wire));
            return w.packets();
        }
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long packets = args.length > 1 ? Long.parseLong(args[1]) : 3_000_000L;
        long written = writePcap(out, packets, 42);
        System.out.println("wrote " + written + " packets to " + out);
    }
}
