package dev.synscope.streams.query.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synscope.streams.query.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A scan over every instance hosting a store: this instance answers its local part itself, every
 * other instance is asked for its local part ({@code scope=local}). If the assignment changed
 * while we asked (a rebalance started), the parts may overlap or miss partitions, so the answer
 * is a 503, never a merged wrong answer.
 */
public final class FanOut {

    private final MetadataService metadata;
    private final PeerClient peers;

    public FanOut(MetadataService metadata, PeerClient peers) {
        this.metadata = metadata;
        this.peers = peers;
    }

    /** One JSON part per instance, in no particular order. */
    public List<JsonNode> ask(String store, String localPathAndQuery, Supplier<JsonNode> localPart) {
        StreamsAvailability.requireQueryable(metadata.state());
        String before = metadata.assignment(store);
        List<JsonNode> parts = new ArrayList<>();
        for (HostInfo host : metadata.instancesFor(store)) {
            parts.add(metadata.isSelf(host) ? localPart.get() : peers.get(host, localPathAndQuery));
        }
        StreamsAvailability.requireQueryable(metadata.state());
        if (!before.equals(metadata.assignment(store))) {
            throw ApiException.unavailable("partitions of '" + store + "' moved between instances during the"
                    + " query (rebalance); retry", StreamsAvailability.RETRY_AFTER_SECONDS);
        }
        return parts;
    }
}
