package dev.synscope.lab.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * SynScope's connection table read the way any user reads it: {@code GET /connections} of the
 * query API (paged, all instances). The lab judges what this returns, not the store behind it.
 */
public final class ConnectionsApi {

    /** The API's largest page. */
    private static final int PAGE = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param base the query server's URL, e.g. {@code http://127.0.0.1:8080/} */
    public ConnectionsApi(URI base) {
        this.base = base;
    }

    /** Every live connection row. */
    public List<ApiConnection> all() throws IOException, InterruptedException {
        List<ApiConnection> rows = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = get("connections?sort=firstSeen&order=asc&limit=" + PAGE + "&offset=" + offset);
            page.path("items").forEach(item -> rows.add(ApiConnection.fromJson(item)));
            if (offset + PAGE >= page.path("total").asLong()) {
                return rows;
            }
        }
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        URI uri = base.resolve(pathAndQuery);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
