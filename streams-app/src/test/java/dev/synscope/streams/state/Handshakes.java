package dev.synscope.streams.state;

/** Reusable fixture lines: client 192.0.2.10:40000, server 198.51.100.80:80, ISNs 1000 and 5000. */
final class Handshakes {

    static final String SYN = "client.40000 > server.80: Flags [S], seq 1000, win 64240, length 0";
    static final String SYN_ACK = "server.80 > client.40000: Flags [S.], seq 5000, ack 1001, win 65160, length 0";
    static final String ACK = "client.40000 > server.80: Flags [.], ack 5001, win 502, length 0";

    private Handshakes() {
    }

    static Conn established() {
        return new Conn().send(SYN, SYN_ACK, ACK);
    }
}
