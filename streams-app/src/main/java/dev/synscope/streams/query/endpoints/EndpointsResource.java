package dev.synscope.streams.query.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndpointStats;
import dev.synscope.streams.query.anomalies.AnomalyFilter;
import dev.synscope.streams.query.anomalies.AnomalyRing;
import dev.synscope.streams.query.cluster.FanOut;
import dev.synscope.streams.query.cluster.LocalStores;
import dev.synscope.streams.query.cluster.MetadataService;
import dev.synscope.streams.query.cluster.PeerClient;
import dev.synscope.streams.query.cluster.StreamsAvailability;
import dev.synscope.streams.query.http.ApiException;
import dev.synscope.streams.query.http.ApiRequest;
import dev.synscope.streams.query.http.AvroJson;
import dev.synscope.streams.query.http.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Endpoints as the connection table shows them:
 * <ul>
 * <li>{@code GET /endpoints} - the busiest endpoints with their live connections by state: services
 *     ({@code kind=service}, key 'host:port', the responder's state) or hosts ({@code kind=host}, every
 *     connection of the host in any role, that side's state);</li>
 * <li>{@code GET /endpoints/{endpoint}} - one host or host:port: counts by state, by role, top peers,
 *     recent refusals/timeouts/anomalies, and the endpoint-stats store's row when the topology has it;</li>
 * <li>{@code GET /endpoints/{endpoint}/stats} - that row alone, from the instance owning its key.</li>
 * </ul>
 * Counts come from a scan of the connections store on every instance (one pass per request).
 */
public final class EndpointsResource {

    public static final int MAX_LIMIT = 1000;
    /** Groups one instance returns for a fan-out of {@code GET /endpoints}; beyond, its part is truncated. */
    static final int MAX_LOCAL_GROUPS = 20_000;
    private static final int TOP_PEERS = 10;
    private static final int RECENT_ANOMALIES = 20;

    private final String connectionsStore;
    private final String statsStore;
    private final MetadataService metadata;
    private final LocalStores stores;
    private final FanOut fanOut;
    private final PeerClient peers;
    private final AnomalyRing ring;

    public EndpointsResource(String connectionsStore, String statsStore, MetadataService metadata, LocalStores stores,
                             FanOut fanOut, PeerClient peers, AnomalyRing ring) {
        this.connectionsStore = connectionsStore;
        this.statsStore = statsStore;
        this.metadata = metadata;
        this.stores = stores;
        this.fanOut = fanOut;
        this.peers = peers;
        this.ring = ring;
    }

    public void list(ApiRequest request) throws IOException {
        request.query().allowOnly(Set.of("kind", "limit", "scope"));
        String kind = request.query().choice("kind", List.of("service", "host")).orElse("service");
        int limit = request.query().intValue("limit", 50, 1, MAX_LIMIT);
        boolean local = request.query().choice("scope", List.of("cluster", "local")).orElse("cluster").equals("local");
        boolean service = kind.equals("service");
        if (local) {
            request.json(200, localGroups(service));
            return;
        }
        Map<String, EndpointTally> merged = new HashMap<>();
        boolean truncated = false;
        for (JsonNode part : fanOut.ask(connectionsStore, "/endpoints?scope=local&kind=" + kind,
                () -> localGroups(service))) {
            truncated |= part.path("truncated").asBoolean();
            for (JsonNode group : part.path("items")) {
                String name = group.path("endpoint").asText();
                merged.computeIfAbsent(name, EndpointTally::new).merge(group);
            }
        }
        ArrayNode items = Json.array();
        merged.values().stream().sorted(EndpointTally.busiestFirst()).limit(limit)
                .forEach(t -> items.add(t.toJson(0).without(List.of("topPeers"))));
        ObjectNode body = Json.object();
        body.put("kind", kind);
        body.put("endpoints", merged.size());
        body.put("truncated", truncated);
        body.set("items", items);
        request.json(200, body);
    }

    private ObjectNode localGroups(boolean service) {
        Map<String, EndpointTally> groups = new HashMap<>();
        boolean truncated = false;
        ReadOnlyKeyValueStore<ConnectionKey, ConnectionState> rows = stores.keyValue(connectionsStore);
        try (KeyValueIterator<ConnectionKey, ConnectionState> it = rows.all()) {
            while (it.hasNext()) {
                ConnectionState c = it.next().value;
                if (c == null) {
                    continue;
                }
                if (service) {
                    String key = new EndpointId(c.getRespAddr(), c.getRespPort()).storeKey();
                    truncated |= tally(groups, key, c.getRespState().name(), false);
                } else {
                    truncated |= tally(groups, c.getOrigAddr(), c.getOrigState().name(), true);
                    truncated |= tally(groups, c.getRespAddr(), c.getRespState().name(), false);
                }
            }
        }
        ObjectNode body = Json.object();
        body.put("truncated", truncated);
        ArrayNode items = body.putArray("items");
        groups.values().forEach(t -> items.add(t.toJson(0).without(List.of("topPeers"))));
        return body;
    }

    private static boolean tally(Map<String, EndpointTally> groups, String key, String state, boolean originator) {
        EndpointTally t = groups.get(key);
        if (t == null) {
            if (groups.size() >= MAX_LOCAL_GROUPS) {
                return true;
            }
            t = new EndpointTally(key);
            groups.put(key, t);
        }
        t.count(state, originator, null);
        return false;
    }

    public void get(ApiRequest request) throws IOException {
        request.query().allowOnly(Set.of("scope"));
        EndpointId id = parse(request.path("endpoint"));
        boolean local = request.query().choice("scope", List.of("cluster", "local")).orElse("cluster").equals("local");
        if (local) {
            request.json(200, localTally(id).toJson(-1));
            return;
        }
        EndpointTally total = new EndpointTally(id.storeKey());
        String path = "/endpoints/" + URLEncoder.encode(id.storeKey(), StandardCharsets.UTF_8) + "?scope=local";
        for (JsonNode part : fanOut.ask(connectionsStore, path, () -> localTally(id).toJson(-1))) {
            total.merge(part);
        }
        ObjectNode body = total.toJson(TOP_PEERS);
        body.put("host", id.host());
        if (id.port() == null) {
            body.putNull("port");
        } else {
            body.put("port", id.port());
        }
        AnomalyFilter mine = new AnomalyFilter(Set.of(), Set.of(), id.host(), id.port(), null, null, null);
        List<AnomalyEvent> recent = ring.recent(mine, Integer.MAX_VALUE);
        ObjectNode failures = body.putObject("recentFailures");
        failures.put("refusals", recent.stream().filter(e -> e.getType() == AnomalyType.CONNECTION_REFUSED).count());
        failures.put("timeouts", recent.stream().filter(e -> e.getType() == AnomalyType.CONNECT_TIMEOUT).count());
        failures.put("halfOpen", recent.stream().filter(e -> e.getType() == AnomalyType.HALF_OPEN).count());
        ArrayNode anomalies = body.putArray("recentAnomalies");
        recent.stream().limit(RECENT_ANOMALIES).forEach(e -> anomalies.add(AvroJson.toJson(e)));
        body.set("stats", statsOrNull(id, request.forwarded()));
        request.json(200, body);
    }

    public void stats(ApiRequest request) throws IOException {
        request.query().allowOnly(Set.of());
        EndpointId id = parse(request.path("endpoint"));
        JsonNode stats = statsOrNull(id, request.forwarded());
        if (stats.isNull()) {
            throw ApiException.notFound("no endpoint statistics for " + id.storeKey()
                    + (metadata.hasStore(statsStore) ? "" : " (this topology has no '" + statsStore + "' store)"));
        }
        request.json(200, stats);
    }

    /** The endpoint-stats row, from the instance owning the key; JSON null when absent. */
    private JsonNode statsOrNull(EndpointId id, boolean forwarded) {
        if (!metadata.hasStore(statsStore)) {
            return Json.MAPPER.nullNode();
        }
        HostInfo owner = metadata.ownerOf(statsStore, id.storeKey(), Serdes.String().serializer());
        if (!metadata.isSelf(owner)) {
            if (forwarded) {
                throw ApiException.unavailable("the owner of " + id.storeKey() + " is changing (rebalance); retry",
                        StreamsAvailability.RETRY_AFTER_SECONDS);
            }
            try {
                return peers.get(owner, "/endpoints/" + URLEncoder.encode(id.storeKey(), StandardCharsets.UTF_8)
                        + "/stats");
            } catch (ApiException e) {
                if (e.status() == 404) {
                    return Json.MAPPER.nullNode();
                }
                throw e;
            }
        }
        ReadOnlyKeyValueStore<String, EndpointStats> rows = stores.keyValue(statsStore);
        EndpointStats row = rows.get(id.storeKey());
        return row == null ? Json.MAPPER.nullNode() : AvroJson.toJson(row);
    }

    private EndpointTally localTally(EndpointId id) {
        EndpointTally t = new EndpointTally(id.storeKey());
        ReadOnlyKeyValueStore<ConnectionKey, ConnectionState> rows = stores.keyValue(connectionsStore);
        try (KeyValueIterator<ConnectionKey, ConnectionState> it = rows.all()) {
            while (it.hasNext()) {
                KeyValue<ConnectionKey, ConnectionState> row = it.next();
                ConnectionState c = row.value;
                if (c == null) {
                    continue;
                }
                if (c.getOrigAddr().equals(id.host()) && (id.port() == null || id.port() == c.getOrigPort())) {
                    t.count(c.getOrigState().name(), true, c.getRespAddr());
                }
                if (c.getRespAddr().equals(id.host()) && (id.port() == null || id.port() == c.getRespPort())) {
                    t.count(c.getRespState().name(), false, c.getOrigAddr());
                }
            }
        }
        return t;
    }

    private static EndpointId parse(String text) {
        try {
            return EndpointId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("endpoint", "'" + text + "' is not an endpoint: " + e.getMessage(),
                    List.of("198.51.100.10", "198.51.100.10:80", "2001:db8::1", "[2001:db8::1]:443"));
        }
    }

}
