package dev.synscope.streams.query.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One request as a route sees it: path parameters, query parameters, and ways to answer. */
public final class ApiRequest {

    /** Header an instance puts on a request it forwards to the owner of a key, so it is never forwarded twice. */
    public static final String FORWARDED_HEADER = "X-SynScope-Forwarded";

    private final HttpExchange exchange;
    private final Map<String, String> pathParams;
    private final QueryParams query;

    ApiRequest(HttpExchange exchange, Map<String, String> pathParams, QueryParams query) {
        this.exchange = exchange;
        this.pathParams = pathParams;
        this.query = query;
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    public QueryParams query() {
        return query;
    }

    public String rawQuery() {
        String q = exchange.getRequestURI().getRawQuery();
        return q == null ? "" : q;
    }

    public String rawPath() {
        return exchange.getRequestURI().getRawPath();
    }

    public boolean forwarded() {
        return exchange.getRequestHeaders().getFirst(FORWARDED_HEADER) != null;
    }

    public HttpExchange exchange() {
        return exchange;
    }

    public void json(int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        bytes(status, "application/json", bytes);
    }

    public void text(int status, String contentType, String body) throws IOException {
        bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public void bytes(int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
