package dev.synscope.streams.query.endpoints;

import dev.synscope.schema.CanonicalKeys;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {endpoint}} of {@code GET /endpoints/{endpoint}}: {@code 198.51.100.10},
 * {@code 198.51.100.10:80}, {@code 2001:db8::1} or {@code [2001:db8::1]:443}. {@link #storeKey()}
 * is the key of the endpoint-stats store ('host:port', '[v6]:port' or 'host').
 */
public record EndpointId(String host, Integer port) {

    private static final Pattern V4_PORT = Pattern.compile("^([0-9.]+):([0-9]{1,5})$");
    private static final Pattern V6_PORT = Pattern.compile("^\\[([0-9a-fA-F:.]+)]:([0-9]{1,5})$");

    /** Parses an endpoint; IllegalArgumentException says what is wrong. */
    public static EndpointId parse(String text) {
        Matcher m4 = V4_PORT.matcher(text);
        Matcher m6 = V6_PORT.matcher(text);
        if (m4.matches()) {
            return new EndpointId(canonical(m4.group(1)), port(m4.group(2)));
        }
        if (m6.matches()) {
            return new EndpointId(canonical(m6.group(1)), port(m6.group(2)));
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        return new EndpointId(canonical(bare), null);
    }

    public String storeKey() {
        if (port == null) {
            return host;
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String canonical(String address) {
        return CanonicalKeys.addressText(CanonicalKeys.addressBytes(address));
    }

    private static int port(String digits) {
        int p = Integer.parseInt(digits);
        if (p > 65535) {
            throw new IllegalArgumentException("port " + p + " is outside 0-65535");
        }
        return p;
    }
}
