package dev.synscope.streams.query.connections;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {id}} of {@code GET /connections/{id}}: either a connection uid, or a 4-tuple
 * {@code 192.0.2.10:38608-198.51.100.10:80} ({@code [2001:db8::1]:443-[2001:db8::2]:50000} for
 * IPv6), in either direction. A tuple is a store key, so it is answered by the owning instance
 * alone; a uid needs a scan of all instances.
 */
public final class ConnectionId {

    private static final String ENDPOINT = "(\\[[0-9a-fA-F:.]+]|[0-9]{1,3}(?:\\.[0-9]{1,3}){3}):([0-9]{1,5})";
    private static final Pattern TUPLE = Pattern.compile("^" + ENDPOINT + "-" + ENDPOINT + "$");

    private ConnectionId() {
    }

    /** The canonical store key of a tuple id, or empty if {@code id} is not a tuple (then it is a uid). */
    public static Optional<ConnectionKey> tupleKey(String id) {
        Matcher m = TUPLE.matcher(id);
        if (!m.matches()) {
            return Optional.empty();
        }
        byte[] a = CanonicalKeys.addressBytes(strip(m.group(1)));
        byte[] b = CanonicalKeys.addressBytes(strip(m.group(3)));
        int pa = Integer.parseInt(m.group(2));
        int pb = Integer.parseInt(m.group(4));
        if (a.length != b.length || pa > 65535 || pb > 65535) {
            throw new IllegalArgumentException("a tuple has two endpoints of the same IP version with ports 0-65535");
        }
        return Optional.of(CanonicalKeys.of(a.length == 4 ? 4 : 6, a, pa, b, pb, null));
    }

    /** The tuple id of a connection, originator first: what the API returns as {@code id}. */
    public static String of(ConnectionState c) {
        return endpoint(c.getOrigAddr().toString(), c.getOrigPort()) + "-"
                + endpoint(c.getRespAddr().toString(), c.getRespPort());
    }

    private static String endpoint(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    private static String strip(String address) {
        return address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
    }
}
