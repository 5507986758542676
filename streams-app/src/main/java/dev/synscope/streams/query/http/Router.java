package dev.synscope.streams.query.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches every request of the query server to its {@link Route}, checks the bearer token,
 * and turns an {@link ApiException} (or an unexpected failure) into a JSON error answer.
 */
public final class Router implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private record Compiled(Route route, Pattern pattern, List<String> names) {
    }

    private final List<Compiled> routes = new ArrayList<>();
    private final BearerAuth auth;

    public Router(BearerAuth auth) {
        this.auth = auth;
    }

    public Router add(String method, String template, Route.Handler handler) {
        Route route = new Route(method, template, handler);
        routes.add(new Compiled(route, route.pattern(), route.parameterNames()));
        return this;
    }

    /** Every route, for the OpenAPI check and the log line at start. */
    public List<Route> routes() {
        return routes.stream().map(Compiled::route).toList();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        try {
            dispatch(exchange, path);
        } catch (ApiException e) {
            sendError(exchange, e);
        } catch (InvalidStateStoreException e) {
            // not started yet (StreamsNotStartedException), stopping, or moving a store: come back shortly
            sendError(exchange, new ApiError(503, "unavailable", "Kafka Streams cannot answer right now ("
                    + e.getMessage() + "); retry", null, List.of(), 2));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), path, e);
            sendError(exchange, new ApiError(500, "internal_error",
                    "the query failed: " + e + " (details in the server log)", null, List.of(), null));
        } finally {
            exchange.close();
        }
    }

    private void dispatch(HttpExchange exchange, String path) throws IOException {
        List<String> methodsForPath = new ArrayList<>();
        for (Compiled c : routes) {
            Matcher m = c.pattern().matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (!c.route().method().equalsIgnoreCase(exchange.getRequestMethod())) {
                methodsForPath.add(c.route().method());
                continue;
            }
            auth.check(exchange, c.route().template());
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < c.names().size(); i++) {
                params.put(c.names().get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
            }
            QueryParams query = QueryParams.parse(exchange.getRequestURI().getRawQuery());
            c.route().handler().handle(new ApiRequest(exchange, params, query));
            return;
        }
        if (!methodsForPath.isEmpty()) {
            throw ApiException.methodNotAllowed(exchange.getRequestMethod(), path, methodsForPath);
        }
        throw ApiException.notFound("no route for " + path + "; the API is described at /openapi.yaml");
    }

    /** Writes the JSON error body, unless the handler already started its answer. */
    private static void sendError(HttpExchange exchange, ApiError e) throws IOException {
        if (exchange.getResponseCode() != -1) {
            return;
        }
        ObjectNode body = Json.object();
        body.put("error", e.error());
        body.put("message", e.message());
        if (e.parameter() != null) {
            body.put("parameter", e.parameter());
        }
        if (!e.allowed().isEmpty()) {
            body.set("allowed", Json.MAPPER.valueToTree(e.allowed()));
        }
        if (e.retryAfterSeconds() != null) {
            body.put("retryAfterSeconds", e.retryAfterSeconds());
            exchange.getResponseHeaders().set("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        if (e.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(e.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sendError(HttpExchange exchange, ApiException e) throws IOException {
        sendError(exchange, new ApiError(e.status(), e.error(), e.getMessage(), e.parameter(), e.allowed(),
                e.retryAfterSeconds()));
    }

    /** What an error answer says. */
    private record ApiError(int status, String error, String message, String parameter, List<String> allowed,
                            Integer retryAfterSeconds) {
    }
}
