package dev.synscope.streams.state;

import dev.synscope.schema.ConnectionState;

/**
 * Zeek's connection history letters (Conn::Info$history), reproduced from Zeek's update_history(),
 * Connection::CheckHistory() and Connection::ScaledHistoryEntry(): upper case for the originator,
 * lower case for the responder.
 * <ul>
 *   <li>A, D, I, Q at most once per direction;</li>
 *   <li>S/H, F, R again only when the (relative) sequence differs from the previous packet with that flag
 *       (for F, the sequence after the payload);</li>
 *   <li>G, T, W (and C) at the 1st, 10th, 100th... occurrence.</li>
 * </ul>
 * 'C' (bad checksum) is never produced: probes capture 128 bytes per packet, so the checksum cannot be
 * verified. '^' is added when the heuristic makes the first packet's sender the responder.
 *
 * <p>Capped at {@link #MAX_LETTERS}: S/H, F and R repeat whenever the sequence differs, so hostile traffic
 * (a stream of SYNs or RSTs with fresh sequence numbers on one tuple) would otherwise grow the history, and
 * the row, without bound. Letters past the cap are not recorded; each one is counted on the packet's
 * {@link Side} (a per-packet view, so nothing shared between tasks) and reported by the tracker as a
 * {@link ConnectionEvent.Type#HISTORY_CUT} event.
 */
final class ZeekHistory {

    /**
     * Most letters a history keeps (64). Zeek's histories in practice are short (a complete connection with
     * retransmissions and window stalls is some 10-20 letters; no test trace, fixture or demo here has one of
     * 40); 64 keeps every real one whole while bounding a hostile one.
     */
    static final int MAX_LETTERS = 64;

    static final int SEEN_SYN = 1;
    private static final int SEEN_FIN = 1 << 1;
    private static final int SEEN_RST = 1 << 2;
    private static final int SEEN_FIN_RST = 1 << 3;
    private static final int SEEN_DATA = 1 << 4;
    private static final int SEEN_ACK = 1 << 5;
    private static final int SEEN_MULTI_FLAG = 1 << 6;

    private ZeekHistory() {
    }

    /** Records the letters of one packet; {@code relSeq} is the packet's seq relative to its sender's base. */
    static void update(Side s, int flags, long relSeq, int len) {
        boolean syn = TcpFlags.syn(flags);
        boolean fin = TcpFlags.fin(flags);
        boolean rst = TcpFlags.rst(flags);
        int bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (bits > 1) {
            if (fin && rst) {
                once(s, SEEN_FIN_RST, 'I');
            } else {
                once(s, SEEN_MULTI_FLAG, 'Q');
            }
        } else if (bits == 1) {
            if (syn) {
                char code = TcpFlags.ack(flags) ? 'H' : 'S';
                if (!once(s, SEEN_SYN, code) && relSeq != s.lastFlagSeq(Side.SYN_SLOT)) {
                    add(s, code);
                }
                s.lastFlagSeq(Side.SYN_SLOT, relSeq);
            }
            if (fin) {
                if (!once(s, SEEN_FIN, 'F') && relSeq + len != s.lastFlagSeq(Side.FIN_SLOT)) {
                    add(s, 'F');
                }
                s.lastFlagSeq(Side.FIN_SLOT, relSeq + len);
            }
            if (rst) {
                if (!once(s, SEEN_RST, 'R') && relSeq != s.lastFlagSeq(Side.RST_SLOT)) {
                    add(s, 'R');
                }
                s.lastFlagSeq(Side.RST_SLOT, relSeq);
            }
        } else if (len > 0) {
            once(s, SEEN_DATA, 'D');
        } else if (TcpFlags.ack(flags)) {
            once(s, SEEN_ACK, 'A');
        }
    }

    /** Logarithmic letters (G, T, W): added when the counter, just incremented, is 1, 10, 100, ... */
    static void scaled(Side s, char upper, long count) {
        if (isPowerOfTen(count)) {
            add(s, upper);
        }
    }

    static void flip(ConnectionState c) {
        c.setHistory(c.getHistory() + '^');
    }

    static boolean isPowerOfTen(long n) {
        if (n <= 0) {
            return false;
        }
        while (n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    /**
     * Connection::CheckHistory: records the letter the first time; returns true when it was new
     * (note: Zeek's CheckHistory returns the opposite, "already seen").
     */
    private static boolean once(Side s, int mask, char upper) {
        ConnectionState c = s.conn();
        int bit = s.orig ? mask : mask << 16;
        if ((c.getHistorySeen() & bit) != 0) {
            return false;
        }
        c.setHistorySeen(c.getHistorySeen() | bit);
        add(s, upper);
        return true;
    }

    private static void add(Side s, char upper) {
        ConnectionState c = s.conn();
        if (c.getHistory().length() >= MAX_LETTERS) {
            s.historyCut++;
            return;
        }
        c.setHistory(c.getHistory() + (s.orig ? upper : Character.toLowerCase(upper)));
    }
}
