package dev.synscope.streams.state;

/**
 * Zeek's own per-endpoint TCP states (TCP_ENDPOINT_INACTIVE ... RESET), which Zeek's conn_state
 * is defined on. They are not RFC 9293 states (those are {@link RfcStateMachine}'s job), so both are
 * kept: this one only to reproduce Zeek's conn_state exactly. A port of
 * TCPSessionAdapter::UpdateStateMachine (Zeek 6/7, src/packet_analysis/protocol/tcp), without the
 * rare SYN/SYN-ACK reversal flip.
 *
 * <p>Packed into one int of the state: orig state bits 0-3, orig previous 4-7, resp 8-11, resp previous 12-15.
 */
final class ZeekEndpointStates {

    static final int INACTIVE = 0;
    static final int SYN_SENT = 1;
    static final int SYN_ACK_SENT = 2;
    static final int PARTIAL = 3;
    static final int ESTABLISHED = 4;
    static final int CLOSED = 5;
    static final int RESET = 6;

    private ZeekEndpointStates() {
    }

    /**
     * Zeek's AttemptTimer condition: the originator is still in SYN_SENT (or SYN_ACK_SENT) and the
     * responder never sent anything (INACTIVE), whatever else the originator sent since its SYN.
     */
    static boolean attemptUnanswered(int packed) {
        int orig = state(packed, true);
        return (orig == SYN_SENT || orig == SYN_ACK_SENT) && state(packed, false) == INACTIVE;
    }

    static int state(int packed, boolean orig) {
        return (packed >>> (orig ? 0 : 8)) & 0xF;
    }

    static int previous(int packed, boolean orig) {
        return (packed >>> (orig ? 4 : 12)) & 0xF;
    }

    static int set(int packed, boolean orig, int newState) {
        int current = state(packed, orig);
        if (current == newState) {
            return packed;
        }
        int shift = orig ? 0 : 8;
        packed &= ~(0xFF << shift);
        return packed | ((newState | (current << 4)) << shift);
    }

    /** Zeek's is_clean(): ESTABLISHED, or CLOSED straight from ESTABLISHED. */
    static boolean establishedOrCleanlyClosing(int packed, boolean orig) {
        int state = state(packed, orig);
        return state == ESTABLISHED || (state == CLOSED && previous(packed, orig) == ESTABLISHED);
    }

    static boolean inactive(int state) {
        return state == INACTIVE || state == PARTIAL;
    }

    /**
     * Applies one packet from the orig ({@code isOrig}) or resp endpoint.
     *
     * @param didClose whether the sending endpoint already reported a close (Zeek's did_close)
     * @return the new packed states; bit 31 set when Zeek would call ConnectionClosed (do_close)
     */
    static long update(int packed, boolean isOrig, int flags, int len, boolean didClose) {
        boolean syn = TcpFlags.syn(flags);
        boolean ack = TcpFlags.ack(flags);
        boolean fin = TcpFlags.fin(flags);
        boolean rst = TcpFlags.rst(flags);
        boolean doClose = false;
        boolean peerIsOrig = !isOrig;

        switch (state(packed, isOrig)) {
            case INACTIVE -> {
                if (syn) {
                    if (isOrig) {
                        packed = set(packed, true, ack ? SYN_ACK_SENT : SYN_SENT);
                    } else {
                        if (state(packed, peerIsOrig) == SYN_SENT) {
                            packed = set(packed, peerIsOrig, ESTABLISHED);
                        }
                        packed = set(packed, false, ESTABLISHED);
                    }
                }
                if (fin || rst) {
                    packed = set(packed, isOrig, rst ? RESET : CLOSED);
                    doClose = true;
                }
                if (state(packed, isOrig) == INACTIVE) {
                    if (!isOrig && len == 0 && state(packed, true) == SYN_SENT) {
                        // Zeek: some stacks ack a SYN before answering it; not a partial connection.
                    } else if (ack && state(packed, peerIsOrig) == ESTABLISHED) {
                        packed = set(packed, isOrig, ESTABLISHED); // SYN missed, SYN+ACK seen
                    } else {
                        packed = set(packed, isOrig, PARTIAL);
                    }
                }
            }
            case SYN_SENT, SYN_ACK_SENT -> {
                if (fin || rst) {
                    packed = set(packed, isOrig, rst ? RESET : CLOSED);
                    doClose = true;
                }
            }
            case ESTABLISHED, PARTIAL -> {
                if (syn && !ack && state(packed, isOrig) == PARTIAL && state(packed, peerIsOrig) == INACTIVE) {
                    packed = set(packed, isOrig, SYN_SENT);
                }
                if (fin && !rst) {
                    packed = set(packed, isOrig, CLOSED);
                    if (state(packed, peerIsOrig) == RESET && previous(packed, peerIsOrig) == CLOSED) {
                        packed = set(packed, peerIsOrig, CLOSED); // FIN then RST from the peer: a normal close
                    }
                    doClose = true;
                }
                if (rst) {
                    packed = set(packed, isOrig, RESET);
                    doClose = true;
                }
            }
            case CLOSED -> {
                if (rst && state(packed, peerIsOrig) != CLOSED) {
                    packed = set(packed, isOrig, RESET);
                    if (!didClose) {
                        doClose = true;
                    }
                }
            }
            default -> {
                // RESET: nothing changes
            }
        }
        return (packed & 0xFFFF_FFFFL) | (doClose ? 1L << 32 : 0L);
    }

    /**
     * Zeek's conn_state(), scripts/base/protocols/conn/main.zeek, applied to the packed states,
     * the two sizes and the history.
     */
    static String connState(int packed, long origSize, long respSize, String history) {
        int os = state(packed, true);
        int rs = state(packed, false);
        boolean oInactive = inactive(os);
        boolean rInactive = inactive(rs);
        if (rs == RESET) {
            if (os == SYN_SENT || os == SYN_ACK_SENT || (os == RESET && origSize == 0 && respSize == 0)) {
                return "REJ";
            }
            return oInactive ? "RSTRH" : "RSTR";
        }
        if (os == RESET) {
            if (rInactive) {
                return isSynThenReset(history) ? "RSTOS0" : "OTH";
            }
            return "RSTO";
        }
        if (rs == CLOSED && os == CLOSED) {
            return "SF";
        }
        if (os == CLOSED) {
            return rInactive ? "SH" : "S2";
        }
        if (rs == CLOSED) {
            return oInactive ? "SHR" : "S3";
        }
        if (os == SYN_SENT && rs == INACTIVE) {
            return "S0";
        }
        if (os == ESTABLISHED && rs == ESTABLISHED) {
            return "S1";
        }
        return "OTH";
    }

    /** Zeek's pattern /\^?S[^HAFGIQ]*R.* / matched against the whole history. */
    static boolean isSynThenReset(String history) {
        int i = 0;
        if (i < history.length() && history.charAt(i) == '^') {
            i++;
        }
        if (i >= history.length() || history.charAt(i) != 'S') {
            return false;
        }
        for (i++; i < history.length(); i++) {
            char ch = history.charAt(i);
            if (ch == 'R') {
                return true;
            }
            if ("HAFGIQ".indexOf(ch) >= 0) {
                return false;
            }
        }
        return false;
    }
}
