package dev.synscope.streams.state;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;

import java.util.ArrayList;
import java.util.List;

/**
 * Drops a packet counted twice. A small ring of recent packet fingerprints is kept per connection;
 * each entry packs a 32-bit hash of (direction, seq, ack, flags, payload length, IP id, window), the
 * index of the vantage that saw it (4 bits) and the low 28 bits of its capture time in microseconds.
 * <ul>
 *   <li>same fingerprint, same vantage, same capture time: the same record delivered twice
 *       ({@link Verdict#DUPLICATE_RECORD}: ignored entirely);</li>
 *   <li>same fingerprint seen by another vantage within {@code crossProbeWindowMicros}, more often than by
 *       this one: the same packet seen by a second probe ({@link Verdict#OTHER_VANTAGE}: counted for that
 *       vantage only);</li>
 *   <li>otherwise a new packet (an IPv4 retransmission has another IP id; at one probe, another time).</li>
 * </ul>
 * Limits, by design: a middlebox that rewrites sequence numbers between two probes makes the two
 * sightings look like different packets; a packet whose first sighting fell out of the ring (more than
 * {@code dedupRingSize} newer packets in between) is counted again.
 */
final class PacketFingerprints {

    enum Verdict { NEW, DUPLICATE_RECORD, OTHER_VANTAGE }

    private static final long TIME_MASK = 0x0FFF_FFFFL;
    private static final long HALF_TIME_RANGE = 1L << 27;

    private PacketFingerprints() {
    }

    static long entry(HeaderObservation p, boolean fromOrig, int vantage) {
        long h = fromOrig ? 0x9E37_79B9_7F4A_7C15L : 0xC2B2_AE3D_27D4_EB4FL;
        h = mix(h, p.getSeq());
        h = mix(h, p.getAck());
        h = mix(h, p.getFlags());
        h = mix(h, p.getPayloadLength());
        h = mix(h, p.getIpId() == null ? -1 : p.getIpId());
        h = mix(h, p.getWindow());
        return (h & 0xFFFF_FFFF_0000_0000L) | ((long) (vantage & 0xF) << 28) | (p.getTsMicros() & TIME_MASK);
    }

    /**
     * Identical packets (same fingerprint) within the window count, in the combined view, as many times as
     * the vantage that saw the most of them: a sighting is another vantage's copy while its own vantage has
     * seen fewer of them than some other vantage. So probe A's retransmission is counted even though probe B
     * saw the original, and B's later copy of that retransmission is not.
     */
    static Verdict check(ConnectionState c, long entry, long crossProbeWindowMicros) {
        List<Long> ring = c.getDedupRing();
        long hash = entry >>> 32;
        int vantage = (int) ((entry >>> 28) & 0xF);
        long time = entry & TIME_MASK;
        int own = 0;
        int mostByAnother = 0;
        for (int i = 0; i < ring.size(); i++) {
            long e = ring.get(i);
            if ((e >>> 32) != hash || distance(time, e & TIME_MASK) > crossProbeWindowMicros) {
                continue;
            }
            int v = (int) ((e >>> 28) & 0xF);
            if (v == vantage) {
                if ((e & TIME_MASK) == time) {
                    return Verdict.DUPLICATE_RECORD;
                }
                own++;
            } else {
                int count = 0;
                for (int j = 0; j < ring.size(); j++) {
                    long o = ring.get(j);
                    if ((o >>> 32) == hash && ((o >>> 28) & 0xF) == v
                            && distance(time, o & TIME_MASK) <= crossProbeWindowMicros) {
                        count++;
                    }
                }
                mostByAnother = Math.max(mostByAnother, count);
            }
        }
        return own < mostByAnother ? Verdict.OTHER_VANTAGE : Verdict.NEW;
    }

    private static long distance(long a, long b) {
        long dt = (a - b) & TIME_MASK;
        return dt >= HALF_TIME_RANGE ? TIME_MASK + 1 - dt : dt;
    }

    static void remember(ConnectionState c, long entry, int ringSize) {
        List<Long> ring = c.getDedupRing();
        if (ring.size() < ringSize) {
            if (!(ring instanceof ArrayList) && !(ring instanceof org.apache.avro.generic.GenericData.Array)) {
                ring = new ArrayList<>(ring);
                c.setDedupRing(ring);
            }
            ring.add(entry);
            return;
        }
        int next = Math.floorMod(c.getDedupNext(), ring.size());
        if (!(ring instanceof ArrayList) && !(ring instanceof org.apache.avro.generic.GenericData.Array)) {
            ring = new ArrayList<>(ring);
            c.setDedupRing(ring);
        }
        ring.set(next, entry);
        c.setDedupNext((next + 1) % ring.size());
    }

    private static long mix(long h, long v) {
        h ^= v + 0x9E37_79B9_7F4A_7C15L + (h << 6) + (h >>> 2);
        h *= 0xBF58_476D_1CE4_E5B9L;
        return h ^ (h >>> 31);
    }
}
