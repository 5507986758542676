package dev.synscope.probe.decode;

/**
 * Scratch positions handed from one layer to the next while decoding one frame. One instance per
 * {@link HeaderDecoder}, reused for every frame (so layers can "return" several ints without
 * allocating). All offsets are absolute indexes into the frame array.
 */
final class FrameCursor {

    /** IP version the link layer announced (4 or 6), or 0 when only the version nibble can tell (raw IP). */
    int networkHint;
    /** Start of the current layer. */
    int pos;
    /** Exclusive end of the captured bytes (snaplen may cut the packet anywhere). */
    int capEnd;
    /** Transport protocol number (IPv4 protocol / last IPv6 next header). */
    int l4Protocol;
    /** Start of the transport header. */
    int l4Offset;
    /** Exclusive end of the IP packet as its own length fields declare it; may exceed {@link #capEnd}. */
    int ipEnd;
    /** Start of the IP header just decoded (the innermost one, past any tunnel): the checksum's pseudo-header. */
    int ipOffset;
    /** The IP header just decoded has More Fragments set (IPv4 MF flag, IPv6 fragment header M bit). */
    boolean moreFragments;
    /** Tunnel headers stripped so far (0 = the outer packet); see {@link HeaderDecoder#MAX_TUNNEL_DEPTH}. */
    int tunnelDepth;
    /** Set by {@link TunnelDecoder} when it found an inner packet at {@link #pos}: decode the network layer again. */
    boolean inner;

    void reset(int start, int end) {
        networkHint = 0;
        pos = start;
        capEnd = end;
        l4Protocol = -1;
        l4Offset = -1;
        ipEnd = -1;
        ipOffset = -1;
        moreFragments = false;
        tunnelDepth = 0;
        inner = false;
    }
}
