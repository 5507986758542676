package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Packets.ACK;
import static dev.synscope.streams.topology.Packets.FIN;
import static dev.synscope.streams.topology.Packets.PSH;
import static dev.synscope.streams.topology.Packets.SYN;

import dev.synscope.schema.HeaderObservation;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Generates a healthy busy service as the server's probe sees it: {@code rate} new connections per second
 * of capture time to 198.51.100.10:80 and :443 from many clients, every handshake completing within an RTT
 * of 0.2-5 ms, a request and an answer (some of them bulk transfers of hundreds of full segments, a few
 * across the sequence-number wrap), then a FIN close: mostly the client first (the server passes through
 * CLOSE_WAIT for 50 us-2 ms), else the server first. Optional bursts: {@code burst} SYNs within 1 ms, all
 * answered and completed like the rest. Packets come out in capture-time order.
 *
 * <p>It also measures what the old at-once rules looked at: the most handshakes incomplete and the most
 * server CLOSE_WAITs on port 80 at the same instant ({@link #peakIncomplete}, {@link #peakCloseWait}).
 */
final class HealthyLoad {

    static final String SERVER = Packets.SERVER;

    private record Pkt(long ts, long order, HeaderObservation h) {
    }

    private final double rate;
    private final double seconds;
    private final int burstEvery;
    private final int burst;
    private final long seed;
    long connections;
    long packets;
    int peakIncomplete;
    int peakCloseWait;

    /**
     * @param rate       new connections per second
     * @param seconds    capture time to generate
     * @param burst      SYNs of one burst (0: none)
     * @param burstEvery a burst every this many regular connections
     */
    HealthyLoad(double rate, double seconds, int burst, int burstEvery, long seed) {
        this.rate = rate;
        this.seconds = seconds;
        this.burst = burst;
        this.burstEvery = burstEvery;
        this.seed = seed;
    }

    /** Generates from {@code t0}; returns the time of the last packet. */
    long generate(long t0, Consumer<HeaderObservation> out) {
        SplittableRandom r = new SplittableRandom(seed);
        PriorityQueue<Pkt> pending = new PriorityQueue<>((a, b) -> a.ts != b.ts ? Long.compare(a.ts, b.ts)
                : Long.compare(a.order, b.order));
        // [time, +1/-1] events of incomplete handshakes and CLOSE_WAITs, for the peaks
        PriorityQueue<long[]> incomplete = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        PriorityQueue<long[]> closeWait = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        long[] order = {0};
        long total = (long) (rate * seconds);
        double gapMicros = 1_000_000.0 / rate;
        long last = t0;
        int clientPort = 32768;
        int n = 0;
        for (long i = 0; i < total; i++) {
            long start = t0 + (long) (i * gapMicros);
            int count = burst > 0 && burstEvery > 0 && i % burstEvery == burstEvery - 1 ? burst : 1;
            for (int b = 0; b < count; b++) {
                long s = count == 1 ? start : start + r.nextLong(1_000);
                while (!pending.isEmpty() && pending.peek().ts <= s) {
                    Pkt p = pending.poll();
                    out.accept(p.h);
                    last = Math.max(last, p.ts);
                }
                n++;
                String client = "10." + (n % 200) + "." + ((n / 200) % 250) + "." + (1 + (n / 50_000) % 250);
                clientPort = clientPort >= 60999 ? 32768 : clientPort + 1;
                int port = (n & 1) == 0 ? 80 : 443;
                connection(r, s, client, clientPort, port, p -> pending.add(new Pkt(p.getTsMicros(), order[0]++, p)),
                        incomplete, closeWait);
                connections++;
            }
        }
        while (!pending.isEmpty()) {
            Pkt p = pending.poll();
            out.accept(p.h);
            last = Math.max(last, p.ts);
        }
        peakIncomplete = peak(incomplete);
        peakCloseWait = peak(closeWait);
        return last;
    }

    private static int peak(PriorityQueue<long[]> events) {
        int now = 0;
        int peak = 0;
        while (!events.isEmpty()) {
            now += (int) events.poll()[1];
            peak = Math.max(peak, now);
        }
        return peak;
    }

    private void connection(SplittableRandom r, long t, String client, int cport, int sport,
                            Consumer<HeaderObservation> out, PriorityQueue<long[]> incomplete,
                            PriorityQueue<long[]> closeWait) {
        long rtt = 200 + r.nextLong(4_800);
        // a few connections start just below the wrap, so their bulk transfer crosses 2^32
        long cisn = r.nextLong(1L << 32);
        long sisn = r.nextInt(100) == 0 ? (1L << 32) - 100_000 : r.nextLong(1L << 32);
        long c = cisn;
        long sv = sisn;
        long ts = t;
        emit(out, ts, client, cport, SERVER, sport, SYN, c, 0, 0);
        ts += 20 + r.nextLong(80);
        emit(out, ts, SERVER, sport, client, cport, SYN | ACK, sv, c + 1, 0);
        c++;
        sv++;
        ts += rtt;
        emit(out, ts, client, cport, SERVER, sport, ACK, c, sv, 0);
        if (sport == 80) {
            incomplete.add(new long[] {t, 1});
            incomplete.add(new long[] {ts, -1});
        }
        int request = 100 + r.nextInt(300);
        ts += 10 + r.nextLong(50);
        emit(out, ts, client, cport, SERVER, sport, PSH | ACK, c, sv, request);
        c += request;
        ts += 20 + r.nextLong(200);
        emit(out, ts, SERVER, sport, client, cport, ACK, sv, c, 0);
        boolean bulk = r.nextInt(50) == 0;
        int segments = bulk ? 100 + r.nextInt(200) : 1;
        long pps = 100_000; // 10 us between full segments: ~1.2 Gbit/s
        for (int k = 0; k < segments; k++) {
            int len = bulk ? 1448 : 200 + r.nextInt(1000);
            ts += bulk ? 1_000_000 / pps : 50 + r.nextLong(500);
            emit(out, ts, SERVER, sport, client, cport, PSH | ACK, sv, c, len);
            sv = (sv + len) & 0xFFFF_FFFFL;
            if (!bulk || k % 2 == 1 || k == segments - 1) {
                emit(out, ts + rtt / 2 + 1, client, cport, SERVER, sport, ACK, c, sv, 0);
            }
        }
        ts += rtt;
        if (r.nextInt(10) < 7) {
            // client closes first: the server is in CLOSE_WAIT until its own FIN
            emit(out, ts, client, cport, SERVER, sport, FIN | ACK, c, sv, 0);
            c++;
            ts += 20;
            emit(out, ts, SERVER, sport, client, cport, ACK, sv, c, 0);
            long cwStart = ts;
            ts += 50 + r.nextLong(2_000);
            emit(out, ts, SERVER, sport, client, cport, FIN | ACK, sv, c, 0);
            if (sport == 80) {
                closeWait.add(new long[] {cwStart, 1});
                closeWait.add(new long[] {ts, -1});
            }
            sv++;
            ts += rtt;
            emit(out, ts, client, cport, SERVER, sport, ACK, c, sv, 0);
        } else {
            emit(out, ts, SERVER, sport, client, cport, FIN | ACK, sv, c, 0);
            sv++;
            ts += rtt;
            emit(out, ts, client, cport, SERVER, sport, FIN | ACK, c, sv, 0);
            c++;
            ts += 20;
            emit(out, ts, SERVER, sport, client, cport, ACK, sv, c, 0);
        }
    }

    private void emit(Consumer<HeaderObservation> out, long ts, String src, int sport, String dst, int dport,
                      int flags, long seq, long ack, int payload) {
        packets++;
        out.accept(Packets.tcp(ts, src, sport, dst, dport, flags, seq & 0xFFFF_FFFFL, ack & 0xFFFF_FFFFL, payload,
                65160, 64));
    }
}
