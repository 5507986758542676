package dev.synscope.streams.state;

/**
 * Who is the responder of a connection whose first packet is not a SYN: the endpoint on a
 * well-known port (below 1024) when exactly one is, otherwise the lower port (servers usually listen
 * on the lower one; clients use ephemeral ports, 32768-60999 on Linux, 49152-65535 per RFC 6335).
 */
final class RoleGuess {

    static final int WELL_KNOWN_LIMIT = 1024;

    private RoleGuess() {
    }

    /** True when the packet's source should be the responder. */
    static boolean sourceIsResponder(int srcPort, int dstPort) {
        boolean srcWellKnown = srcPort < WELL_KNOWN_LIMIT;
        boolean dstWellKnown = dstPort < WELL_KNOWN_LIMIT;
        if (srcWellKnown != dstWellKnown) {
            return srcWellKnown;
        }
        return srcPort < dstPort;
    }
}
