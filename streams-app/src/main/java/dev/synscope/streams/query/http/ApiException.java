package dev.synscope.streams.query.http;

import java.util.List;

/**
 * A request the query API answers with an error status and a JSON body
 * {@code {"error", "message", "parameter", "allowed"}}. Thrown by resources, turned into the
 * response by {@link Router}; never a stack trace on the wire.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String parameter;
    private final transient List<String> allowed;
    private final Integer retryAfterSeconds;

    private ApiException(int status, String error, String message, String parameter, List<String> allowed,
                         Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.error = error;
        this.parameter = parameter;
        this.allowed = allowed == null ? List.of() : List.copyOf(allowed);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400: {@code parameter} has a value we cannot use; {@code allowed} says what would be accepted. */
    public static ApiException badParameter(String parameter, String message, List<String> allowed) {
        return new ApiException(400, "invalid_parameter", message, parameter, allowed, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, null, null, null);
    }

    public static ApiException methodNotAllowed(String method, String path, List<String> allowed) {
        return new ApiException(405, "method_not_allowed", method + " is not supported on " + path, null, allowed,
                null);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "unauthorized",
                "this query server requires 'Authorization: Bearer <token>' (or ?access_token= for the web page)",
                null, null, null);
    }

    /** 503 with Retry-After: the answer cannot be given correctly right now (e.g. a rebalance). */
    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(503, "unavailable", message, null, null, retryAfterSeconds);
    }

    /** 502: another instance that owns the data answered with something we cannot pass on. */
    public static ApiException badGateway(String message) {
        return new ApiException(502, "bad_gateway", message, null, null, null);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String parameter() {
        return parameter;
    }

    public List<String> allowed() {
        return allowed;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
