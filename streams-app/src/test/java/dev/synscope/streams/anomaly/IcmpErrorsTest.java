package dev.synscope.streams.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ICMP (RFC 792/1122/1812) and ICMPv6 (RFC 4443) destination-unreachable codes to anomaly types. */
class IcmpErrorsTest {

    @ParameterizedTest(name = "IPv{0} type {1} code {2} -> {3}")
    @CsvSource({
            "4,3,0,NET_UNREACHABLE", "4,3,1,HOST_UNREACHABLE", "4,3,3,PORT_UNREACHABLE",
            "4,3,6,NET_UNREACHABLE", "4,3,7,HOST_UNREACHABLE", "4,3,9,ADMIN_PROHIBITED",
            "4,3,10,ADMIN_PROHIBITED", "4,3,13,ADMIN_PROHIBITED", "4,3,4,OTHER", "4,11,0,OTHER",
            "6,1,0,NET_UNREACHABLE", "6,1,1,ADMIN_PROHIBITED", "6,1,3,HOST_UNREACHABLE", "6,1,4,PORT_UNREACHABLE",
            "6,1,5,ADMIN_PROHIBITED", "6,1,6,ADMIN_PROHIBITED", "6,3,0,OTHER", "6,3,3,OTHER"})
    void classifies(int ipVersion, int type, int code, AnomalyType expected) {
        assertThat(IcmpErrors.classify(ipVersion, type, code)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"4,3,1,ICMP type 3 code 1 (host unreachable)", "6,1,4,ICMPv6 type 1 code 4 (port unreachable)"})
    void describes(int ipVersion, int type, int code, String text) {
        assertThat(IcmpErrors.describe(ipVersion, type, code)).isEqualTo(text);
    }
}
