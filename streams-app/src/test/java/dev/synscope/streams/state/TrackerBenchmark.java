package dev.synscope.streams.state;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.SynScopeSerdes;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Throughput of the tracker alone, and with the state serialized/deserialized per packet as the
 * RocksDB store does. Not a test: run by hand, e.g.
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.synscope.streams.state.TrackerBenchmark 200000}.
 * Each connection: SYN, SYN+ACK, ACK, 3 data segments of 1448 bytes, 2 ACKs, FIN+ACK both ways, final ACK (11 packets).
 */
public final class TrackerBenchmark {

    public static void main(String[] args) {
        java.util.Objects.requireNonNull(SynScopeSerdes.HEADER_OBSERVATION); // installs Avro class trust
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        HeaderObservation[] packets = workload(connections);
        ConnectionKey[] keys = new ConnectionKey[packets.length];
        for (int i = 0; i < packets.length; i++) {
            keys[i] = CanonicalKeys.of(packets[i]);
        }
        for (int round = 0; round < 3; round++) {
            run("tracker only", packets, keys, false);
            run("tracker + state serde", packets, keys, true);
            serdeOnly(packets, keys);
        }
    }

    /** Serialize + deserialize of an established connection's state alone. */
    private static void serdeOnly(HeaderObservation[] packets, ConnectionKey[] keys) {
        ConnectionTracker tracker = new ConnectionTracker();
        ConnectionState s = null;
        for (int i = 0; i < 11_000 && s == null; i++) {
            if (keys[i].equals(keys[0])) {
                s = tracker.apply(null, keys[0], packets[0]).current();
            }
        }
        s = tracker.apply(s, keys[1000], packets[1000]).current();
        int n = 500_000;
        long t0 = System.nanoTime();
        byte[] b = null;
        for (int i = 0; i < n; i++) {
            b = SynScopeSerdes.CONNECTION_STATE.serializer().serialize("s", s);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            s = SynScopeSerdes.CONNECTION_STATE.deserializer().deserialize("s", b);
        }
        long t2 = System.nanoTime();
        System.out.printf("serde alone: serialize %.2f us, deserialize %.2f us (%d bytes)%n",
                (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, b.length);
    }

    private static void run(String name, HeaderObservation[] packets, ConnectionKey[] keys, boolean serde) {
        ConnectionTracker tracker = new ConnectionTracker();
        Map<ConnectionKey, Object> store = new HashMap<>();
        long bytes = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < packets.length; i++) {
            Object stored = store.get(keys[i]);
            ConnectionState prev = stored == null ? null : serde
                    ? SynScopeSerdes.CONNECTION_STATE.deserializer().deserialize("s", (byte[]) stored)
                    : (ConnectionState) stored;
            TrackerUpdate u = tracker.apply(prev, keys[i], packets[i]);
            if (serde) {
                byte[] b = SynScopeSerdes.CONNECTION_STATE.serializer().serialize("s", u.current());
                bytes += b.length;
                store.put(keys[i], b);
            } else {
                store.put(keys[i], u.current());
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-24s %,d packets in %.2f s = %,.0f packets/s%s%n", name, packets.length, secs,
                packets.length / secs, serde ? String.format(", mean state %d bytes", bytes / packets.length) : "");
    }

    static HeaderObservation[] workload(int connections) {
        HeaderObservation[] out = new HeaderObservation[connections * 11];
        int n = 0;
        // Interleave connections in batches of 1000 so the "store" sees many live connections at once.
        for (int base = 0; base < connections; base += 1000) {
            int end = Math.min(connections, base + 1000);
            for (int step = 0; step < 11; step++) {
                for (int c = base; c < end; c++) {
                    out[n++] = packet(c, step);
                }
            }
        }
        return out;
    }

    private static HeaderObservation packet(int conn, int step) {
        byte[] client = {(byte) 192, 0, 2, (byte) (conn % 250 + 1)};
        byte[] server = {(byte) 198, 51, 100, 80};
        int cport = 1024 + conn / 250 % 60000;
        long cIsn = 1_000_000L + conn * 7919L;
        long sIsn = 3_000_000_000L + conn * 104729L;
        long ts = 1_700_000_000_000_000L + conn * 10L + step * 1000L;
        boolean fromClient;
        int flags;
        long seq;
        long ack;
        int len = 0;
        switch (step) {
            case 0 -> { fromClient = true; flags = 0x02; seq = cIsn; ack = 0; }
            case 1 -> { fromClient = false; flags = 0x12; seq = sIsn; ack = cIsn + 1; }
            case 2 -> { fromClient = true; flags = 0x10; seq = cIsn + 1; ack = sIsn + 1; }
            case 3 -> { fromClient = true; flags = 0x18; seq = cIsn + 1; ack = sIsn + 1; len = 200; }
            case 4, 5, 6 -> { fromClient = false; flags = 0x18; seq = sIsn + 1 + (step - 4) * 1448L; ack = cIsn + 201; len = 1448; }
            case 7 -> { fromClient = true; flags = 0x10; seq = cIsn + 201; ack = sIsn + 1 + 3 * 1448L; }
            case 8 -> { fromClient = true; flags = 0x11; seq = cIsn + 201; ack = sIsn + 1 + 3 * 1448L; }
            case 9 -> { fromClient = false; flags = 0x11; seq = sIsn + 1 + 3 * 1448L; ack = cIsn + 202; }
            default -> { fromClient = true; flags = 0x10; seq = cIsn + 202; ack = sIsn + 2 + 3 * 1448L; }
        }
        return HeaderObservation.newBuilder().setKind(ObservationKind.TCP).setTsMicros(ts).setProbeId("bench")
                .setIface("bench").setIpVersion(4)
                .setSrcAddr(ByteBuffer.wrap(fromClient ? client : server))
                .setDstAddr(ByteBuffer.wrap(fromClient ? server : client))
                .setSrcPort(fromClient ? cport : 443).setDstPort(fromClient ? 443 : cport)
                .setFlags(flags).setSeq(seq & 0xFFFF_FFFFL).setAck(ack & 0xFFFF_FFFFL).setWindow(502)
                .setPayloadLength(len).setIpLength(52 + len).setTtl(fromClient ? 64 : 57)
                .setIpId(conn * 16 + step).build();
    }
}
