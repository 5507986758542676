package dev.synscope.streams.fuzz;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.IcmpError;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.SackBlock;
import dev.synscope.schema.serde.SynScopeSerdes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Header records as a broken or hostile probe might send them: valid packets with absurd but
 * legal values, and mutations a valid record cannot have (addresses of the wrong length, ports and
 * sequence numbers out of range, impossible times, missing ICMP parts, keys of another tuple,
 * garbage, truncations, a collection length of a million). Each record says what the app must do
 * with it: process it ({@link Expect#VALID}), dead-letter it ({@link Expect#INVALID}), or either,
 * for random byte flips whose outcome depends on where they land. Seeded: a failure replays.
 */
public final class RecordFuzzer {

    /** What the app must do with a record. */
    public enum Expect { VALID, INVALID, EITHER }

    /** One record for the headers topic; {@code what} names the generator case (for failure messages). */
    public record Fuzzed(byte[] key, byte[] value, Expect expect, String what) {
    }

    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final int[] COMMON_FLAGS = {0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x14, 0x19};
    private static final int[] SERVICES = {22, 80, 443, 0, 65535};

    private final SplittableRandom random;
    private final long nowMicros;

    /** @param nowMicros the wall clock the valid records' capture times stay near (within a minute) */
    public RecordFuzzer(long seed, long nowMicros) {
        this.random = new SplittableRandom(seed);
        this.nowMicros = nowMicros;
    }

    /** A valid record: a TCP packet (sometimes an ICMP error quoting one, sometimes a heartbeat). */
    public Fuzzed valid() {
        int pick = random.nextInt(20);
        if (pick == 0) {
            return heartbeat(time(), Expect.VALID, "heartbeat");
        }
        HeaderObservation h = packet();
        if (pick == 1) {
            h.setKind(ObservationKind.ICMP_ERROR);
            h.setIcmp(IcmpError.newBuilder().setType(random.nextBoolean() ? 3 : 11).setCode(random.nextInt(16))
                    .setReporterAddr(ByteBuffer.wrap(address(h.getIpVersion()))).build());
        }
        return keyed(h, Expect.VALID, pick == 1 ? "icmp error" : "tcp");
    }

    /** The next record of the mix: 40% valid, the rest spread over the mutation cases. */
    public Fuzzed next() {
        int c = random.nextInt(50);
        if (c < 20) {
            return valid();
        }
        HeaderObservation h = packet();
        return switch (c) {
            case 20, 21 -> {
                int[] lengths = {0, 1, 3, 5, 15, 17, 64};
                ByteBuffer bad = ByteBuffer.wrap(new byte[lengths[random.nextInt(lengths.length)]]);
                byte[] key = key(h);
                if (random.nextBoolean()) {
                    h.setSrcAddr(bad);
                } else {
                    h.setDstAddr(bad);
                }
                yield new Fuzzed(key, value(h), Expect.INVALID, "address of " + bad.remaining() + " bytes");
            }
            case 22 -> {
                byte[] key = key(h);
                h.setIpVersion(random.nextBoolean() ? 5 : 0);
                yield new Fuzzed(key, value(h), Expect.INVALID, "ip version " + h.getIpVersion());
            }
            case 23, 24 -> {
                int[] ports = {-1, 65536, Integer.MIN_VALUE, Integer.MAX_VALUE};
                int port = ports[random.nextInt(ports.length)];
                byte[] key = key(h);
                if (random.nextBoolean()) {
                    h.setSrcPort(port);
                } else {
                    h.setDstPort(port);
                }
                yield new Fuzzed(key, value(h), Expect.INVALID, "port " + port);
            }
            case 25 -> {
                h.setSeq(random.nextBoolean() ? -1 : MAX_U32 + 1 + random.nextInt(1000));
                yield keyed(h, Expect.INVALID, "seq " + h.getSeq());
            }
            case 26 -> {
                h.setPayloadLength(-1 - random.nextInt(1000));
                yield keyed(h, Expect.INVALID, "negative payload length");
            }
            case 27, 28 -> {
                long[] times = {0, -5, nowMicros + 40L * 86_400_000_000L, nowMicros - 3L * 365 * 86_400_000_000L,
                        Long.MAX_VALUE, Long.MIN_VALUE};
                h.setTsMicros(times[random.nextInt(times.length)]);
                yield keyed(h, Expect.INVALID, "capture time " + h.getTsMicros());
            }
            case 29 -> heartbeat(nowMicros + 30L * 86_400_000_000L, Expect.INVALID, "heartbeat 30 days ahead");
            case 30 -> {
                h.setKind(ObservationKind.ICMP_ERROR);
                if (random.nextBoolean()) {
                    h.setIcmp(null);
                    yield keyed(h, Expect.INVALID, "icmp error without icmp");
                }
                h.setIcmp(IcmpError.newBuilder().setType(3).setCode(1)
                        .setReporterAddr(ByteBuffer.wrap(new byte[random.nextBoolean() ? 5 : 0])).build());
                yield keyed(h, Expect.INVALID, "icmp reporter of a wrong length");
            }
            case 31, 32 -> {
                HeaderObservation other = packet();
                boolean sameTuple = CanonicalKeys.of(other).equals(CanonicalKeys.of(h));
                yield new Fuzzed(key(other), value(h), sameTuple ? Expect.VALID : Expect.INVALID,
                        "key of another tuple");
            }
            case 33 -> new Fuzzed(garbage(1 + random.nextInt(40)), value(h), Expect.INVALID, "garbage key");
            case 34 -> new Fuzzed(null, value(h), Expect.INVALID, "packet without a key");
            case 35, 36 -> new Fuzzed(key(h), garbage(random.nextInt(300)), Expect.INVALID, "garbage value");
            case 37 -> new Fuzzed(key(h), null, Expect.INVALID, "null value");
            case 38, 39 -> {
                byte[] v = value(h);
                yield new Fuzzed(key(h), Arrays.copyOf(v, 1 + random.nextInt(v.length - 1)), Expect.INVALID,
                        "truncated value");
            }
            case 40 -> new Fuzzed(key(h), hugeSackCount(h), Expect.INVALID, "a million SACK blocks claimed");
            case 41, 42 -> {
                // legal on the wire or in the contract, absurd in practice: the tracker must cope
                h.setWindowScale(random.nextInt());
                h.setTtl(random.nextInt());
                h.setMss(random.nextInt());
                h.setFlags(random.nextInt(0x200));
                h.setWindow(random.nextInt());
                h.setIpLength(random.nextInt(Integer.MAX_VALUE));
                h.setPayloadLength(random.nextInt(Integer.MAX_VALUE));
                h.setVlan(random.nextInt());
                yield keyed(h, Expect.VALID, "absurd but legal values");
            }
            default -> {
                byte[] v = value(h);
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    v[random.nextInt(v.length)] ^= (byte) (1 + random.nextInt(255));
                }
                yield new Fuzzed(key(h), v, Expect.EITHER, "bytes flipped");
            }
        };
    }

    private HeaderObservation packet() {
        int version = random.nextInt(5) == 0 ? 6 : 4;
        boolean fromClient = random.nextBoolean();
        byte[] client = clientAddress(version);
        byte[] server = serverAddress(version);
        int clientPort = 40_000 + random.nextInt(300);
        int service = SERVICES[random.nextInt(SERVICES.length)];
        List<SackBlock> sacks = new ArrayList<>();
        for (int i = random.nextInt(8) == 0 ? 1 + random.nextInt(4) : 0; i > 0; i--) {
            sacks.add(SackBlock.newBuilder().setLeft(random.nextLong(MAX_U32 + 1)).setRight(random.nextLong(MAX_U32 + 1))
                    .build());
        }
        return HeaderObservation.newBuilder()
                .setKind(ObservationKind.TCP).setTsMicros(time()).setProbeId("fuzz-" + random.nextInt(3))
                .setIface("fuzz0").setIpVersion(version)
                .setSrcAddr(ByteBuffer.wrap(fromClient ? client : server))
                .setDstAddr(ByteBuffer.wrap(fromClient ? server : client))
                .setSrcPort(fromClient ? clientPort : service).setDstPort(fromClient ? service : clientPort)
                .setFlags(random.nextInt(10) == 0 ? random.nextInt(0x200) : COMMON_FLAGS[random.nextInt(COMMON_FLAGS.length)])
                .setSeq(random.nextLong(MAX_U32 + 1)).setAck(random.nextLong(MAX_U32 + 1))
                .setWindow(random.nextInt(65_536)).setPayloadLength(random.nextInt(4) == 0 ? random.nextInt(1461) : 0)
                .setIpLength(40 + random.nextInt(1461)).setTtl(1 + random.nextInt(255))
                .setIpId(version == 4 ? random.nextInt(65_536) : null)
                .setMss(random.nextInt(4) == 0 ? 536 + random.nextInt(9000) : null)
                .setWindowScale(random.nextInt(4) == 0 ? random.nextInt(15) : null)
                .setSackPermitted(random.nextBoolean()).setSackBlocks(sacks)
                .setTsVal(random.nextBoolean() ? random.nextLong(MAX_U32 + 1) : null)
                .setTsEcr(random.nextBoolean() ? random.nextLong(MAX_U32 + 1) : null)
                .build();
    }

    private long time() {
        return nowMicros - 60_000_000L + random.nextLong(120_000_000L);
    }

    private Fuzzed heartbeat(long ts, Expect expect, String what) {
        HeaderObservation h = HeaderObservation.newBuilder().setKind(ObservationKind.HEARTBEAT).setTsMicros(ts)
                .setProbeId("fuzz-" + random.nextInt(3)).setIface("fuzz0").build();
        return new Fuzzed(null, value(h), expect, what);
    }

    private Fuzzed keyed(HeaderObservation h, Expect expect, String what) {
        return new Fuzzed(key(h), value(h), expect, what);
    }

    private static byte[] key(HeaderObservation h) {
        return SynScopeSerdes.CONNECTION_KEY.serialize(null, CanonicalKeys.of(h));
    }

    private static byte[] value(HeaderObservation h) {
        return SynScopeSerdes.HEADER_OBSERVATION.serialize(null, h);
    }

    /** A valid record whose sackBlocks array claims a million items (the bytes after it are the rest). */
    private byte[] hugeSackCount(HeaderObservation h) {
        h.setSackBlocks(List.of());
        h.setTsVal(null);
        h.setTsEcr(null);
        h.setIcmp(null);
        byte[] v = value(h);
        // the body ends with: sackBlocks end-of-array 0, tsVal null 0, tsEcr null 0, icmp null 0
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(v, 0, v.length - 4);
        long zigzag = 1_000_000L << 1;
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        out.write(new byte[] {0, 0}, 0, 2);
        return out.toByteArray();
    }

    private byte[] garbage(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        if (length >= 2 && random.nextBoolean()) {
            b[0] = (byte) 0xC3; // looks like single-object encoding, then is not
            b[1] = 0x01;
        }
        return b;
    }

    private byte[] clientAddress(int version) {
        return version == 4 ? new byte[] {(byte) 192, 0, 2, (byte) (1 + random.nextInt(20))}
                : v6(0x0001, 1 + random.nextInt(20));
    }

    private byte[] serverAddress(int version) {
        return version == 4 ? new byte[] {(byte) 198, 51, 100, (byte) (1 + random.nextInt(3))}
                : v6(0x0002, 1 + random.nextInt(3));
    }

    private byte[] address(int version) {
        return version == 4 ? new byte[] {(byte) 203, 0, 113, (byte) random.nextInt(256)} : v6(0x0003, random.nextInt(256));
    }

    /** 2001:db8:&lt;net&gt;::&lt;host&gt;, documentation space. */
    private static byte[] v6(int net, int host) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[4] = (byte) (net >> 8);
        a[5] = (byte) net;
        a[15] = (byte) host;
        return a;
    }
}
