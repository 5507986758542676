package dev.synscope.streams.query.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synscope.streams.query.cluster.StreamsAvailability;
import dev.synscope.streams.query.http.ApiRequest;
import dev.synscope.streams.query.http.Json;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Health from the Kafka Streams state: {@code /health/live} is 200 while the instance can still
 * get back to RUNNING (restart it on 503), {@code /health/ready} and {@code /health} are 200 only
 * when RUNNING (route queries elsewhere on 503; REBALANCING is normal and short) and not in a crash
 * loop: stream threads replaced again and again ({@link CrashLoopWatch}) answer 503 with status
 * DEGRADED and the reason, while {@code /health/live} stays 200 (a restart does not cure a poison record).
 */
public final class HealthResource {

    private final Supplier<KafkaStreams.State> state;
    private final CrashLoopWatch crashLoop;

    /** @param failedThreads Kafka Streams' count of stream threads that failed since the client started */
    public HealthResource(Supplier<KafkaStreams.State> state, DoubleSupplier failedThreads) {
        this.state = state;
        this.crashLoop = new CrashLoopWatch(failedThreads, Clock.systemUTC());
    }

    public void health(ApiRequest request) throws IOException {
        answer(request, false);
    }

    public void live(ApiRequest request) throws IOException {
        answer(request, true);
    }

    public void ready(ApiRequest request) throws IOException {
        answer(request, false);
    }

    /** @param liveness the liveness question (can it get back to RUNNING?), which a crash loop does not change */
    private void answer(ApiRequest request, boolean liveness) throws IOException {
        request.query().allowOnly(Set.of());
        KafkaStreams.State s = state.get();
        boolean running = liveness ? StreamsAvailability.live(s) : StreamsAvailability.ready(s);
        Optional<String> loop = crashLoop.crashLoop();
        boolean up = running && (liveness || loop.isEmpty());
        ObjectNode body = Json.object();
        body.put("status", up ? "UP" : running ? "DEGRADED" : "DOWN");
        loop.ifPresent(reason -> body.put("reason", reason));
        body.put("streamsState", s.name());
        body.put("live", StreamsAvailability.live(s));
        body.put("ready", StreamsAvailability.ready(s) && loop.isEmpty());
        if (!up) {
            request.exchange().getResponseHeaders().set("Retry-After",
                    String.valueOf(StreamsAvailability.RETRY_AFTER_SECONDS));
        }
        request.json(up ? 200 : 503, body);
    }
}
