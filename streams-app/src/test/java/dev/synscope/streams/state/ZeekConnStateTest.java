package dev.synscope.streams.state;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** One packet sequence per Zeek conn_state value, with the history Zeek writes for it. */
class ZeekConnStateTest {

    private static final String SYN = Handshakes.SYN;
    private static final String SYN_ACK = Handshakes.SYN_ACK;
    private static final String ACK = Handshakes.ACK;
    private static final String ORIG_FIN = "client.40000 > server.80: Flags [F.], seq 1001, ack 5001, win 502, length 0";
    private static final String RESP_FIN = "server.80 > client.40000: Flags [F.], seq 5001, ack 1001, win 509, length 0";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("S0", "S", new String[] {SYN}),
                Arguments.of("S1", "ShA", new String[] {SYN, SYN_ACK, ACK}),
                Arguments.of("SF", "ShAFf", new String[] {SYN, SYN_ACK, ACK, ORIG_FIN,
                        "server.80 > client.40000: Flags [F.], seq 5001, ack 1002, win 509, length 0",
                        "client.40000 > server.80: Flags [.], ack 5002, win 502, length 0"}),
                Arguments.of("REJ", "Sr", new String[] {SYN,
                        "server.80 > client.40000: Flags [R.], seq 0, ack 1001, win 0, length 0"}),
                Arguments.of("S2", "ShAF", new String[] {SYN, SYN_ACK, ACK, ORIG_FIN}),
                Arguments.of("S3", "ShAf", new String[] {SYN, SYN_ACK, ACK, RESP_FIN}),
                Arguments.of("RSTO", "ShAR", new String[] {SYN, SYN_ACK, ACK,
                        "client.40000 > server.80: Flags [R.], seq 1001, ack 5001, win 0, length 0"}),
                Arguments.of("RSTR", "ShAr", new String[] {SYN, SYN_ACK, ACK,
                        "server.80 > client.40000: Flags [R.], seq 5001, ack 1001, win 0, length 0"}),
                Arguments.of("RSTOS0", "SR", new String[] {SYN,
                        "client.40000 > server.80: Flags [R], seq 1001, win 0, length 0"}),
                Arguments.of("RSTRH", "^hr", new String[] {SYN_ACK,
                        "server.80 > client.40000: Flags [R], seq 5001, win 0, length 0"}),
                Arguments.of("SH", "SF", new String[] {SYN,
                        "client.40000 > server.80: Flags [F], seq 1001, win 502, length 0"}),
                Arguments.of("SHR", "^hf", new String[] {SYN_ACK,
                        "server.80 > client.40000: Flags [F.], seq 5001, ack 1001, win 509, length 0"}),
                Arguments.of("OTH", "Dd", new String[] {
                        "client.40000 > server.80: Flags [P.], seq 3000:3010, ack 9000, win 502, length 10",
                        "server.80 > client.40000: Flags [P.], seq 9000:9020, ack 3010, win 509, length 20"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void producesTheConnState(String connState, String history, String[] lines) {
        Conn c = new Conn().send(lines);
        assertThat(c.state.getConnState()).isEqualTo(connState);
        assertThat(c.state.getHistory()).isEqualTo(history);
    }
}
