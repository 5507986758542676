package dev.synscope.streams.query.cluster;

import dev.synscope.streams.query.http.ApiException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's part of a key-value store: its active partitions only (stale standby copies
 * are never read, so a fan-out over all instances counts each key once).
 */
public final class LocalStores {

    private final KafkaStreams streams;

    public LocalStores(KafkaStreams streams) {
        this.streams = streams;
    }

    public <K, V> ReadOnlyKeyValueStore<K, V> keyValue(String name) {
        StreamsAvailability.requireQueryable(streams.state());
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            // thrown while the store migrates or restores: the same situation as a rebalance
            throw ApiException.unavailable("store '" + name + "' is not queryable on this instance right now ("
                    + e.getMessage() + "); retry", StreamsAvailability.RETRY_AFTER_SECONDS);
        }
    }
}
