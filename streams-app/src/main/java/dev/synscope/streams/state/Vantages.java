package dev.synscope.streams.state;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.VantageStats;
import dev.synscope.streams.state.ConnectionEvent.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * What each probe (vantage point) saw of a connection: its own packet counts, first/last times and the
 * RFC states its packets alone show, one-sided flows, and the copies of packets another probe already
 * counted (see {@link PacketFingerprints}).
 */
final class Vantages {

    /** Vantage index of a probe beyond {@link TrackerConfig#maxVantages()}: counted, not listed. */
    static final int NOT_LISTED = TrackerConfig.MAX_LISTED_VANTAGES;

    private final TrackerConfig config;

    Vantages(TrackerConfig config) {
        this.config = config;
    }

    void seenByAnotherVantage(ConnectionState c, HeaderObservation p, boolean fromOrig, int vantage,
                                      List<ConnectionEvent> events) {
        long ts = p.getTsMicros();
        Side s = new Side(c, fromOrig);
        Side q = new Side(c, !fromOrig);
        PacketFacts f = PacketFacts.of(config, c, s, q, p, fromOrig);
        boolean stale = ts < c.getLastSeenMicros() - config.outOfOrderGraceMicros();
        c.setFirstSeenMicros(Math.min(c.getFirstSeenMicros(), ts));
        c.setLastSeenMicros(Math.max(c.getLastSeenMicros(), ts));
        s.addTtl(p.getTtl(), config.maxTtlsPerDirection());
        if (vantage == NOT_LISTED) {
            return;
        }
        VantageStats v = c.getVantages().get(vantage);
        countForVantage(v, fromOrig, ts);
        if (stale) {
            return;
        }
        RfcStateMachine.apply(vantagePair(v), f, ts);
        // Handshake RTTs are measured at one vantage: fill them in when this vantage saw both packets.
        if (TcpFlags.syn(f.flags()) && f.ack() && !fromOrig && f.synAckGood() && c.getSynToSynAckMicros() == null
                && c.getSynMicros() > 0 && c.getSynVantage() == vantage && ts >= c.getSynMicros()) {
            c.setSynToSynAckMicros(ts - c.getSynMicros());
        }
        oneSided(c, v, vantage, p, fromOrig, events);
    }

    void oneSided(ConnectionState c, VantageStats v, int vantage, HeaderObservation p, boolean fromOrig,
                          List<ConnectionEvent> events) {
        int bit = 1 << vantage;
        if ((c.getOneSidedVantages() & bit) != 0 || !TcpFlags.ack(p.getFlags()) || TcpFlags.syn(p.getFlags())) {
            return;
        }
        long one = fromOrig ? v.getOrigPackets() : v.getRespPackets();
        long other = fromOrig ? v.getRespPackets() : v.getOrigPackets();
        if (other == 0 && one >= config.oneSidedMinPackets()) {
            c.setOneSidedVantages(c.getOneSidedVantages() | bit);
            events.add(ConnectionEvent.of(Type.ONE_SIDED, p, fromOrig, "probe " + v.getProbeId() + " saw " + one + " packets from the "
                    + (fromOrig ? "originator" : "responder") + " and none back", one));
        }
    }

    static void countForVantage(VantageStats v, boolean fromOrig, long ts) {
        if (fromOrig) {
            v.setOrigPackets(v.getOrigPackets() + 1);
        } else {
            v.setRespPackets(v.getRespPackets() + 1);
        }
        v.setFirstSeenMicros(Math.min(v.getFirstSeenMicros(), ts));
        v.setLastSeenMicros(Math.max(v.getLastSeenMicros(), ts));
    }

    /**
     * Index the probe has (or would get) in {@code vantages}, without adding it; NOT_LISTED when the
     * list is full.
     */
    int findVantage(ConnectionState c, String probeId) {
        List<VantageStats> vantages = c.getVantages();
        for (int i = 0; i < vantages.size(); i++) {
            if (vantages.get(i).getProbeId().equals(probeId)) {
                return i;
            }
        }
        return vantages.size() >= config.maxVantages() ? NOT_LISTED : vantages.size();
    }

    /** Index of the probe in {@code vantages}, appending it if new; NOT_LISTED when the list is full. */
    int vantageIndex(ConnectionState c, String probeId, long ts) {
        List<VantageStats> vantages = c.getVantages();
        for (int i = 0; i < vantages.size(); i++) {
            if (vantages.get(i).getProbeId().equals(probeId)) {
                return i;
            }
        }
        if (vantages.size() >= config.maxVantages()) {
            return NOT_LISTED;
        }
        if (!(vantages instanceof ArrayList) && !(vantages instanceof org.apache.avro.generic.GenericData.Array)) {
            vantages = new ArrayList<>(vantages);
            c.setVantages(vantages);
        }
        vantages.add(VantageStats.newBuilder().setProbeId(probeId).setFirstSeenMicros(ts).setLastSeenMicros(ts)
                .build());
        return vantages.size() - 1;
    }

    static RfcStateMachine.Pair combinedPair(ConnectionState c) {
        return new RfcStateMachine.Pair() {
            @Override
            public TcpState get(boolean orig) {
                return orig ? c.getOrigState() : c.getRespState();
            }

            @Override
            public void set(boolean orig, TcpState state, long ts) {
                new Side(c, orig).state(state, ts);
            }
        };
    }

    static RfcStateMachine.Pair vantagePair(VantageStats v) {
        return new RfcStateMachine.Pair() {
            @Override
            public TcpState get(boolean orig) {
                return orig ? v.getOrigState() : v.getRespState();
            }

            @Override
            public void set(boolean orig, TcpState state, long ts) {
                if (orig) {
                    v.setOrigState(state);
                } else {
                    v.setRespState(state);
                }
            }
        };
    }
}
