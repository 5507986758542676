package dev.synscope.lab.kernel;

import java.util.Objects;

/**
 * One side of a TCP connection as {@code ss} prints it: an address and a port. The port is
 * {@link #ANY_PORT} for the wildcard {@code *} of a listening socket's peer.
 *
 * @param address textual address without brackets or scope ({@code 192.0.2.10}, {@code ::1}),
 *                or {@code *} for the wildcard address
 * @param port    0-65535, or {@link #ANY_PORT}
 */
public record Endpoint(String address, int port) {

    public static final int ANY_PORT = -1;

    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (address.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        if (port != ANY_PORT && (port < 0 || port > 65_535)) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static Endpoint of(String address, int port) {
        return new Endpoint(address, port);
    }

    /**
     * Parses {@code ss}'s column format: {@code 192.0.2.10:80}, {@code 0.0.0.0:*}, {@code *:80},
     * {@code [::1]:80}, {@code [::ffff:192.0.2.10]:80}, {@code 192.0.2.10%veth-c:80} (the
     * interface scope is dropped).
     *
     * @throws IllegalArgumentException with the offending text when it is not of that form
     */
    public static Endpoint parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("not an address:port: '" + text + "'");
        }
        String address = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        int scope = address.indexOf('%');
        if (scope > 0) {
            address = address.substring(0, scope);
        }
        int port;
        if (portText.equals("*")) {
            port = ANY_PORT;
        } else {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in '" + text + "'", e);
            }
        }
        return new Endpoint(address, port);
    }

    @Override
    public String toString() {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return host + ":" + (port == ANY_PORT ? "*" : Integer.toString(port));
    }
}
