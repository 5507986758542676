package dev.synscope.streams.query.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synscope.schema.ConnectionState;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Orders of {@code GET /connections}. The same key is read from a store row (local scan) and
 * from its JSON (merge of the instances' pages), so every instance and the merge agree; ties are
 * broken by uid so pages never overlap.
 */
public enum ConnectionSort {
    LAST_SEEN("lastSeen", ConnectionState::getLastSeenMicros, j -> j.path("lastSeenMicros").asLong()),
    FIRST_SEEN("firstSeen", ConnectionState::getFirstSeenMicros, j -> j.path("firstSeenMicros").asLong()),
    BYTES("bytes", c -> c.getOrigBytes() + c.getRespBytes(),
            j -> j.path("origBytes").asLong() + j.path("respBytes").asLong()),
    PACKETS("packets", c -> c.getOrigPackets() + c.getRespPackets(),
            j -> j.path("origPackets").asLong() + j.path("respPackets").asLong());

    public static final List<String> NAMES = List.of("lastSeen", "firstSeen", "bytes", "packets");
    public static final List<String> ORDERS = List.of("desc", "asc");

    private final String parameter;
    private final ToLongFunction<ConnectionState> fromRow;
    private final ToLongFunction<JsonNode> fromJson;

    ConnectionSort(String parameter, ToLongFunction<ConnectionState> fromRow, ToLongFunction<JsonNode> fromJson) {
        this.parameter = parameter;
        this.fromRow = fromRow;
        this.fromJson = fromJson;
    }

    public String parameter() {
        return parameter;
    }

    public static ConnectionSort of(String parameter) {
        for (ConnectionSort s : values()) {
            if (s.parameter.equals(parameter)) {
                return s;
            }
        }
        throw new IllegalArgumentException(parameter);
    }

    public Comparator<ConnectionState> rows(boolean descending) {
        Comparator<ConnectionState> byKey = Comparator.comparingLong(fromRow);
        return (descending ? byKey.reversed() : byKey).thenComparing(c -> c.getUid().toString());
    }

    public Comparator<JsonNode> json(boolean descending) {
        Comparator<JsonNode> byKey = Comparator.comparingLong(fromJson);
        return (descending ? byKey.reversed() : byKey).thenComparing(j -> j.path("uid").asText());
    }
}
