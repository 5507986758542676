package dev.synscope.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.TcpState;
import dev.synscope.streams.query.connections.ConnectionId;
import dev.synscope.streams.query.endpoints.EndpointId;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void aTupleInEitherDirectionIsTheCanonicalStoreKey() {
        ConnectionKey expected = CanonicalKeys.of(4, CanonicalKeys.addressBytes("192.0.2.10"), 38608,
                CanonicalKeys.addressBytes("198.51.100.10"), 80, null);
        assertThat(ConnectionId.tupleKey("192.0.2.10:38608-198.51.100.10:80")).contains(expected);
        assertThat(ConnectionId.tupleKey("198.51.100.10:80-192.0.2.10:38608")).contains(expected);
        assertThat(ConnectionId.tupleKey("[2001:db8::1]:443-[2001:db8::2]:50000")).get()
                .extracting(ConnectionKey::getIpVersion).isEqualTo(6);
        assertThat(ConnectionId.tupleKey("CzT7q41")).isEmpty();
        // port 0 is on the wire (scanners; Zeek logs it), so a connection on it can be asked for
        assertThat(ConnectionId.tupleKey("192.0.2.10:0-198.51.100.10:80")).isPresent();
        assertThatThrownBy(() -> ConnectionId.tupleKey("192.0.2.10:65536-198.51.100.10:80"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectionId.tupleKey("192.0.2.10:1-[2001:db8::2]:80"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theIdOfARowPutsTheOriginatorFirst() {
        assertThat(ConnectionId.of(QueryCluster.connection("C1", "192.0.2.10", 38608, "198.51.100.10", 80,
                TcpState.ESTABLISHED, TcpState.ESTABLISHED, 1))).isEqualTo("192.0.2.10:38608-198.51.100.10:80");
    }

    @Test
    void endpointsParseToTheEndpointStatsStoreKey() {
        assertThat(EndpointId.parse("198.51.100.10:80")).isEqualTo(new EndpointId("198.51.100.10", 80));
        assertThat(EndpointId.parse("198.51.100.10").storeKey()).isEqualTo("198.51.100.10");
        assertThat(EndpointId.parse("[2001:DB8::1]:443").storeKey()).isEqualTo("[2001:db8::1]:443");
        assertThat(EndpointId.parse("2001:db8::1")).isEqualTo(new EndpointId("2001:db8::1", null));
        assertThat(EndpointId.parse("198.51.100.10:0")).isEqualTo(new EndpointId("198.51.100.10", 0));
        assertThatThrownBy(() -> EndpointId.parse("198.51.100.10:65536")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EndpointId.parse("web01:80")).isInstanceOf(IllegalArgumentException.class);
    }
}
