package dev.synscope.lab.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synscope.lab.diagnosis.InferredConnection;
import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.VantageStats;
import dev.synscope.streams.query.connections.ConnectionsResource;
import org.junit.jupiter.api.Test;

class ApiConnectionTest {

    private static ConnectionState row(String... probes) {
        return ConnectionState.newBuilder().setUid("C1").setIpVersion(4)
                .setOrigAddr("192.0.2.10").setOrigPort(40302).setRespAddr("203.0.113.80").setRespPort(80)
                .setOrigState(TcpState.TIME_WAIT).setRespState(TcpState.CLOSED).setConnState("SF")
                .setFirstSeenMicros(1_000).setLastSeenMicros(2_000)
                .setVantages(java.util.Arrays.stream(probes).map(p -> VantageStats.newBuilder().setProbeId(p)
                        .setFirstSeenMicros(1_000).setLastSeenMicros(2_000).build()).toList())
                .build();
    }

    @Test
    void readsTheApisJsonOfARowAndViewsItFromEachLabVantageThatSawIt() throws Exception {
        // the very JSON GET /connections answers with
        var json = new ObjectMapper().readTree(ConnectionsResource.toJson(row("lab-client", "elsewhere")).toString());

        ApiConnection c = ApiConnection.fromJson(json);

        assertThat(c.uid()).isEqualTo("C1");
        assertThat(c.firstSeenMicros()).isEqualTo(1_000);
        assertThat(c.asSeenFrom()).containsExactly(new InferredConnection(Vantage.CLIENT,
                Endpoint.of("192.0.2.10", 40302), TcpState.TIME_WAIT, Endpoint.of("203.0.113.80", 80), TcpState.CLOSED,
                "SF"));
        assertThat(ApiConnection.fromJson(new ObjectMapper().readTree(
                ConnectionsResource.toJson(row("lab-client", "lab-server")).toString())).asSeenFrom())
                .extracting(InferredConnection::vantage).containsExactly(Vantage.CLIENT, Vantage.SERVER);
    }

    @Test
    void aRowWithoutItsTupleIsAClearError() throws Exception {
        var json = new ObjectMapper().readTree("{\"uid\":\"C1\",\"origPort\":1}");
        assertThatThrownBy(() -> ApiConnection.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("origAddr");
    }
}
