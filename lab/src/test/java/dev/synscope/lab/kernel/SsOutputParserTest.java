package dev.synscope.lab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synscope.schema.TcpState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SsOutputParserTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ESTAB, ESTABLISHED",
        "SYN-SENT, SYN_SENT",
        "SYN-RECV, SYN_RECEIVED",
        "FIN-WAIT-1, FIN_WAIT_1",
        "FIN-WAIT-2, FIN_WAIT_2",
        "CLOSE-WAIT, CLOSE_WAIT",
        "LAST-ACK, LAST_ACK",
        "TIME-WAIT, TIME_WAIT",
        "CLOSING, CLOSING",
        "LISTEN, LISTEN",
        "UNCONN, CLOSED",
    })
    void mapsEverySsStateNameToItsRfc9293Name(String ssName, TcpState expected) {
        List<KernelSocket> sockets = SsOutputParser.parse(ssName + " 0 0 192.0.2.10:40302 203.0.113.80:80");

        assertThat(sockets).singleElement().extracting(KernelSocket::state).isEqualTo(expected);
    }

    @Test
    void parsesTheLabsOwnOutputWithPaddingAndListeners() {
        // verbatim from `ip netns exec ss-server ss -tanH` during the CLOSE_WAIT scenario
        String out = """
                LISTEN     0      128    198.51.100.10:80      0.0.0.0:*   \s
                CLOSE-WAIT 0      0      198.51.100.10:9000 192.0.2.10:55760
                SYN-RECV   0      0      198.51.100.10:80   192.0.2.66:2009\s
                """;

        List<KernelSocket> sockets = SsOutputParser.parse(out);

        assertThat(sockets).containsExactly(
                new KernelSocket(TcpState.LISTEN, Endpoint.of("198.51.100.10", 80), Endpoint.of("0.0.0.0", Endpoint.ANY_PORT)),
                new KernelSocket(TcpState.CLOSE_WAIT, Endpoint.of("198.51.100.10", 9000), Endpoint.of("192.0.2.10", 55760)),
                new KernelSocket(TcpState.SYN_RECEIVED, Endpoint.of("198.51.100.10", 80), Endpoint.of("192.0.2.66", 2009)));
    }

    @Test
    void parsesIpv6WildcardsScopesAndTheProcessColumn() {
        String out = """
                LISTEN 0 50 [::ffff:127.0.0.1]:45975 *:* users:(("java",pid=26750,fd=108))
                ESTAB  0 0  [2001:db8::1]:443 [2001:db8::2]:50000
                ESTAB  0 0  192.0.2.10%veth-c:22 192.0.2.1:50001
                """;

        List<KernelSocket> sockets = SsOutputParser.parse(out);

        assertThat(sockets).extracting(KernelSocket::local).containsExactly(
                Endpoint.of("::ffff:127.0.0.1", 45975), Endpoint.of("2001:db8::1", 443), Endpoint.of("192.0.2.10", 22));
        assertThat(sockets.get(0).peer()).isEqualTo(Endpoint.of("*", Endpoint.ANY_PORT));
        assertThat(sockets.get(1).peer()).isEqualTo(Endpoint.of("2001:db8::2", 50000));
    }

    @Test
    void skipsBlankLinesAndTheSnapshotHeader() {
        String out = "# ss -tanH in ss-client at 2026-11-24T07:10:20.856969Z\n\nTIME-WAIT 0 0 192.0.2.10:1 203.0.113.80:80\n";

        assertThat(SsOutputParser.parse(out)).hasSize(1);
        assertThat(SsOutputParser.parse("")).isEmpty();
    }

    @Test
    void anUnknownStateIsATypedErrorNamingTheLine() {
        String out = "ESTAB 0 0 192.0.2.10:1 203.0.113.80:80\nBOGUS 0 0 192.0.2.10:2 203.0.113.80:80\n";

        assertThatThrownBy(() -> SsOutputParser.parse(out))
                .isInstanceOfSatisfying(SsParseException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(2);
                    assertThat(e.line()).startsWith("BOGUS");
                })
                .hasMessageContaining("unknown ss state 'BOGUS'");
    }

    @Test
    void aTruncatedLineOrABadEndpointIsATypedError() {
        assertThatThrownBy(() -> SsOutputParser.parse("ESTAB 0 0 192.0.2.10:1"))
                .isInstanceOf(SsParseException.class).hasMessageContaining("expected at least 5 columns, got 4");
        assertThatThrownBy(() -> SsOutputParser.parse("ESTAB 0 0 192.0.2.10:http 203.0.113.80:80"))
                .isInstanceOf(SsParseException.class).hasMessageContaining("bad port in '192.0.2.10:http'");
        assertThatThrownBy(() -> SsOutputParser.parse("ESTAB 0 0 192.0.2.10 203.0.113.80:80"))
                .isInstanceOf(SsParseException.class).hasMessageContaining("not an address:port");
        assertThatThrownBy(() -> SsOutputParser.parse("ESTAB 0 0 192.0.2.10:70000 203.0.113.80:80"))
                .isInstanceOf(SsParseException.class).hasMessageContaining("port out of range: 70000");
    }
}
