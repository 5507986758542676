package dev.synscope.streams.state;

/** TCP flag bits as HeaderObservation.flags carries them (RFC 9293 section 3.1, plus NS). */
final class TcpFlags {

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;

    private TcpFlags() {
    }

    static boolean fin(int f) { return (f & FIN) != 0; }
    static boolean syn(int f) { return (f & SYN) != 0; }
    static boolean rst(int f) { return (f & RST) != 0; }
    static boolean ack(int f) { return (f & ACK) != 0; }

    /** tcpdump's flag notation, e.g. "S.", "P.", "F.", "R", "." */
    static String describe(int f) {
        StringBuilder sb = new StringBuilder(4);
        if (fin(f)) sb.append('F');
        if (syn(f)) sb.append('S');
        if (rst(f)) sb.append('R');
        if ((f & PSH) != 0) sb.append('P');
        if ((f & URG) != 0) sb.append('U');
        if (ack(f)) sb.append('.');
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
