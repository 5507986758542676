package dev.synscope.streams.query.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synscope.streams.query.http.Json;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Live connections of one endpoint counted by that endpoint's state, by role and by peer; parts
 * from several instances add up ({@link #merge}). Mutable while one scan fills it.
 */
final class EndpointTally {

    final String endpoint;
    long connections;
    long asOriginator;
    long asResponder;
    final Map<String, Long> stateCounts = new TreeMap<>();
    final Map<String, Long> peers = new TreeMap<>();

    EndpointTally(String endpoint) {
        this.endpoint = endpoint;
    }

    void count(String state, boolean originator, String peer) {
        connections++;
        if (originator) {
            asOriginator++;
        } else {
            asResponder++;
        }
        stateCounts.merge(state, 1L, Long::sum);
        if (peer != null) {
            peers.merge(peer, 1L, Long::sum);
        }
    }

    void merge(JsonNode part) {
        connections += part.path("connections").asLong();
        asOriginator += part.path("asOriginator").asLong();
        asResponder += part.path("asResponder").asLong();
        part.path("stateCounts").properties().forEach(e -> stateCounts.merge(e.getKey(), e.getValue().asLong(),
                Long::sum));
        part.path("peers").properties().forEach(e -> peers.merge(e.getKey(), e.getValue().asLong(), Long::sum));
    }

    /** JSON with the {@code topPeers} most frequent peers (all of them when topPeers &lt; 0, for a part). */
    ObjectNode toJson(int topPeers) {
        ObjectNode o = Json.object();
        o.put("endpoint", endpoint);
        o.put("connections", connections);
        o.put("asOriginator", asOriginator);
        o.put("asResponder", asResponder);
        ObjectNode states = o.putObject("stateCounts");
        stateCounts.forEach(states::put);
        if (topPeers < 0) {
            ObjectNode p = o.putObject("peers");
            peers.forEach(p::put);
        } else {
            var top = o.putArray("topPeers");
            peers.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(topPeers)
                    .forEach(e -> top.addObject().put("host", e.getKey()).put("connections", e.getValue()));
        }
        return o;
    }

    static Comparator<EndpointTally> busiestFirst() {
        return Comparator.comparingLong((EndpointTally t) -> t.connections).reversed()
                .thenComparing(t -> t.endpoint);
    }
}
