package dev.synscope.streams.anomaly;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What TTL (hop limit) each responder host's packets normally show at each vantage point, learnt
 * from SYN+ACKs: a RST answering a SYN with another TTL was most likely forged by a middlebox
 * (a firewall's REJECT with tcp-reset sits fewer hops away than the server).
 *
 * <p>Kept per stream task: connections to one host spread over partitions, so a task knows the
 * hosts its own connections talk to - on a busy host nearly always, on a host with one connection
 * in this partition not at all (then no tag, never a false one). The store is persistent and
 * changelogged, so a restart keeps the baseline; it is written only when a host's TTL changes.
 */
public final class ResponderTtls {

    /** Bound of the in-memory mirror; past it the mirror restarts from the store. */
    private static final int MIRROR_LIMIT = 100_000;

    private final KeyValueStore<String, Integer> store;
    private final Map<String, Integer> mirror = new HashMap<>();

    public ResponderTtls(KeyValueStore<String, Integer> store) {
        this.store = store;
    }

    /** Records the TTL of a responder's SYN+ACK seen by {@code probeId}. */
    public void observe(String probeId, String host, int ttl) {
        String key = key(probeId, host);
        Integer known = usual(key);
        if (known == null || known != ttl) {
            store.put(key, ttl);
            remember(key, ttl);
        }
    }

    /** The TTL this host's SYN+ACKs carried at this vantage, or null when none was seen. */
    public Integer usual(String probeId, String host) {
        return usual(key(probeId, host));
    }

    private Integer usual(String key) {
        Integer ttl = mirror.get(key);
        if (ttl == null) {
            ttl = store.get(key);
            if (ttl != null) {
                remember(key, ttl);
            }
        }
        return ttl;
    }

    private void remember(String key, int ttl) {
        if (mirror.size() >= MIRROR_LIMIT) {
            mirror.clear();
        }
        mirror.put(key, ttl);
    }

    private static String key(String probeId, String host) {
        return probeId + "|" + host;
    }
}
