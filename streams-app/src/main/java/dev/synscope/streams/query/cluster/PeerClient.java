package dev.synscope.streams.query.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synscope.streams.query.http.ApiException;
import dev.synscope.streams.query.http.ApiRequest;
import dev.synscope.streams.query.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance of the query server: a key query forwarded to its owner, or one
 * instance's local part of a fan-out. A 503 from the peer stays a 503 (the cluster is moving);
 * an unreachable peer is a 503 too (it may be restarting, and its partitions will move).
 */
public final class PeerClient {

    private final HttpClient http;
    private final String bearerToken;
    private final Duration timeout;

    public PeerClient(String bearerTokenOrNull, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.bearerToken = bearerTokenOrNull;
        this.timeout = timeout;
    }

    /** GET {@code pathAndQuery} (already encoded) on {@code host}; the parsed JSON body of a 200. */
    public JsonNode get(HostInfo host, String pathAndQuery) {
        String hostPart = host.host().indexOf(':') >= 0 ? "[" + host.host() + "]" : host.host();
        URI uri = URI.create("http://" + hostPart + ":" + host.port() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header(ApiRequest.FORWARDED_HEADER, "1").header("Accept", "application/json");
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // a refused connection comes without a message: name the exception then
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw ApiException.unavailable("instance " + host.host() + ":" + host.port() + " does not answer (" + why
                    + "); its partitions move to another instance if it is gone; retry",
                    StreamsAvailability.RETRY_AFTER_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + host, StreamsAvailability.RETRY_AFTER_SECONDS);
        }
        JsonNode body = parse(host, response.body());
        return switch (response.statusCode()) {
            case 200 -> body;
            case 404 -> throw ApiException.notFound(body.path("message").asText("not found on " + host));
            case 503 -> throw ApiException.unavailable("instance " + host + ": " + body.path("message").asText(),
                    body.path("retryAfterSeconds").asInt(StreamsAvailability.RETRY_AFTER_SECONDS));
            default -> throw ApiException.badGateway("instance " + host + " answered " + response.statusCode()
                    + ": " + body.path("message").asText());
        };
    }

    private static JsonNode parse(HostInfo host, byte[] body) {
        try {
            return body.length == 0 ? Json.object() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.badGateway("instance " + host + " answered something that is not JSON");
        }
    }
}
