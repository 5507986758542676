package dev.synscope.streams.topology;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds a persistent (RocksDB, changelogged) key-value store with an {@link ObjectCacheStore} in
 * front of it. Kafka's own byte cache stays off: the object cache already turns many writes of a key
 * into one per commit, and a second copy of every row would only cost memory.
 */
public final class ObjectCacheStoreBuilder<K, V> implements StoreBuilder<ObjectCacheStore<K, V>> {

    private final StoreBuilder<KeyValueStore<K, V>> inner;
    private final int maxEntries;

    public ObjectCacheStoreBuilder(String name, Serde<K> keySerde, Serde<V> valueSerde, int maxEntries) {
        this.inner = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keySerde, valueSerde)
                .withCachingDisabled();
        this.maxEntries = maxEntries;
    }

    @Override
    public ObjectCacheStore<K, V> build() {
        return new ObjectCacheStore<>(inner.build(), maxEntries);
    }

    /** Kafka's byte cache is never added under the object cache (see the class comment). */
    @Override
    public StoreBuilder<ObjectCacheStore<K, V>> withCachingEnabled() {
        return this;
    }

    @Override
    public StoreBuilder<ObjectCacheStore<K, V>> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<ObjectCacheStore<K, V>> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<ObjectCacheStore<K, V>> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
