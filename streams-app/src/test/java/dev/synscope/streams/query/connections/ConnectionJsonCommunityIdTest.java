package dev.synscope.streams.query.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synscope.schema.ConnectionState;
import org.junit.jupiter.api.Test;

/** The live table's rows in the API carry the connection's Community ID. */
class ConnectionJsonCommunityIdTest {

    @Test
    void aRowHasItsCommunityId() {
        // Zeek's community-id-logging baseline for http/get.pcap: 141.142.228.5:59856 -> 192.150.187.43:80
        ConnectionState row = ConnectionState.newBuilder().setUid("C1").setIpVersion(4)
                .setOrigAddr("141.142.228.5").setOrigPort(59856).setRespAddr("192.150.187.43").setRespPort(80)
                .setConnState("S1").setFirstSeenMicros(1).setLastSeenMicros(2).build();
        ObjectNode json = ConnectionsResource.toJson(row);
        assertThat(json.path("communityId").asText()).isEqualTo("1:yvyB8h+3dnggTZW0UEITWCst97w=");
        assertThat(json.path("id").isTextual()).isTrue();
    }
}
