package dev.synscope.cli;

import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.query.QueryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the query API and NOC page of a streams-app instance listen, shared by {@code streams} and
 * {@code demo --serve}. Loopback by default; any other bind needs a bearer token read from a file
 * (never from the command line, where {@code ps} would show it).
 */
final class ApiOptions {

    @Option(names = "--api-bind", defaultValue = "${env:SYNSCOPE_API_BIND:-127.0.0.1:8080}", paramLabel = "HOST:PORT",
            description = "Query API and NOC page address; 'off' disables (env SYNSCOPE_API_BIND; default "
                    + "${DEFAULT-VALUE}). A non-loopback address needs --api-token-file.")
    String bind;

    @Option(names = "--api-token-file", defaultValue = "${env:SYNSCOPE_API_TOKEN_FILE}", paramLabel = "FILE",
            description = "File holding the bearer token clients must send (env SYNSCOPE_API_TOKEN_FILE).")
    Path tokenFile;

    boolean enabled() {
        return !"off".equalsIgnoreCase(bind.trim());
    }

    /**
     * The query server's config for this app. {@code advertised} is the {@code host:port} other
     * instances use to reach this one ({@code application.server}); null means the bind address.
     */
    QueryConfig queryConfig(StreamsAppConfig app, String advertised) {
        HostPort listen = HostPort.parse("--api-bind", bind);
        String advertisedHost = null;
        if (advertised != null && !advertised.isBlank()) {
            HostPort a = HostPort.parse("--application-server", advertised);
            if (a.port() != listen.port()) {
                throw new FailureHandler.UsageProblem("--application-server port " + a.port()
                        + " must be the --api-bind port " + listen.port() + " (peers forward queries there)");
            }
            advertisedHost = a.host();
        }
        try {
            return QueryConfig.forStreamsApp(app, listen.host(), listen.port(), advertisedHost, token());
        } catch (IllegalArgumentException e) {
            throw new FailureHandler.UsageProblem(e.getMessage());
        }
    }

    private String token() {
        return readTokenFile(tokenFile);
    }

    /** The bearer token in {@code file} (server and client read the same file), or null without one. */
    static String readTokenFile(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new FailureHandler.UsageProblem("cannot read the API token file " + file + ": " + e.getMessage());
        }
    }

    /** A {@code host:port} flag value; IPv6 hosts in brackets. */
    record HostPort(String host, int port) {
        static HostPort parse(String flag, String value) {
            String v = value.trim();
            int colon = v.lastIndexOf(':');
            if (colon <= 0 || colon == v.length() - 1) {
                throw new FailureHandler.UsageProblem(flag + " wants HOST:PORT (e.g. 127.0.0.1:8080), not '" + value + "'");
            }
            String host = v.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(v.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(host, port);
            } catch (NumberFormatException e) {
                throw new FailureHandler.UsageProblem(flag + ": '" + v.substring(colon + 1) + "' is not a port (0-65535)");
            }
        }
    }
}
