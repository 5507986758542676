package dev.synscope.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.serde.SynScopeSerdes;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class CanonicalKeysTest {

    private static final byte[] CLIENT = {(byte) 192, 0, 2, 10};
    private static final byte[] SERVER = {(byte) 198, 51, 100, 10};

    @Test
    void bothDirectionsGiveTheSameKeyBytesAndPartition() {
        ConnectionKey forward = CanonicalKeys.of(4, CLIENT, 38608, SERVER, 80, null);
        ConnectionKey backward = CanonicalKeys.of(4, SERVER, 80, CLIENT, 38608, null);

        byte[] forwardBytes = SynScopeSerdes.CONNECTION_KEY.serialize("t", forward);
        byte[] backwardBytes = SynScopeSerdes.CONNECTION_KEY.serialize("t", backward);

        assertThat(forward).isEqualTo(backward);
        assertThat(forwardBytes).isEqualTo(backwardBytes);
        // Kafka's default partitioner: murmur2 of the key bytes
        assertThat(Utils.toPositive(Utils.murmur2(forwardBytes)) % 12)
                .isEqualTo(Utils.toPositive(Utils.murmur2(backwardBytes)) % 12);
    }

    @Test
    void lowEndpointIsTheLowerAddressComparedUnsigned() {
        ConnectionKey key = CanonicalKeys.of(4, SERVER, 80, CLIENT, 38608, null);

        assertThat(CanonicalKeys.addressText(key.getLowAddr())).isEqualTo("192.0.2.10");
        assertThat(key.getLowPort()).isEqualTo(38608);
        assertThat(CanonicalKeys.describe(key)).isEqualTo("192.0.2.10:38608 <-> 198.51.100.10:80");
    }

    @Test
    void sameAddressOrdersByPort() {
        ConnectionKey key = CanonicalKeys.of(4, CLIENT, 9000, CLIENT, 8000, null);

        assertThat(key.getLowPort()).isEqualTo(8000);
        assertThat(CanonicalKeys.sourceIsLow(CLIENT, 9000, CLIENT, 8000)).isFalse();
    }

    @Test
    void ipv6AddressesAreBracketedInDescriptions() {
        byte[] a = new byte[16];
        a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = (byte) 0xb8; a[15] = 1;
        byte[] b = a.clone();
        b[15] = 2;

        assertThat(CanonicalKeys.describe(CanonicalKeys.of(6, b, 80, a, 50000, 100)))
                .isEqualTo("[2001:db8::1]:50000 <-> [2001:db8::2]:80 vlan 100");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "2001:db8::1, 2001:db8::1",
            "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "::, ::",
            "::1, ::1",
            "fe80::, fe80::",
            "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::",
            "203.0.113.80, 203.0.113.80"})
    void addressesPrintAsRfc5952(String input, String expected) {
        assertThat(CanonicalKeys.addressText(CanonicalKeys.addressBytes(input))).isEqualTo(expected);
    }
}
