package dev.synscope.streams.query.cluster;

import dev.synscope.streams.query.http.ApiException;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance holds what, from Kafka Streams' own metadata (each instance's
 * {@code application.server}): the owner of one key, and every instance hosting a store.
 * Every answer first checks that this instance is RUNNING (see {@link StreamsAvailability}).
 */
public final class MetadataService {

    private final KafkaStreams streams;
    private final HostInfo self;

    public MetadataService(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public HostInfo self() {
        return self;
    }

    public boolean isSelf(HostInfo host) {
        return self.equals(host);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** True when the topology has a store of that name (the endpoint-stats store may be absent). */
    public boolean hasStore(String store) {
        return streams.metadataForAllStreamsClients().stream().anyMatch(m -> m.stateStoreNames().contains(store));
    }

    /** Every instance with active partitions of {@code store}, this one included if it has some. */
    public List<HostInfo> instancesFor(String store) {
        StreamsAvailability.requireQueryable(streams.state());
        Collection<StreamsMetadata> all = streams.streamsMetadataForStore(store);
        List<HostInfo> hosts = all.stream().map(StreamsMetadata::hostInfo).distinct().toList();
        if (hosts.isEmpty()) {
            throw ApiException.unavailable("no instance hosts store '" + store + "' yet (start-up, or"
                    + " application.server is not set to " + self.host() + ":" + self.port() + ")",
                    StreamsAvailability.RETRY_AFTER_SECONDS);
        }
        return hosts;
    }

    /** The instance whose active task holds {@code key} in {@code store}. */
    public <K> HostInfo ownerOf(String store, K key, Serializer<K> keySerializer) {
        StreamsAvailability.requireQueryable(streams.state());
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, keySerializer);
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
                || metadata.activeHost() == null || metadata.activeHost().port() < 0) {
            throw ApiException.unavailable("the owner of this key in '" + store + "' is not known yet"
                    + " (start-up or rebalance); retry", StreamsAvailability.RETRY_AFTER_SECONDS);
        }
        return metadata.activeHost();
    }

    /** A fingerprint of who hosts what, to detect a rebalance that happened during a fan-out. */
    public String assignment(String store) {
        return streams.streamsMetadataForStore(store).stream()
                .map(m -> m.hostInfo() + "=" + m.topicPartitions()).sorted().toList().toString();
    }
}
