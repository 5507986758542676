package dev.synscope.probe.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real captures made by lab/captures/make-decode-captures.sh (Linux TCP stacks in network
 * namespaces, recorded by tcpdump at snaplen 128), checked field by field against the golden TSV
 * tshark wrote for the same file.
 */
class RealCaptureDecodeTest {

    static final String[] CAPTURES = {
        "ipv4-tcp", "ipv4-icmp", "ipv4-frag", "ipv6-tcp", "vlan", "qinq", "any-sll2", "any-sll"
    };

    static Stream<String> captures() {
        return Arrays.stream(CAPTURES);
    }

    static Path resource(String file) {
        URL url = RealCaptureDecodeTest.class.getResource("/captures/" + file);
        assertThat(url).as("test resource captures/%s (regenerate with lab/captures/make-decode-captures.sh)", file)
                .isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static PcapFile pcap(String name) throws IOException {
        return PcapFile.read(resource(name + ".pcap"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void matchesTsharkFieldByField(String name) throws IOException {
        GoldenComparison.check(name, pcap(name), GoldenTsv.read(resource(name + ".tsv")));
    }

    @Test
    void capturesUseTheLinkTypesTheyAreNamedFor() throws IOException {
        assertThat(pcap("ipv4-tcp").linkType()).isEqualTo(LinkType.ETHERNET.dlt());
        assertThat(pcap("any-sll").linkType()).isEqualTo(LinkType.LINUX_SLL.dlt());
        assertThat(pcap("any-sll2").linkType()).isEqualTo(LinkType.LINUX_SLL2.dlt());
    }

    @Test
    void capturesCoverEveryScenarioTheyClaim() throws IOException {
        GoldenTsv tcp = GoldenTsv.read(resource("ipv4-tcp.tsv"));
        assertThat(tcp.rows()).as("handshake, FIN, RST, SACK")
                .anyMatch(r -> r.has("tcp.flags") && r.firstLong("tcp.flags") == 0x12)
                .anyMatch(r -> r.has("tcp.flags") && (r.firstLong("tcp.flags") & 0x01) != 0)
                .anyMatch(r -> r.has("tcp.flags") && (r.firstLong("tcp.flags") & 0x04) != 0)
                .anyMatch(r -> r.has("tcp.options.sack_le"));
        assertThat(GoldenTsv.read(resource("ipv4-icmp.tsv")).rows()).as("ICMP port/host/admin unreachable, time exceeded")
                .anyMatch(r -> r.has("icmp.type") && r.firstLong("icmp.type") == 3 && r.firstLong("icmp.code") == 3)
                .anyMatch(r -> r.has("icmp.type") && r.firstLong("icmp.type") == 3 && r.firstLong("icmp.code") == 1)
                .anyMatch(r -> r.has("icmp.type") && r.firstLong("icmp.type") == 3 && r.firstLong("icmp.code") == 13)
                .anyMatch(r -> r.has("icmp.type") && r.firstLong("icmp.type") == 11);
        assertThat(GoldenTsv.read(resource("ipv6-tcp.tsv")).rows()).as("ICMPv6 unreachable and time exceeded")
                .anyMatch(r -> r.has("icmpv6.type") && r.firstLong("icmpv6.type") == 1)
                .anyMatch(r -> r.has("icmpv6.type") && r.firstLong("icmpv6.type") == 3);
        assertThat(GoldenTsv.read(resource("ipv4-frag.tsv")).rows()).as("first and later fragments")
                .anyMatch(r -> r.has("ip.frag_offset") && r.firstLong("ip.frag_offset") > 0)
                .anyMatch(r -> r.has("tcp.srcport") && r.has("ip.frag_offset") && r.firstLong("ip.frag_offset") == 0);
        // The trunks also carry the veth's own untagged IPv6 router solicitations: only TCP is tagged.
        assertThat(GoldenTsv.read(resource("qinq.tsv")).rows()).as("QinQ")
                .filteredOn(r -> r.has("tcp.srcport")).isNotEmpty()
                .allMatch(r -> r.first("ieee8021ad.id").equals("300") && r.first("vlan.id").equals("20"));
        assertThat(GoldenTsv.read(resource("vlan.tsv")).rows()).as("802.1Q")
                .filteredOn(r -> r.has("tcp.srcport")).isNotEmpty()
                .allMatch(r -> r.first("vlan.id").equals("100") && !r.has("ieee8021ad.id"));
    }
}
