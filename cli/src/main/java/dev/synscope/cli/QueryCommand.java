package dev.synscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code synscope query}: asks a streams-app query server (any instance: it routes and merges)
 * the same questions as the REST API and prints the answer as a table, CSV or JSON.
 */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Ask the streams app's query server (REST API, docs/query.md) about live connections, "
                + "endpoints and anomalies.",
        subcommands = {QueryCommand.Connections.class, QueryCommand.Endpoint.class, QueryCommand.Anomalies.class})
final class QueryCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "what to query is required: connections, endpoint or anomalies");
    }

    /** Where the query server is and how to print its answers; shared by every query subcommand. */
    static final class Server {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Option(names = "--url", defaultValue = "${env:SYNSCOPE_URL:-http://127.0.0.1:8080}", paramLabel = "URL",
                description = "Query server of any streams-app instance (env SYNSCOPE_URL; default ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--api-token-file", defaultValue = "${env:SYNSCOPE_API_TOKEN_FILE}", paramLabel = "FILE",
                description = "File holding the bearer token, when the server requires one: the same file and "
                        + "variable the streams app's --api-token-file reads (env SYNSCOPE_API_TOKEN_FILE). A file, "
                        + "not a flag value, so the secret stays out of ps and shell history.")
        Path tokenFile;

        private String token() {
            return ApiOptions.readTokenFile(tokenFile);
        }

        @Option(names = {"-o", "--output"}, defaultValue = "${env:SYNSCOPE_OUTPUT:-table}", paramLabel = "FORMAT",
                description = "table, csv or json (env SYNSCOPE_OUTPUT; default ${DEFAULT-VALUE}).")
        TabularOutput.Format output;

        /** GET path with the non-null parameters; the JSON of a 200, else a readable failure. */
        JsonNode get(CommandLine cli, String path, Map<String, Object> params) {
            StringBuilder query = new StringBuilder();
            params.forEach((k, v) -> {
                if (v != null) {
                    query.append(query.length() == 0 ? "?" : "&").append(k).append('=')
                            .append(URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
                }
            });
            URI uri = URI.create(url.replaceAll("/+$", "") + path + query);
            String token = token();
            cli.getErr().println("query: GET " + uri + (token == null ? "" : " (with bearer token)")
                    + ", output " + output);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (token != null && !token.isBlank()) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response;
            try {
                response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException("no query server answers at " + url + " (" + e.getMessage()
                        + "); is the streams app running? set --url or SYNSCOPE_URL", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException(uri + " answered " + response.statusCode() + " with something that"
                        + " is not JSON");
            }
            if (response.statusCode() == 200) {
                return body;
            }
            String message = body.path("message").asText(response.body());
            if (response.statusCode() == 400) {
                throw new FailureHandler.UsageProblem(message + (body.has("allowed")
                        ? " (allowed: " + String.join(", ", strings(body.path("allowed"))) + ")" : ""));
            }
            if (response.statusCode() == 401) {
                throw new IllegalStateException("the query server answered 401: " + message + " (it requires a"
                        + " bearer token: give its token file with --api-token-file or SYNSCOPE_API_TOKEN_FILE)");
            }
            throw new IllegalStateException("the query server answered " + response.statusCode() + ": " + message
                    + response.headers().firstValue("Retry-After").map(s -> " (retry in " + s + " s)").orElse(""));
        }

        void printJson(CommandLine cli, JsonNode node) {
            try {
                cli.getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
                cli.getOut().flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static List<String> strings(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(n -> out.add(n.asText()));
            return out;
        }
    }

    static String time(JsonNode micros) {
        if (micros == null || micros.isMissingNode() || micros.isNull() || micros.asLong() == 0) {
            return "-";
        }
        long m = micros.asLong();
        return Instant.ofEpochSecond(m / 1_000_000L, (m % 1_000_000L) * 1_000L).toString();
    }

    @Command(name = "connections", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Live connections matching the filters; host, port, state and --min-age apply to the same "
                    + "endpoint (e.g. --state CLOSE_WAIT --host 198.51.100.10: that host is in CLOSE_WAIT).")
    static final class Connections implements Runnable {
        @Mixin
        Server server;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--state", paramLabel = "STATE", description = "RFC 9293 state of the endpoint, e.g. CLOSE_WAIT.")
        String state;
        @Option(names = "--host", paramLabel = "IP", description = "Address of the endpoint.")
        String host;
        @Option(names = "--port", paramLabel = "PORT", description = "Port of the endpoint.")
        Integer port;
        @Option(names = "--role", paramLabel = "ROLE", description = "originator or responder: which side the "
                + "endpoint filters look at (default either).")
        String role;
        @Option(names = "--conn-state", paramLabel = "ZEEK", description = "Zeek conn_state, e.g. S0, SF, REJ.")
        String connState;
        @Option(names = "--min-age", paramLabel = "SECONDS", description = "In the state (or, without --state, open) "
                + "at least this long.")
        Long minAge;
        @Option(names = "--probe", paramLabel = "ID", description = "Seen by this probe.")
        String probe;
        @Option(names = "--sort", paramLabel = "KEY", description = "lastSeen (default), firstSeen, bytes, packets.")
        String sort;
        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most N (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public void run() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("state", state);
            p.put("host", host);
            p.put("port", port);
            p.put("role", role);
            p.put("connState", connState);
            p.put("minAgeSeconds", minAge);
            p.put("probe", probe);
            p.put("sort", sort);
            p.put("limit", limit);
            JsonNode page = server.get(spec.commandLine(), "/connections", p);
            if (server.output == TabularOutput.Format.json) {
                server.printJson(spec.commandLine(), page);
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode c : page.path("items")) {
                List<String> probes = new ArrayList<>();
                c.path("vantages").forEach(v -> probes.add(v.path("probeId").asText()));
                rows.add(List.of(c.path("uid").asText(), c.path("id").asText(), c.path("origState").asText(),
                        c.path("respState").asText(), c.path("connState").asText(), c.path("history").asText(),
                        time(c.path("firstSeenMicros")), time(c.path("lastSeenMicros")),
                        c.path("origBytes").asText(), c.path("respBytes").asText(), String.join(" ", probes)));
            }
            PrintWriter out = spec.commandLine().getOut();
            TabularOutput.print(out, server.output, List.of("uid", "connection", "orig_state", "resp_state",
                    "conn_state", "history", "first_seen", "last_seen", "orig_bytes", "resp_bytes", "probes"), rows);
            spec.commandLine().getErr().println(rows.size() + " of " + page.path("total").asLong()
                    + " matching connections");
        }
    }

    @Command(name = "endpoint", mixinStandardHelpOptions = true, sortOptions = false,
            description = "One endpoint (198.51.100.10 or 198.51.100.10:80): live connections by state, top peers, "
                    + "recent refusals and timeouts.")
    static final class Endpoint implements Runnable {
        @Mixin
        Server server;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ENDPOINT", description = "host, host:port or [v6]:port")
        String endpoint;

        @Override
        public void run() {
            JsonNode e = server.get(spec.commandLine(), "/endpoints/" + URLEncoder.encode(endpoint,
                    StandardCharsets.UTF_8), Map.of());
            if (server.output == TabularOutput.Format.json) {
                server.printJson(spec.commandLine(), e);
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            String name = e.path("endpoint").asText();
            e.path("stateCounts").properties().forEach(s -> rows.add(List.of(name, "state", s.getKey(),
                    s.getValue().asText())));
            rows.add(List.of(name, "role", "originator", e.path("asOriginator").asText()));
            rows.add(List.of(name, "role", "responder", e.path("asResponder").asText()));
            e.path("recentFailures").properties().forEach(f -> rows.add(List.of(name, "recent", f.getKey(),
                    f.getValue().asText())));
            e.path("topPeers").forEach(p -> rows.add(List.of(name, "peer", p.path("host").asText(),
                    p.path("connections").asText())));
            JsonNode stats = e.path("stats");
            if (stats.isObject()) {
                for (String f : List.of("windowRefusals", "windowTimeouts", "windowHalfOpen", "totalRefusals",
                        "totalTimeouts", "totalHalfOpen", "synFloodActive", "closeWaitLeakActive")) {
                    rows.add(List.of(name, "stats", f, stats.path(f).asText()));
                }
            }
            TabularOutput.print(spec.commandLine().getOut(), server.output,
                    List.of("endpoint", "kind", "name", "value"), rows);
        }
    }

    @Command(name = "anomalies", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Recent anomalies, newest first.")
    static final class Anomalies implements Runnable {
        @Mixin
        Server server;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--type", paramLabel = "TYPES", description = "Comma-separated anomaly types.")
        String type;
        @Option(names = "--severity", paramLabel = "LEVELS", description = "Comma-separated: INFO, WARNING, MAJOR, CRITICAL.")
        String severity;
        @Option(names = "--host", paramLabel = "IP", description = "Either endpoint of the anomaly.")
        String host;
        @Option(names = "--since", paramLabel = "TIME", description = "ISO-8601 instant or epoch microseconds.")
        String since;
        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most N (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public void run() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", type);
            p.put("severity", severity);
            p.put("host", host);
            p.put("since", since);
            p.put("limit", limit);
            JsonNode page = server.get(spec.commandLine(), "/anomalies", p);
            if (server.output == TabularOutput.Format.json) {
                server.printJson(spec.commandLine(), page);
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            page.path("items").forEach(a -> rows.add(TailCommand.columns(a)));
            TabularOutput.print(spec.commandLine().getOut(), server.output, TailCommand.COLUMNS, rows);
        }
    }
}
