package dev.synscope.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryConfigTest {

    private final QueryConfig defaults = QueryConfig.defaults("127.0.0.1:9092", "synscope.tcp.anomalies");

    @Test
    void loopbackByDefaultAndTheApplicationServerFollowsTheBind() {
        assertThat(defaults.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(defaults.bearerToken()).isNull();
        assertThat(defaults.applicationServer()).isEqualTo("127.0.0.1:8080");
        assertThat(defaults.withBind("::1", null).applicationServer()).isEqualTo("[::1]:8080");
        assertThat(defaults.describe()).contains("bearer token=none");
    }

    @Test
    void aStreamsAppsQueryServerUsesItsBootstrapAndAnomaliesTopic() {
        var app = dev.synscope.streams.config.StreamsAppConfig.defaults("127.0.0.1:9092")
                .withTopics(dev.synscope.streams.config.TopicNames.prefixed("t."));
        QueryConfig q = QueryConfig.forStreamsApp(app, "0.0.0.0", 8081, "streams-0.streams", "s3cret");
        assertThat(q.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(q.anomaliesTopic()).isEqualTo("t.synscope.tcp.anomalies");
        assertThat(q.applicationServer()).isEqualTo("streams-0.streams:8081");
        assertThat(q.connectionsStore()).isEqualTo("connections");
        assertThat(q.endpointStatsStore()).isEqualTo("endpoint-stats");
    }

    @Test
    void bindingBeyondLoopbackWithoutATokenIsRefusedWithTheFix() {
        assertThatThrownBy(() -> defaults.withBind("0.0.0.0", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0.0.0").hasMessageContaining("bearer token")
                .hasMessageContaining("SYNSCOPE_API_TOKEN_FILE");
        assertThatThrownBy(() -> defaults.withBind("192.0.2.5", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withBind("query.example", null)).isInstanceOf(IllegalArgumentException.class);
        QueryConfig open = defaults.withBind("0.0.0.0", "s3cret");
        assertThat(open.bearerToken()).isEqualTo("s3cret");
        assertThat(open.describe()).doesNotContain("s3cret");
    }
}
