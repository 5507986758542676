package dev.synscope.streams.query.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synscope.streams.query.cluster.StreamsAvailability;
import dev.synscope.streams.query.http.ApiRequest;
import dev.synscope.streams.query.http.Json;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Health from the Kafka Streams state: {@code /health/live} is 200 while the instance can still
 * get back to RUNNING (restart it on 503), {@code /health/ready} and {@code /health} are 200 only
 * when RUNNING (route queries elsewhere on 503; REBALANCING is normal and short).
 */
public final class HealthResource {

    private final Supplier<KafkaStreams.State> state;

    public HealthResource(Supplier<KafkaStreams.State> state) {
        this.state = state;
    }

    public void health(ApiRequest request) throws IOException {
        answer(request, StreamsAvailability.ready(state.get()));
    }

    public void live(ApiRequest request) throws IOException {
        answer(request, StreamsAvailability.live(state.get()));
    }

    public void ready(ApiRequest request) throws IOException {
        answer(request, StreamsAvailability.ready(state.get()));
    }

    private void answer(ApiRequest request, boolean up) throws IOException {
        request.query().allowOnly(Set.of());
        KafkaStreams.State s = state.get();
        ObjectNode body = Json.object();
        body.put("status", up ? "UP" : "DOWN");
        body.put("streamsState", s.name());
        body.put("live", StreamsAvailability.live(s));
        body.put("ready", StreamsAvailability.ready(s));
        if (!up) {
            request.exchange().getResponseHeaders().set("Retry-After",
                    String.valueOf(StreamsAvailability.RETRY_AFTER_SECONDS));
        }
        request.json(up ? 200 : 503, body);
    }
}
