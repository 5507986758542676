package dev.synscope.lab.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synscope.lab.diagnosis.InferredConnection;
import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One row of {@code GET /connections} as the lab needs it: the tuple, both inferred states, the
 * Zeek conn_state, first/last packet times and the probes that saw it.
 */
public record ApiConnection(String uid, Endpoint originator, TcpState originatorState, Endpoint responder,
                            TcpState responderState, String connState, long firstSeenMicros, long lastSeenMicros,
                            Set<String> probes) {

    public ApiConnection {
        probes = Set.copyOf(probes);
    }

    /** Reads one item of the API's JSON (field names as in ConnectionState.avsc). */
    public static ApiConnection fromJson(JsonNode row) {
        List<String> probes = new ArrayList<>();
        row.path("vantages").forEach(v -> probes.add(v.path("probeId").asText()));
        return new ApiConnection(row.path("uid").asText(),
                Endpoint.of(text(row, "origAddr"), row.path("origPort").asInt()),
                TcpState.valueOf(text(row, "origState")),
                Endpoint.of(text(row, "respAddr"), row.path("respPort").asInt()),
                TcpState.valueOf(text(row, "respState")),
                row.path("connState").asText(""), row.path("firstSeenMicros").asLong(),
                row.path("lastSeenMicros").asLong(), Set.copyOf(probes));
    }

    private static String text(JsonNode row, String field) {
        JsonNode v = row.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("connection row without " + field + ": " + row);
        }
        return v.asText();
    }

    /** The row as the lab's judge sees it from each vantage whose probe saw the connection. */
    public List<InferredConnection> asSeenFrom() {
        List<InferredConnection> out = new ArrayList<>();
        for (Vantage v : Vantage.values()) {
            if (probes.contains(v.probeId())) {
                out.add(new InferredConnection(v, originator, originatorState, responder, responderState, connState));
            }
        }
        return out;
    }
}
