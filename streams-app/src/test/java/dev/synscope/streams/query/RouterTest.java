package dev.synscope.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.synscope.streams.query.http.BearerAuth;
import dev.synscope.streams.query.http.Json;
import dev.synscope.streams.query.http.Router;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router on a real loopback HTTP server: path parameters, 404/405, bearer token, JSON errors. */
class RouterTest {

    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Router router = new Router(new BearerAuth("s3cret"))
                .add("GET", "/things/{id}", r -> r.json(200, Json.object().put("id", r.path("id"))))
                .add("GET", "/health", r -> r.json(200, Json.object().put("status", "UP")));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", router);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aTokenIsRequiredExceptOnHealth() throws Exception {
        assertThat(get("/things/a", null).statusCode()).isEqualTo(401);
        assertThat(get("/things/a", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = get("/things/198.51.100.10%3A80", "s3cret");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ok.body()).path("id").asText()).isEqualTo("198.51.100.10:80");
        assertThat(get("/things/a?access_token=s3cret", null).statusCode()).isEqualTo(200);
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        HttpResponse<String> denied = get("/things/a", null);
        assertThat(denied.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(Json.MAPPER.readTree(denied.body()).path("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void unknownPathsAndMethodsGetJsonErrors() throws Exception {
        assertThat(get("/nope", "s3cret").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/health"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(Json.MAPPER.readTree(post.body()).path("allowed").toString()).contains("GET");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
