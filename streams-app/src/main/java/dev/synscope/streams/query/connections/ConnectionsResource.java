package dev.synscope.streams.query.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synscope.schema.CommunityId;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.query.cluster.FanOut;
import dev.synscope.streams.query.cluster.LocalStores;
import dev.synscope.streams.query.cluster.MetadataService;
import dev.synscope.streams.query.cluster.PeerClient;
import dev.synscope.streams.query.cluster.StreamsAvailability;
import dev.synscope.streams.query.http.ApiException;
import dev.synscope.streams.query.http.ApiRequest;
import dev.synscope.streams.query.http.AvroJson;
import dev.synscope.streams.query.http.Json;
import dev.synscope.streams.query.http.QueryParams;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@code GET /connections} (filtered, sorted, paged scan of all instances) and {@code GET /connections/{id}}. */
public final class ConnectionsResource {

    public static final int MAX_LIMIT = 1000;
    public static final int MAX_OFFSET = 10_000;
    private static final Set<String> LIST_PARAMETERS = listParameters();

    private final String store;
    private final MetadataService metadata;
    private final LocalStores stores;
    private final FanOut fanOut;
    private final PeerClient peers;
    private final Clock clock;

    public ConnectionsResource(String store, MetadataService metadata, LocalStores stores, FanOut fanOut,
                               PeerClient peers, Clock clock) {
        this.store = store;
        this.metadata = metadata;
        this.stores = stores;
        this.fanOut = fanOut;
        this.peers = peers;
        this.clock = clock;
    }

    /** A validated list query. */
    public record ListQuery(ConnectionFilter filter, ConnectionSort sort, boolean descending, int offset, int limit,
                            boolean localOnly) {

        public static ListQuery from(QueryParams q) {
            q.allowOnly(LIST_PARAMETERS);
            boolean local = q.choice("scope", List.of("cluster", "local")).orElse("cluster").equals("local");
            ConnectionSort sort = ConnectionSort.of(q.choice("sort", ConnectionSort.NAMES).orElse("lastSeen"));
            boolean descending = q.choice("order", ConnectionSort.ORDERS).orElse("desc").equals("desc");
            int offset = q.intValue("offset", 0, 0, MAX_OFFSET);
            // an instance asked for its part of a fan-out returns up to offset+limit rows of the caller
            int limit = q.intValue("limit", 100, 1, local ? MAX_OFFSET + MAX_LIMIT : MAX_LIMIT);
            return new ListQuery(ConnectionFilter.from(q), sort, descending, offset, limit, local);
        }

        /** The query another instance answers with its local rows 0 .. offset+limit. */
        String localPartQuery() {
            StringBuilder q = new StringBuilder();
            filter.appendTo(q);
            q.append(q.length() == 0 ? "" : "&").append("scope=local&offset=0&limit=").append(offset + limit)
                    .append("&sort=").append(sort.parameter()).append("&order=").append(descending ? "desc" : "asc");
            return q.toString();
        }
    }

    public void list(ApiRequest request) throws IOException {
        request.json(200, list(ListQuery.from(request.query())));
    }

    ObjectNode list(ListQuery q) {
        if (q.localOnly()) {
            return localPart(q.filter(), q.sort(), q.descending(), q.offset(), q.limit());
        }
        List<JsonNode> parts = fanOut.ask(store, "/connections?" + q.localPartQuery(),
                () -> localPart(q.filter(), q.sort(), q.descending(), 0, q.offset() + q.limit()));
        List<JsonNode> merged = new ArrayList<>();
        long total = 0;
        for (JsonNode part : parts) {
            part.path("items").forEach(merged::add);
            total += part.path("total").asLong();
        }
        merged.sort(q.sort().json(q.descending()));
        ArrayNode page = Json.array();
        merged.stream().skip(q.offset()).limit(q.limit()).forEach(page::add);
        return pageJson(page, total, q.offset(), q.limit(), q.sort(), q.descending(), parts.size());
    }

    /** This instance's matching rows, best {@code offset+limit} kept in a bounded heap while scanning. */
    ObjectNode localPart(ConnectionFilter filter, ConnectionSort sort, boolean descending, int offset, int limit) {
        ReadOnlyKeyValueStore<ConnectionKey, ConnectionState> rows = stores.keyValue(store);
        long now = nowMicros();
        int keep = offset + limit;
        // the heap's head is the worst row kept, so a better one replaces it
        PriorityQueue<ConnectionState> best = new PriorityQueue<>(sort.rows(descending).reversed());
        long total = 0;
        try (KeyValueIterator<ConnectionKey, ConnectionState> it = rows.all()) {
            while (it.hasNext()) {
                KeyValue<ConnectionKey, ConnectionState> row = it.next();
                if (row.value == null || !filter.matches(row.value, now)) {
                    continue;
                }
                total++;
                best.add(row.value);
                if (best.size() > keep) {
                    best.poll();
                }
            }
        }
        List<ConnectionState> sorted = new ArrayList<>(best);
        sorted.sort(sort.rows(descending));
        ArrayNode page = Json.array();
        sorted.stream().skip(offset).limit(limit).forEach(c -> page.add(toJson(c)));
        return pageJson(page, total, offset, limit, sort, descending, 1);
    }

    public void get(ApiRequest request) throws IOException {
        request.query().allowOnly(Set.of());
        String id = request.path("id");
        Optional<ConnectionKey> key;
        try {
            key = ConnectionId.tupleKey(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("id", e.getMessage(),
                    List.of("a uid", "a tuple like 192.0.2.10:38608-198.51.100.10:80"));
        }
        request.json(200, key.isPresent() ? byKey(key.get(), id, request.forwarded()) : byUid(id));
    }

    private JsonNode byKey(ConnectionKey key, String id, boolean forwarded) {
        HostInfo owner = metadata.ownerOf(store, key, SynScopeSerdes.CONNECTION_KEY.serializer());
        if (!metadata.isSelf(owner)) {
            if (forwarded) {
                // the caller thought we own it, we think someone else does: the assignment is moving
                throw ApiException.unavailable("the owner of " + id + " is changing (rebalance); retry",
                        StreamsAvailability.RETRY_AFTER_SECONDS);
            }
            return peers.get(owner, "/connections/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        }
        ReadOnlyKeyValueStore<ConnectionKey, ConnectionState> rows = stores.keyValue(store);
        ConnectionState row = rows.get(key);
        if (row == null) {
            throw ApiException.notFound("no live connection " + id
                    + " (never seen, or finished: finished connections are on the conn-log topic)");
        }
        return toJson(row);
    }

    private JsonNode byUid(String uid) {
        if (uid.length() > 128 || !uid.matches("[A-Za-z0-9_.\\-]+")) {
            throw ApiException.badParameter("id", "'" + uid + "' is neither a uid nor a tuple",
                    List.of("a uid (letters, digits, _ . -)", "a tuple like 192.0.2.10:38608-198.51.100.10:80"));
        }
        ObjectNode page = list(new ListQuery(ConnectionFilter.NONE.withUid(uid), ConnectionSort.LAST_SEEN, true, 0, 1,
                false));
        JsonNode items = page.path("items");
        if (items.isEmpty()) {
            throw ApiException.notFound("no live connection with uid " + uid
                    + " (finished connections are on the conn-log topic)");
        }
        return items.get(0);
    }

    /**
     * The API's JSON of one row: the schema's fields plus {@code id}, the tuple to look it up by, and
     * {@code communityId}, the connection's Community ID v1 (Zeek's, Suricata's, Elastic's community_id).
     */
    public static ObjectNode toJson(ConnectionState c) {
        ObjectNode o = Json.object();
        o.put("id", ConnectionId.of(c));
        o.setAll(AvroJson.toJson(c));
        o.put("communityId", communityId(c));
        return o;
    }

    private static String communityId(ConnectionState c) {
        try {
            return CommunityId.tcp(c.getOrigAddr(), c.getOrigPort(), c.getRespAddr(), c.getRespPort());
        } catch (IllegalArgumentException e) {
            return null; // not an address pair the hash takes (never from the tracker)
        }
    }

    private static ObjectNode pageJson(ArrayNode items, long total, int offset, int limit, ConnectionSort sort,
                                       boolean descending, int instances) {
        ObjectNode o = Json.object();
        o.put("total", total);
        o.put("offset", offset);
        o.put("limit", limit);
        o.put("sort", sort.parameter());
        o.put("order", descending ? "desc" : "asc");
        o.put("instances", instances);
        o.set("items", items);
        return o;
    }

    private long nowMicros() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
    }

    private static Set<String> listParameters() {
        Set<String> names = new HashSet<>(ConnectionFilter.PARAMETERS);
        names.addAll(List.of("sort", "order", "offset", "limit", "scope"));
        return Set.copyOf(names);
    }
}
