package dev.synscope.streams.query.http;

import dev.synscope.schema.CanonicalKeys;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of one request, with typed accessors that reject a bad value with a 400
 * naming the parameter and what is allowed. Each parameter may appear once.
 */
public final class QueryParams {

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    public static QueryParams parse(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (values.put(name, value) != null) {
                    throw ApiException.badParameter(name, "parameter '" + name + "' is given more than once",
                            List.of("one value"));
                }
            }
        }
        return new QueryParams(values);
    }

    public static QueryParams of(Map<String, String> values) {
        return new QueryParams(new LinkedHashMap<>(values));
    }

    /** 400 for any parameter this route does not know (a typo must not silently widen a query). */
    public QueryParams allowOnly(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name) && !BearerAuth.QUERY_PARAMETER.equals(name)) {
                throw ApiException.badParameter(name, "unknown parameter '" + name + "'",
                        new ArrayList<>(new TreeSet<>(known)));
            }
        }
        return this;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    public Optional<String> string(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public int intValue(String name, int defaultValue, int min, int max) {
        Optional<String> v = string(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the allowed range
        }
        throw ApiException.badParameter(name, "'" + v.get() + "' is not an integer from " + min + " to " + max,
                List.of(min + ".." + max));
    }

    public Optional<Long> longValue(String name, long min, long max) {
        Optional<String> v = string(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(v.get());
            if (n >= min && n <= max) {
                return Optional.of(n);
            }
        } catch (NumberFormatException ignored) {
            // reported below with the allowed range
        }
        throw ApiException.badParameter(name, "'" + v.get() + "' is not an integer from " + min + " to " + max,
                List.of(min + ".." + max));
    }

    /** One constant of {@code type}, case-insensitive. */
    public <E extends Enum<E>> Optional<E> enumValue(String name, Class<E> type) {
        Optional<String> v = string(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.get())) {
                return Optional.of(e);
            }
        }
        throw ApiException.badParameter(name, "'" + v.get() + "' is not a valid " + name, names(type));
    }

    /** A comma-separated set of constants of {@code type}; empty when absent. */
    public <E extends Enum<E>> Set<E> enumSet(String name, Class<E> type) {
        Optional<String> v = string(name);
        Set<E> out = new java.util.LinkedHashSet<>();
        if (v.isPresent()) {
            for (String part : v.get().split(",")) {
                out.add(QueryParams.of(Map.of(name, part.trim())).enumValue(name, type).orElseThrow(
                        () -> ApiException.badParameter(name, "empty value in list", names(type))));
            }
        }
        return out;
    }

    /** One of {@code allowed}, exactly as spelled there (case-insensitive match). */
    public Optional<String> choice(String name, List<String> allowed) {
        Optional<String> v = string(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v.get())) {
                return Optional.of(a);
            }
        }
        throw ApiException.badParameter(name, "'" + v.get() + "' is not a valid " + name, allowed);
    }

    /** An IP address literal (never a host name: no lookup is made), in canonical text form. */
    public Optional<String> ipAddress(String name) {
        Optional<String> v = string(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CanonicalKeys.addressText(CanonicalKeys.addressBytes(v.get())));
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(name, "'" + v.get() + "' is not an IPv4 or IPv6 address",
                    List.of("an IPv4 address like 198.51.100.10", "an IPv6 address like 2001:db8::1"));
        }
    }

    private static <E extends Enum<E>> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(s, "badly percent-encoded query string", List.of("RFC 3986 encoding"));
        }
    }
}
