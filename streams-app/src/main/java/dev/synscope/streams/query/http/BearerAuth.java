package dev.synscope.streams.query.http;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Bearer-token check of the query server. Without a token (loopback-only servers) every request
 * passes. With one, every route except the health probes needs {@code Authorization: Bearer <token>};
 * the NOC page and its EventSource cannot set headers, so {@code ?access_token=<token>} is accepted too.
 */
public final class BearerAuth {

    /** Routes a load balancer or Kubernetes probe must reach without a token. */
    public static final Set<String> OPEN_ROUTES = Set.of("/health", "/health/live", "/health/ready");
    public static final String QUERY_PARAMETER = "access_token";

    private final byte[] token;

    public BearerAuth(String tokenOrNull) {
        this.token = tokenOrNull == null ? null : tokenOrNull.getBytes(StandardCharsets.UTF_8);
    }

    public boolean enabled() {
        return token != null;
    }

    /** Throws 401 when a token is required and the request does not carry it. */
    void check(HttpExchange exchange, String routeTemplate) {
        if (token == null || OPEN_ROUTES.contains(routeTemplate)) {
            return;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String presented = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = header.substring(7).trim();
        } else {
            presented = QueryParams.parse(exchange.getRequestURI().getRawQuery()).string(QUERY_PARAMETER).orElse(null);
        }
        // constant-time comparison: the token must not leak through response timing
        if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.unauthorized();
        }
    }
}
