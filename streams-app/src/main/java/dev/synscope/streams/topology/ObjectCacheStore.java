package dev.synscope.streams.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A per-task cache of deserialized values in front of a changelogged key-value store: the stream
 * thread reads and writes Java objects, and the inner store (serde, RocksDB, changelog) sees a key
 * only once per commit interval however many records changed it in between.
 *
 * <p>Why: a connection gets ~10 packets within a commit interval; through Kafka's own caching store
 * (which holds bytes) every packet paid a full Avro deserialize on get and a full serialize on put.
 *
 * <p>Life of an entry:
 * <ul>
 *   <li>{@code get} on the stream thread: the cached object, else the inner store's value (then cached, clean);</li>
 *   <li>{@code put}/{@code delete}: the cache entry becomes dirty (a delete is a cached tombstone);</li>
 *   <li>before every commit Kafka Streams calls {@link #flushCache()} on each store (before it flushes the
 *       producer and commits the offsets / transaction): the dirty entries are written to the inner store
 *       there, so the changelog and the committed input offsets always agree, exactly as with the caching
 *       store this replaces. The same happens when an entry leaves the LRU bound;</li>
 *   <li>close / {@link #clearCache()} (a task closed dirty, e.g. an aborted transaction) drops the cache:
 *       the inner store, restored from the changelog, is the truth again.</li>
 * </ul>
 *
 * <p>Callers on the stream thread may mutate an object they got and put it back (the tracker does);
 * the cache keeps the reference, so a later get sees the change even before the put.
 *
 * <p>Interactive queries run on other threads: every read from a thread other than the one writing
 * goes to the inner store, which holds the state as of the last commit (so queries may lag the stream
 * thread by up to {@code commit.interval.ms}; they never see a torn object). The stream thread is the
 * thread that last wrote; before its first write the cache is empty, so reading the inner store is right.
 *
 * <p>{@code range}/{@code all} on the stream thread first write the dirty entries (they are rare:
 * the end-of-capture scan and the timeout sweep's index range), then read the inner store.
 */
public final class ObjectCacheStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {

    /**
     * Streams property overriding the entries each object cache holds (per store and task); the
     * default is the builder's. More entries: fewer RocksDB reads for long-lived connections, more heap.
     */
    public static final String MAX_ENTRIES_CONFIG = "synscope.object.cache.entries";

    private int maxEntries;
    private final LinkedHashMap<K, Entry<K, V>> cache;
    private final List<Entry<K, V>> dirty = new ArrayList<>();
    private volatile Thread writer;
    private final List<Runnable> beforeFlush = new ArrayList<>(1);

    /** Whether the inner store holds a key: a delete of a key it never got needs no tombstone. */
    private enum Inner { PRESENT, ABSENT, UNKNOWN }

    /** One cached key: the current value (null = deleted) and whether the inner store lacks it. */
    private static final class Entry<K, V> {
        final K key;
        V value;
        boolean dirty;
        Inner inner = Inner.UNKNOWN;

        Entry(K key, V value) {
            this.key = key;
            this.value = value;
        }
    }

    ObjectCacheStore(KeyValueStore<K, V> inner, int maxEntries) {
        super(inner);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("object cache needs at least 1 entry, not " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.cache = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<K, V>> eldest) {
                if (size() <= ObjectCacheStore.this.maxEntries) {
                    return false;
                }
                writeBack(eldest.getValue());
                return true;
            }
        };
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        cache.clear();
        dirty.clear();
        beforeFlush.clear();
        writer = null;
        Object configured = context.appConfigs().get(MAX_ENTRIES_CONFIG);
        if (configured != null) {
            int entries = Integer.parseInt(configured.toString().trim());
            if (entries < 1) {
                throw new IllegalArgumentException(MAX_ENTRIES_CONFIG + " must be >= 1, not " + entries);
            }
            maxEntries = entries;
        }
        super.init(context, root);
    }

    private boolean onStreamThread() {
        return Thread.currentThread() == writer;
    }

    @Override
    public V get(K key) {
        if (!onStreamThread()) {
            return wrapped().get(key);
        }
        Entry<K, V> e = cache.get(key);
        if (e != null) {
            return e.value;
        }
        V value = wrapped().get(key);
        if (value != null) {
            Entry<K, V> loaded = new Entry<>(key, value);
            loaded.inner = Inner.PRESENT;
            cache.put(key, loaded);
        }
        return value;
    }

    @Override
    public void put(K key, V value) {
        writer = Thread.currentThread();
        Entry<K, V> e = cache.get(key);
        if (e == null) {
            e = new Entry<>(key, value);
            cache.put(key, e);
        } else {
            e.value = value;
        }
        markDirty(e);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> kv : entries) {
            put(kv.key, kv.value);
        }
    }

    @Override
    public V delete(K key) {
        V old = get(key);
        put(key, null);
        return old;
    }

    private void markDirty(Entry<K, V> e) {
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
    }

    private void writeBack(Entry<K, V> e) {
        if (!e.dirty) {
            return;
        }
        if (e.value != null) {
            wrapped().put(e.key, e.value);
            e.inner = Inner.PRESENT;
        } else if (e.inner == Inner.PRESENT || (e.inner == Inner.UNKNOWN && wrapped().get(e.key) != null)) {
            // (a key put and deleted between two commits, e.g. a deadline moved on, costs no tombstone)
            wrapped().delete(e.key);
            e.inner = Inner.ABSENT;
        } else {
            e.inner = Inner.ABSENT;
        }
        e.dirty = false;
    }

    /** Writes every dirty entry to the inner store; deleted keys leave the cache. */
    private void writeDirty() {
        if (dirty.isEmpty()) {
            return;
        }
        for (Entry<K, V> e : dirty) {
            if (e.dirty) {
                writeBack(e);
                if (e.value == null) {
                    cache.remove(e.key, e);
                }
            }
        }
        dirty.clear();
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        if (onStreamThread()) {
            writeDirty();
        }
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        if (onStreamThread()) {
            writeDirty();
        }
        return wrapped().all();
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    /** Runs {@code r} at the start of every {@link #flushCache()} (see {@link CommitTimeEmitter}). */
    void beforeFlush(Runnable r) {
        beforeFlush.add(r);
    }

    /** Called by Kafka Streams before every commit: the dirty rows go to the inner store (and its changelog). */
    @Override
    public void flushCache() {
        for (Runnable r : beforeFlush) {
            r.run();
        }
        writeDirty();
        super.flushCache();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeDirty();
        super.commit(changelogOffsets);
    }

    /** A task closed dirty: what was not written is discarded with the aborted work. */
    @Override
    public void clearCache() {
        cache.clear();
        dirty.clear();
        super.clearCache();
    }

    @Override
    public void close() {
        cache.clear();
        dirty.clear();
        super.close();
    }

    /** Entries held now (for tests and metrics). */
    int cachedEntries() {
        return cache.size();
    }

    /** The bound in effect. */
    int maxEntries() {
        return maxEntries;
    }
}
