package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Packets.ACK;
import static dev.synscope.streams.topology.Packets.FIN;
import static dev.synscope.streams.topology.Packets.PSH;
import static dev.synscope.streams.topology.Packets.RST;
import static dev.synscope.streams.topology.Packets.SYN;
import static dev.synscope.streams.topology.Packets.c2s;
import static dev.synscope.streams.topology.Packets.s2c;

import dev.synscope.schema.HeaderObservation;
import java.util.List;

/**
 * Packet sequences of the article's connection (client ISN 2473414591, server ISN 2879155514, a
 * 77-byte request and a 230-byte answer), parameterised by ports and start time.
 */
public final class Conversations {

    public static final long CISN = 2473414591L;
    public static final long SISN = 2879155514L;

    private Conversations() {
    }

    public static HeaderObservation syn(long t, int cport, int sport) {
        return c2s(t, cport, sport, SYN, CISN, 0, 0);
    }

    public static HeaderObservation synAck(long t, int cport, int sport) {
        return s2c(t, cport, sport, SYN | ACK, SISN, CISN + 1, 0);
    }

    public static HeaderObservation rstAnsweringSyn(long t, int cport, int sport) {
        return s2c(t, cport, sport, RST | ACK, 0, CISN + 1, 0);
    }

    /** SYN, SYN+ACK, ACK at t, t+1 ms, t+2 ms. */
    public static List<HeaderObservation> handshake(long t, int cport, int sport) {
        return List.of(syn(t, cport, sport), synAck(t + 1_000, cport, sport),
                c2s(t + 2_000, cport, sport, ACK, CISN + 1, SISN + 1, 0));
    }

    /** The 77-byte request and 230-byte answer with their ACKs, from t. */
    public static List<HeaderObservation> exchange(long t, int cport, int sport) {
        return List.of(
                c2s(t, cport, sport, PSH | ACK, CISN + 1, SISN + 1, 77),
                s2c(t + 1_000, cport, sport, ACK, SISN + 1, CISN + 78, 0),
                s2c(t + 2_000, cport, sport, PSH | ACK, SISN + 1, CISN + 78, 230),
                c2s(t + 3_000, cport, sport, ACK, CISN + 78, SISN + 231, 0));
    }

    /** Client FIN and the server's ACK of it: client FIN_WAIT_2, server CLOSE_WAIT. */
    public static List<HeaderObservation> clientCloses(long t, int cport, int sport) {
        return List.of(
                c2s(t, cport, sport, FIN | ACK, CISN + 78, SISN + 231, 0),
                s2c(t + 1_000, cport, sport, ACK, SISN + 231, CISN + 79, 0));
    }

    /** Server FIN and the client's final ACK: client TIME_WAIT, server CLOSED. */
    public static List<HeaderObservation> serverCloses(long t, int cport, int sport) {
        return List.of(
                s2c(t, cport, sport, FIN | ACK, SISN + 231, CISN + 79, 0),
                c2s(t + 1_000, cport, sport, ACK, CISN + 79, SISN + 232, 0));
    }

    @SafeVarargs
    public static HeaderObservation[] all(List<HeaderObservation>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(HeaderObservation[]::new);
    }
}
