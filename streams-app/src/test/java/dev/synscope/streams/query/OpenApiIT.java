package dev.synscope.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.TcpState;
import dev.synscope.streams.query.http.Json;
import dev.synscope.streams.query.http.Route;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * openapi.yaml against the running server: every documented GET answers 200 with the documented
 * content type and required fields (path parameters from their {@code example}), every bounded or
 * enumerated query parameter answers 400 with the Error fields when out of range, and every route
 * the server has is documented.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT {

    private QueryCluster cluster;
    private JsonNode api;

    @BeforeAll
    void start(TestKafka kafka) throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi.yaml")) {
            api = new YAMLMapper().readTree(in);
        }
        cluster = new QueryCluster(kafka, 1);
        // the examples of openapi.yaml's path parameters
        cluster.putConnection(QueryCluster.connection("C-openapi", "192.0.2.10", 38608, "198.51.100.10", 80,
                TcpState.ESTABLISHED, TcpState.ESTABLISHED, 1_700_000_000_000_000L));
        cluster.putStats(EndpointStats.newBuilder().setEndpoint("198.51.100.10:80").setHost("198.51.100.10")
                .setPort(80).build());
        QueryCluster.await("the example connection", Duration.ofSeconds(60),
                () -> cluster.get(0, "/connections/192.0.2.10:38608-198.51.100.10:80").statusCode() == 200
                        && cluster.get(0, "/endpoints/198.51.100.10:80/stats").statusCode() == 200);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyRouteOfTheServerIsDocumentedAndEveryDocumentedPathExists() {
        Set<String> documented = new TreeSet<>();
        api.path("paths").properties().forEach(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
        Set<String> served = new TreeSet<>();
        for (Route r : cluster.servers.get(0).routes()) {
            served.add(r.method() + " " + r.template());
        }
        assertThat(served).isEqualTo(documented);
    }

    @Test
    void everyDocumentedPathAnswersWithTheDocumentedStatusTypeAndFields() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = api.path("paths").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            JsonNode get = path.getValue().path("get");
            String url = withExamples(path.getKey(), get);
            JsonNode ok = resolve(get.path("responses").path("200"));
            String type = ok.path("content").fieldNames().next();
            HttpResponse<String> r = send(url);
            assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(url).startsWith(type);
            if (type.equals("application/json")) {
                assertRequired(url, resolve(ok.path("content").path(type).path("schema")), Json.MAPPER.readTree(r.body()));
            }
            checked.add(url);
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(14);
    }

    @Test
    void outOfRangeParametersAnswerTheDocumented400() throws Exception {
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = api.path("paths").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            JsonNode get = path.getValue().path("get");
            for (JsonNode p : get.path("parameters")) {
                JsonNode schema = resolve(p.path("schema"));
                String bad = schema.has("maximum") ? String.valueOf(schema.path("maximum").asLong() + 1)
                        : schema.has("enum") ? "not-a-value" : null;
                if (bad == null || !p.path("in").asText().equals("query")) {
                    continue;
                }
                assertThat(get.path("responses").has("400")).as(path.getKey() + " documents 400").isTrue();
                String base = withExamples(path.getKey(), get);
                String url = base + (base.contains("?") ? "&" : "?") + p.path("name").asText() + "="
                        + URLEncoder.encode(bad, StandardCharsets.UTF_8);
                HttpResponse<String> r = send(url);
                assertThat(r.statusCode()).as(url).isEqualTo(400);
                JsonNode body = Json.MAPPER.readTree(r.body());
                assertRequired(url, resolve(api.at("/components/schemas/Error")), body);
                assertThat(body.path("parameter").asText()).as(url).isEqualTo(p.path("name").asText());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    private void assertRequired(String url, JsonNode schema, JsonNode body) {
        for (JsonNode field : schema.path("required")) {
            assertThat(body.has(field.asText())).as(url + " has field " + field.asText() + ": " + body).isTrue();
        }
        JsonNode items = schema.path("properties").path("items");
        if (items.has("items") && body.path("items").size() > 0) {
            assertRequired(url + " items[0]", resolve(items.path("items")), body.path("items").get(0));
        }
    }

    private String withExamples(String template, JsonNode operation) {
        String url = template;
        for (JsonNode p : operation.path("parameters")) {
            if (p.path("in").asText().equals("path")) {
                assertThat(p.has("example")).as(template + " parameter " + p.path("name") + " has an example").isTrue();
                url = url.replace("{" + p.path("name").asText() + "}", p.path("example").asText());
            }
        }
        return url;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode n = node;
        while (n.has("$ref")) {
            n = api.at(n.path("$ref").asText().substring(1));
        }
        return n;
    }

    private HttpResponse<String> send(String pathAndQuery) throws Exception {
        if (pathAndQuery.startsWith("/anomalies/stream")) {
            // an event stream never ends: read the status and headers, then let go
            HttpResponse<InputStream> r = cluster.http.send(HttpRequest.newBuilder(cluster.uri(0, pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String body = r.statusCode() == 200 ? "" : new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
            r.body().close();
            return new StringResponse(r, body);
        }
        return cluster.get(0, pathAndQuery);
    }

    /** A streamed response seen as a text one (status, headers, the body read so far). */
    private record StringResponse(HttpResponse<InputStream> r, String body) implements HttpResponse<String> {
        public int statusCode() {
            return r.statusCode();
        }

        public HttpRequest request() {
            return r.request();
        }

        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return r.headers();
        }

        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return r.sslSession();
        }

        public java.net.URI uri() {
            return r.uri();
        }

        public java.net.http.HttpClient.Version version() {
            return r.version();
        }
    }
}
