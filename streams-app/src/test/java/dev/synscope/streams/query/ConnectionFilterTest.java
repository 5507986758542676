package dev.synscope.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.TcpState;
import dev.synscope.streams.query.connections.ConnectionFilter;
import dev.synscope.streams.query.connections.ConnectionSort;
import dev.synscope.streams.query.connections.ConnectionsResource;
import dev.synscope.streams.query.http.QueryParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionFilterTest {

    private static final long NOW = 1_700_000_600_000_000L;
    // the article's scenario: the server 198.51.100.10 got the client's FIN 120 s ago and never closed
    private final ConnectionState closeWait = QueryCluster.connection("Ccw", "192.0.2.10", 38608, "198.51.100.10", 80,
            TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, NOW - 120_000_000L - 2_000);
    private final ConnectionState established = QueryCluster.connection("Cest", "198.51.100.10", 50000, "203.0.113.5",
            443, TcpState.ESTABLISHED, TcpState.ESTABLISHED, NOW - 10_000_000L);

    @Test
    void hostAndStateMustHoldForTheSameEndpoint() {
        assertThat(matches("state=CLOSE_WAIT&host=198.51.100.10")).containsExactly("Ccw");
        assertThat(matches("state=CLOSE_WAIT&host=192.0.2.10")).isEmpty();
        assertThat(matches("state=FIN_WAIT_2&host=192.0.2.10")).containsExactly("Ccw");
        assertThat(matches("host=198.51.100.10")).containsExactly("Ccw", "Cest");
    }

    @Test
    void roleRestrictsTheEndpointToOneSide() {
        assertThat(matches("host=198.51.100.10&role=responder")).containsExactly("Ccw");
        assertThat(matches("host=198.51.100.10&role=originator")).containsExactly("Cest");
        assertThat(matches("port=443&role=ORIGINATOR")).isEmpty();
        assertThat(matches("port=443&role=responder")).containsExactly("Cest");
    }

    @Test
    void ageCountsFromTheStateWhenOneIsGivenElseFromTheFirstPacket() {
        assertThat(matches("state=CLOSE_WAIT&minAgeSeconds=119")).containsExactly("Ccw");
        assertThat(matches("state=CLOSE_WAIT&minAgeSeconds=121")).isEmpty();
        assertThat(matches("minAgeSeconds=60")).containsExactly("Ccw");
        assertThat(matches("minAgeSeconds=5")).containsExactly("Ccw", "Cest");
    }

    @Test
    void connStateProbeAndUidFilterTheConnection() {
        assertThat(matches("connState=S1&probe=probe-client")).containsExactly("Ccw", "Cest");
        assertThat(matches("connState=SF")).isEmpty();
        assertThat(matches("probe=probe-server")).isEmpty();
        assertThat(matches("uid=Cest")).containsExactly("Cest");
    }

    @Test
    void theFilterTravelsToOtherInstancesUnchanged() {
        ConnectionFilter f = ConnectionFilter.from(QueryParams.parse(
                "state=CLOSE_WAIT&host=198.51.100.10&port=80&role=responder&connState=S1&minAgeSeconds=60&probe=p%201"));
        StringBuilder q = new StringBuilder();
        f.appendTo(q);
        assertThat(ConnectionFilter.from(QueryParams.parse(q.toString()))).isEqualTo(f);
    }

    @Test
    void rowsAndTheirJsonSortTheSameWayWithUidBreakingTies() {
        List<ConnectionState> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(QueryCluster.connection("C" + (5 - i), "192.0.2." + i, 1000 + i, "198.51.100.1", 80,
                    TcpState.ESTABLISHED, TcpState.ESTABLISHED, NOW - (i % 3) * 1_000_000L));
        }
        for (ConnectionSort sort : ConnectionSort.values()) {
            for (boolean desc : new boolean[] {true, false}) {
                List<String> byRow = rows.stream().sorted(sort.rows(desc)).map(ConnectionState::getUid).toList();
                List<String> byJson = rows.stream().map(ConnectionsResource::toJson).map(JsonNode.class::cast)
                        .sorted(sort.json(desc)).map(j -> j.path("uid").asText()).toList();
                assertThat(byJson).as(sort + (desc ? " desc" : " asc")).isEqualTo(byRow);
            }
        }
        assertThat(rows.stream().sorted(ConnectionSort.FIRST_SEEN.rows(true)).map(ConnectionState::getUid).toList())
                .containsExactly("C2", "C5", "C1", "C4", "C0", "C3");
    }

    private List<String> matches(String query) {
        ConnectionFilter f = ConnectionFilter.from(QueryParams.parse(query));
        return List.of(closeWait, established).stream().filter(c -> f.matches(c, NOW)).map(ConnectionState::getUid)
                .toList();
    }
}
