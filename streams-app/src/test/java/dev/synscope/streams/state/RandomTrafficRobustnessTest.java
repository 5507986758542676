package dev.synscope.streams.state;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random packet sequences on one tuple (random flags, sequence numbers near and far from the
 * ISNs, across the 32-bit wrap, two probes, duplicates): the tracker never throws, never reports more
 * bytes than were sent plus the ack-ahead guard, and keeps conn_state and history within Zeek's alphabet.
 */
class RandomTrafficRobustnessTest {

    private static final Set<String> CONN_STATES =
            Set.of("S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH");
    private static final int[] FLAG_CHOICES = {0x02, 0x12, 0x10, 0x18, 0x11, 0x19, 0x04, 0x14, 0x05, 0x03, 0x00, 0x06};

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {20261124L, 7L, 424242L})
    void randomTrafficKeepsTheInvariants(long seed) {
        Random random = new Random(seed);
        ConnectionTracker tracker = new ConnectionTracker();
        byte[] a = {(byte) 192, 0, 2, 10};
        byte[] b = {(byte) 198, 51, 100, 80};
        for (int run = 0; run < 3000; run++) {
            long[] isn = {random.nextInt() & 0xFFFF_FFFFL, random.nextInt() & 0xFFFF_FFFFL};
            if (random.nextInt(4) == 0) {
                isn[0] = 0xFFFF_FFFFL - random.nextInt(3000);
            }
            long[] sent = {0, 0};
            long ts = 1_000_000_000_000L;
            ConnectionState state = null;
            HeaderObservation previous = null;
            ConnectionKey key = null;
            StringBuilder log = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                HeaderObservation p;
                if (previous != null && random.nextInt(10) == 0) {
                    p = previous; // the same record again
                } else {
                    int dir = random.nextInt(2);
                    int flags = FLAG_CHOICES[random.nextInt(FLAG_CHOICES.length)];
                    int len = random.nextInt(3) == 0 ? random.nextInt(1500) : 0;
                    long offset = random.nextInt(8) == 0 ? random.nextLong() : sent[dir] + random.nextInt(3000) - 1000;
                    long seq = (isn[dir] + offset) & 0xFFFF_FFFFL;
                    long ack = (isn[1 - dir] + sent[1 - dir] + random.nextInt(3000) - 1000) & 0xFFFF_FFFFL;
                    sent[dir] += len;
                    ts += random.nextInt(5) == 0 ? -random.nextInt(3_000_000) : random.nextInt(100_000);
                    p = HeaderObservation.newBuilder().setKind(ObservationKind.TCP).setTsMicros(ts)
                            .setProbeId(random.nextBoolean() ? "p1" : "p2").setIface("x").setIpVersion(4)
                            .setSrcAddr(ByteBuffer.wrap(dir == 0 ? a : b)).setDstAddr(ByteBuffer.wrap(dir == 0 ? b : a))
                            .setSrcPort(dir == 0 ? 40000 : 80).setDstPort(dir == 0 ? 80 : 40000)
                            .setFlags(flags).setSeq(seq).setAck(ack).setWindow(random.nextInt(4) == 0 ? 0 : 500)
                            .setPayloadLength(len).setIpLength(40 + len).setTtl(50 + random.nextInt(20))
                            .setIpId(random.nextInt(65536)).build();
                }
                key = key == null ? CanonicalKeys.of(p) : key;
                TrackerUpdate u = tracker.apply(state, key, p);
                state = u.current();
                log.append(String.format("%n%s:%d f=%s seq=%d ack=%d len=%d -> ob=%d rb=%d obase=%d rbase=%d omax=%d rmax=%d oack=%d rack=%d z=%x %s",
                        p.getProbeId(), p.getSrcPort(), TcpFlags.describe(p.getFlags()), p.getSeq(), p.getAck(),
                        p.getPayloadLength(), state.getOrigBytes(), state.getRespBytes(), state.getOrigSeqBase(),
                        state.getRespSeqBase(), state.getOrigMaxRel(), state.getRespMaxRel(), state.getOrigAckedRel(),
                        state.getRespAckedRel(), state.getZeekStates(), u.events().stream().map(e -> e.type().name()).toList()));
                previous = p;
                assertThat(state).isNotNull();
                assertThat(u.events()).isNotNull();
                long bound = sent[0] + sent[1] + tracker.config().ackAheadLimitBytes() + SeqMath.TOO_LARGE_SEQ_DELTA
                        + 3000;
                assertThat(state.getOrigBytes()).as(log.toString()).isBetween(0L, bound);
                assertThat(state.getRespBytes()).as(log.toString()).isBetween(0L, bound);
                assertThat(state.getMissedBytes()).isGreaterThanOrEqualTo(0L);
                assertThat(state.getConnState()).isIn(CONN_STATES);
                assertThat(state.getHistory()).matches("[\\^SHADFRGTWIQshadfrgtwiq]*");
                assertThat(state.getOrigTtls().size()).isLessThanOrEqualTo(tracker.config().maxTtlsPerDirection());
                assertThat(state.getVantages().size()).isLessThanOrEqualTo(2);
                assertThat(state.getDedupRing().size()).isLessThanOrEqualTo(tracker.config().dedupRingSize());
                if (u.finalized() != null) {
                    assertThat(u.finalizedReason()).isNotNull();
                }
            }
        }
    }
}
