package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Conversations.clientCloses;
import static dev.synscope.streams.topology.Conversations.exchange;
import static dev.synscope.streams.topology.Conversations.handshake;
import static dev.synscope.streams.topology.Conversations.serverCloses;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.heartbeat;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.streams.config.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The object cache in front of the stores changes no output: the same traffic through caches of one
 * and two entries (every packet evicts, every eviction writes a dirty row through, deleted keys come
 * back from RocksDB as absent) gives the same rows, tombstones, conn-log, anomalies and endpoint stats
 * as the default-size cache.
 */
class ObjectCacheStoreTest {

    @Test
    void tinyCachesGiveTheSameResultsAsTheDefault() {
        Result reference = run(null);
        assertThat(reference.logs).hasSize(6);
        assertThat(reference.anomalies).contains(AnomalyType.CONNECT_TIMEOUT.name(),
                AnomalyType.CONNECTION_REFUSED.name());
        assertThat(run(1)).isEqualTo(reference);
        assertThat(run(2)).isEqualTo(reference);
    }

    private record Result(List<String> rows, List<String> tombstones, List<String> logs, List<String> anomalies,
                          String serviceStats) {
    }

    private static Result run(Integer cacheEntries) {
        Properties extra = new Properties();
        if (cacheEntries != null) {
            extra.put(ObjectCacheStore.MAX_ENTRIES_CONFIG, cacheEntries);
        }
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.thresholds().withWallClockIdleAdvance(Duration.ZERO),
                extra)) {
            List<HeaderObservation> traffic = new ArrayList<>();
            for (int c = 0; c < 4; c++) { // four full connections, interleaved packet by packet
                int port = 40000 + c;
                long t = T0 + c * 100;
                traffic.addAll(List.of(Conversations.all(handshake(t, port, 80), exchange(t + 10_000, port, 80),
                        clientCloses(t + 20_000, port, 80), serverCloses(t + 30_000, port, 80))));
            }
            traffic.sort(Comparator.comparingLong(HeaderObservation::getTsMicros));
            h.send(traffic.toArray(HeaderObservation[]::new));
            h.send(Conversations.syn(T0 + 40_000, 41000, 80)); // never answered: CONNECT_TIMEOUT
            h.send(Conversations.syn(T0 + 40_100, 41001, 81), Conversations.rstAnsweringSyn(T0 + 40_200, 41001, 81));
            h.send(heartbeat(T0 + seconds(10)));
            h.send(heartbeat(T0 + seconds(400)));
            if (cacheEntries != null) {
                ObjectCacheStore<?, ?> connections =
                        (ObjectCacheStore<?, ?>) h.driver.getKeyValueStore(SynScopeTopology.CONNECTIONS_STORE);
                assertThat(connections.maxEntries()).isEqualTo(cacheEntries);
                assertThat(connections.cachedEntries()).isLessThanOrEqualTo(cacheEntries);
            }
            EndpointStats service = h.endpoint("198.51.100.10:80");
            return new Result(h.rows.stream().map(Object::toString).toList(),
                    h.tombstones.stream().map(Object::toString).toList(),
                    h.logs.stream().map(Object::toString).toList(),
                    h.events.stream().map(e -> e.getType().name()).toList(),
                    service == null ? null : service.toString());
        }
    }
}
