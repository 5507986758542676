package dev.synscope.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Writes a classic pcap (Ethernet, IPv4, TCP; headers only, snaplen 54, so the captured length is the
 * headers and the original length what the IP total length says, as a header capture records) of a healthy
 * busy service seen at the server: {@code connections} connections at {@code rate} per second to
 * 198.51.100.10:443 and :80 from 5,000 clients, every one a complete handshake (RTT 0.2-5 ms), a request and
 * an answer with their ACKs, and a FIN close (70% client first: the server passes through CLOSE_WAIT for
 * 50 us-2 ms; else the server first). Hundreds are open at once, thousands of handshakes a second are in
 * flight, and every 10,000 connections a flash crowd of 500 SYNs arrives within 1 ms (all answered). Frames
 * come out in time order; checksums are zero (nothing reads them).
 */
final class HealthyCapture {

    private static final int SNAPLEN = 54;
    private static final byte[] SERVER = {(byte) 198, 51, 100, 10};
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;

    private record Frame(long ts, long order, byte[] src, int sport, byte[] dst, int dport, int flags, long seq,
                         long ack, int payload) {
    }

    long packets;
    /** The most handshakes incomplete, and server CLOSE_WAITs, on :443 at the same instant. */
    int peakIncomplete;
    int peakCloseWait;
    private final PriorityQueue<long[]> incomplete = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    private final PriorityQueue<long[]> closeWait = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));

    /** Writes the capture; returns the number of packets. */
    long write(Path file, int connections, int rate, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        PriorityQueue<Frame> pending = new PriorityQueue<>((a, b) -> a.ts != b.ts ? Long.compare(a.ts, b.ts)
                : Long.compare(a.order, b.order));
        long t0 = 1_795_000_000_000_000L;
        double gap = 1_000_000.0 / rate;
        long[] order = {0};
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN)
                    .putInt(1);
            out.write(header.array());
            ByteBuffer frame = ByteBuffer.allocate(16 + SNAPLEN);
            for (int n = 0; n < connections; n++) {
                // every 10,000 connections a flash crowd: 500 SYNs within 1 ms, all answered like the rest
                int block = n / 10_000;
                int k = n % 10_000;
                long start = k < BURST ? t0 + (long) (block * 10_000L * gap) + k * 2L : t0 + (long) (n * gap);
                while (!pending.isEmpty() && pending.peek().ts <= start) {
                    write(out, frame, pending.poll());
                }
                int c = n % 5_000;
                byte[] client = {10, (byte) (c >> 8), (byte) (c & 0xff), (byte) (1 + n % 7)};
                int cport = 20_000 + n / 5_000;
                int sport = (n & 1) == 0 ? 443 : 80;
                connection(r, start, client, cport, sport, f -> pending.add(f), order);
            }
            while (!pending.isEmpty()) {
                write(out, frame, pending.poll());
            }
        }
        peakIncomplete = peak(incomplete);
        peakCloseWait = peak(closeWait);
        return packets;
    }

    private void connection(SplittableRandom r, long t, byte[] client, int cport, int sport,
                            java.util.function.Consumer<Frame> out, long[] order) {
        long rtt = 200 + r.nextLong(4_800);
        long c = r.nextLong(1L << 32);
        long s = r.nextLong(1L << 32);
        long ts = t;
        out.accept(new Frame(ts, order[0]++, client, cport, SERVER, sport, SYN, c, 0, 0));
        ts += 20 + r.nextLong(80);
        out.accept(new Frame(ts, order[0]++, SERVER, sport, client, cport, SYN | ACK, s, c + 1, 0));
        c++;
        s++;
        ts += rtt;
        out.accept(new Frame(ts, order[0]++, client, cport, SERVER, sport, ACK, c, s, 0));
        if (sport == 443) {
            incomplete.add(new long[] {t, 1});
            incomplete.add(new long[] {ts, -1});
        }
        int request = 100 + r.nextInt(400);
        ts += 10 + r.nextLong(50);
        out.accept(new Frame(ts, order[0]++, client, cport, SERVER, sport, PSH | ACK, c, s, request));
        c += request;
        int answer = 200 + r.nextInt(1_200);
        ts += 50 + r.nextLong(500);
        out.accept(new Frame(ts, order[0]++, SERVER, sport, client, cport, PSH | ACK, s, c, answer));
        s += answer;
        out.accept(new Frame(ts + rtt / 2 + 1, order[0]++, client, cport, SERVER, sport, ACK, c, s, 0));
        ts += rtt;
        if (r.nextInt(10) < 7) {
            out.accept(new Frame(ts, order[0]++, client, cport, SERVER, sport, FIN | ACK, c, s, 0));
            c++;
            ts += 20;
            out.accept(new Frame(ts, order[0]++, SERVER, sport, client, cport, ACK, s, c, 0));
            long closeWaitFrom = ts;
            ts += 50 + r.nextLong(2_000);
            out.accept(new Frame(ts, order[0]++, SERVER, sport, client, cport, FIN | ACK, s, c, 0));
            if (sport == 443) {
                closeWait.add(new long[] {closeWaitFrom, 1});
                closeWait.add(new long[] {ts, -1});
            }
            s++;
            ts += rtt;
            out.accept(new Frame(ts, order[0]++, client, cport, SERVER, sport, ACK, c, s, 0));
        } else {
            out.accept(new Frame(ts, order[0]++, SERVER, sport, client, cport, FIN | ACK, s, c, 0));
            s++;
            ts += rtt;
            out.accept(new Frame(ts, order[0]++, client, cport, SERVER, sport, FIN | ACK, c, s, 0));
            c++;
            ts += 20;
            out.accept(new Frame(ts, order[0]++, SERVER, sport, client, cport, ACK, s, c, 0));
        }
    }

    private void write(OutputStream out, ByteBuffer b, Frame f) throws IOException {
        packets++;
        int ipLength = 40 + f.payload;
        b.clear();
        b.order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) (f.ts / 1_000_000)).putInt((int) (f.ts % 1_000_000)).putInt(SNAPLEN).putInt(14 + ipLength);
        b.order(ByteOrder.BIG_ENDIAN);
        // Ethernet: the server's and the router's MACs, IPv4
        boolean fromServer = f.src == SERVER;
        b.put(fromServer ? MAC_ROUTER : MAC_SERVER).put(fromServer ? MAC_SERVER : MAC_ROUTER).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) (packets & 0xffff))
                .putShort((short) 0x4000).put((byte) (fromServer ? 64 : 57)).put((byte) 6).putShort((short) 0)
                .put(f.src).put(f.dst);
        b.putShort((short) f.sport).putShort((short) f.dport).putInt((int) f.seq).putInt((int) f.ack)
                .put((byte) 0x50).put((byte) f.flags).putShort((short) 65_160).putShort((short) 0).putShort((short) 0);
        out.write(b.array(), 0, b.position());
    }

    private static final int BURST = 500;

    private static int peak(PriorityQueue<long[]> events) {
        int now = 0;
        int peak = 0;
        while (!events.isEmpty()) {
            now += (int) events.poll()[1];
            peak = Math.max(peak, now);
        }
        return peak;
    }

    private static final byte[] MAC_SERVER = {0x02, 0, 0, 0, 0, 0x10};
    private static final byte[] MAC_ROUTER = {0x02, 0, 0, 0, 0, 0x01};
}
