package dev.synscope.streams.state;

import dev.synscope.schema.TcpState;

import static dev.synscope.schema.TcpState.CLOSED;
import static dev.synscope.schema.TcpState.CLOSE_WAIT;
import static dev.synscope.schema.TcpState.CLOSING;
import static dev.synscope.schema.TcpState.ESTABLISHED;
import static dev.synscope.schema.TcpState.FIN_WAIT_1;
import static dev.synscope.schema.TcpState.FIN_WAIT_2;
import static dev.synscope.schema.TcpState.LAST_ACK;
import static dev.synscope.schema.TcpState.LISTEN;
import static dev.synscope.schema.TcpState.SYN_RECEIVED;
import static dev.synscope.schema.TcpState.SYN_SENT;
import static dev.synscope.schema.TcpState.TIME_WAIT;
import static dev.synscope.schema.TcpState.UNKNOWN;

/**
 * Infers both endpoints' RFC 9293 states (section 3.3.2) from the packets one observer sees, as
 * docs/tcp-semantics.md's table does:
 * <pre>
 * SYN from O                         O SYN_SENT, R LISTEN
 * SYN+ACK from R acking O's ISN+1    R SYN_RECEIVED (O still SYN_SENT)
 * ACK from O acking R's ISN+1        O ESTABLISHED, R ESTABLISHED
 * FIN from X                         X FIN_WAIT_1 (X CLOSE_WAIT -> LAST_ACK)
 * ACK of X's FIN from Y              X FIN_WAIT_2 (CLOSING -> TIME_WAIT, LAST_ACK -> CLOSED), Y CLOSE_WAIT
 *                                    (Y FIN_WAIT_1 -> CLOSING, FIN_WAIT_2 -> TIME_WAIT)
 * FINs cross (neither acks the other) both CLOSING, then TIME_WAIT as each FIN is acked
 * acceptable RST                     both CLOSED (an originator RST answering a bad SYN+ACK sends R back to LISTEN)
 * </pre>
 * A connection picked up mid-stream (states UNKNOWN) is taken as ESTABLISHED by its first non-SYN
 * packet. Transitions are idempotent (a repeated ACK or FIN moves nothing) and only go forward.
 * The same machine runs on the combined view and on each vantage point's own packets.
 */
final class RfcStateMachine {

    /** What a transition did, for the combined view's events. */
    static final int BECAME_ESTABLISHED = 1;
    static final int RESET_CLOSED = 1 << 1;

    private RfcStateMachine() {
    }

    /** A pair of endpoint states being updated (the connection's, or one vantage point's). */
    interface Pair {
        TcpState get(boolean orig);

        void set(boolean orig, TcpState state, long ts);
    }

    static int apply(Pair pair, PacketFacts f, long ts) {
        boolean s = f.fromOrig();
        boolean p = !s;
        TcpState sender = pair.get(s);
        TcpState peer = pair.get(p);
        int result = 0;

        if (f.rst()) {
            if (!f.rstAcceptable()) {
                return 0;
            }
            if (f.rstAfterBadSynAck()) {
                // RFC 9293 3.10.7.4: a passively opened SYN-RECEIVED connection returns to LISTEN.
                if (peer == SYN_RECEIVED) {
                    pair.set(p, LISTEN, ts);
                }
                return 0;
            }
            if (sender != CLOSED || peer != CLOSED) {
                pair.set(s, CLOSED, ts);
                pair.set(p, CLOSED, ts);
                result |= RESET_CLOSED;
            }
            return result;
        }

        if (f.syn()) {
            if (!f.ack()) {
                if (s) {
                    if (sender == UNKNOWN) {
                        pair.set(true, SYN_SENT, ts);
                    }
                    if (peer == UNKNOWN) {
                        pair.set(false, LISTEN, ts);
                    }
                } else if (sender == UNKNOWN || sender == LISTEN) {
                    pair.set(false, SYN_SENT, ts); // simultaneous open
                }
            } else if (!s && f.synAckGood()) {
                if (sender == UNKNOWN || sender == LISTEN || sender == SYN_SENT) {
                    pair.set(false, SYN_RECEIVED, ts);
                }
                if (peer == UNKNOWN) {
                    pair.set(true, SYN_SENT, ts);
                }
            } else if (!s && (sender == UNKNOWN || sender == LISTEN)) {
                pair.set(false, SYN_RECEIVED, ts); // a bad SYN+ACK: R still sent it
                if (peer == UNKNOWN) {
                    pair.set(true, SYN_SENT, ts);
                }
            }
            if (!f.fin()) {
                return 0;
            }
        }

        result |= establish(pair, f, ts);

        if (f.ack() && f.acksPeerFin()) {
            TcpState pNow = pair.get(p);
            switch (pNow) {
                case UNKNOWN, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1 -> pair.set(p, FIN_WAIT_2, ts);
                case CLOSING -> pair.set(p, TIME_WAIT, ts);
                case CLOSE_WAIT, LAST_ACK -> pair.set(p, CLOSED, ts);
                default -> { }
            }
            switch (pair.get(s)) {
                case UNKNOWN, SYN_SENT, SYN_RECEIVED, ESTABLISHED -> pair.set(s, CLOSE_WAIT, ts);
                case FIN_WAIT_1 -> pair.set(s, CLOSING, ts);
                case FIN_WAIT_2 -> pair.set(s, TIME_WAIT, ts);
                default -> { }
            }
        }

        if (f.fin()) {
            switch (pair.get(s)) {
                case UNKNOWN, SYN_SENT, SYN_RECEIVED, ESTABLISHED -> {
                    pair.set(s, FIN_WAIT_1, ts);
                    if (f.peerFinSent() && !f.acksPeerFin() && pair.get(p) == FIN_WAIT_1) {
                        // The FINs crossed: each side gets the other's FIN while in FIN_WAIT_1.
                        pair.set(s, CLOSING, ts);
                        pair.set(p, CLOSING, ts);
                    }
                }
                case CLOSE_WAIT -> pair.set(s, LAST_ACK, ts);
                default -> { }
            }
        }
        return result;
    }

    /** Handshake completion and mid-stream pick-up. */
    private static int establish(Pair pair, PacketFacts f, long ts) {
        TcpState o = pair.get(true);
        TcpState r = pair.get(false);
        if (o == ESTABLISHED && r == ESTABLISHED) {
            return 0;
        }
        boolean handshake = o == SYN_SENT || r == SYN_RECEIVED || r == LISTEN;
        if (f.fromOrig()) {
            if (o == SYN_SENT && (r == SYN_RECEIVED || r == LISTEN || r == UNKNOWN) && f.ack() && f.acksPeerSyn()) {
                pair.set(true, ESTABLISHED, ts);
                pair.set(false, ESTABLISHED, ts);
                return BECAME_ESTABLISHED;
            }
        } else if (r == SYN_RECEIVED && (f.len() > 0 || f.acksPeerData())) {
            // The final ACK was not seen, but the responder sends data or acks data: it got it.
            pair.set(true, ESTABLISHED, ts);
            pair.set(false, ESTABLISHED, ts);
            return BECAME_ESTABLISHED;
        }
        if (!handshake) {
            boolean s = f.fromOrig();
            if (pair.get(s) == UNKNOWN) {
                pair.set(s, ESTABLISHED, ts);
            }
            if (pair.get(!s) == UNKNOWN && f.ack()) {
                pair.set(!s, ESTABLISHED, ts);
            }
        }
        return 0;
    }

    static boolean synchronizedOrLater(TcpState s) {
        return switch (s) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> true;
            default -> false;
        };
    }

    static boolean finished(TcpState s) {
        return s == CLOSED || s == TIME_WAIT;
    }
}
