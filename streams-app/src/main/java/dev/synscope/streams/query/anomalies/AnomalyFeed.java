package dev.synscope.streams.query.anomalies;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.kafka.KafkaClientSecurity;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.query.metrics.QueryMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an {@link AnomalyRing} from the anomalies topic. Every instance reads every partition
 * itself (assign, no consumer group, no commits), so any instance answers {@code /anomalies} and
 * streams them without asking the others. At start it rewinds each partition by the ring's
 * capacity, so the NOC sees recent history at once. Reads committed records only (the streams
 * app writes with exactly-once). A record that cannot be decoded is logged, counted and skipped.
 */
public final class AnomalyFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnomalyFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final AnomalyRing ring;
    private final QueryMetrics metrics;
    private final int rewind;
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    public AnomalyFeed(String bootstrapServers, KafkaClientSecurity security, String topic, AnomalyRing ring,
                       QueryMetrics metrics, int rewind) {
        Properties p = new Properties();
        // the same TLS / SASL settings as the streams app's own clients
        p.putAll(security.toClientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "synscope-query-anomaly-feed");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.ring = ring;
        this.metrics = metrics;
        this.rewind = rewind;
        this.thread = new Thread(this::run, "synscope-anomaly-feed");
        this.thread.setDaemon(true);
    }

    public AnomalyFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            if (!assignAll()) {
                return;
            }
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    accept(r);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.error("anomaly feed of {} stopped: {}", topic, e.toString(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    /** Waits (while running) for the topic to exist, then assigns all partitions rewound by the ring size. */
    private boolean assignAll() {
        List<PartitionInfo> infos = List.of();
        while (running && infos.isEmpty()) {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos == null || infos.isEmpty()) {
                LOG.info("anomaly feed: topic {} does not exist yet, checking again", topic);
                infos = List.of();
                awaitClose(Duration.ofSeconds(2));
            }
        }
        if (!running) {
            return false;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - rewind));
        }
        LOG.info("anomaly feed reading {} partitions of {}", partitions.size(), topic);
        return true;
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        AnomalyEvent event;
        try {
            event = SynScopeSerdes.ANOMALY_EVENT.deserializer().deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            metrics.anomalyFeedUndecodable();
            LOG.warn("anomaly feed: skipped undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
            return;
        }
        if (ring.add(event)) {
            metrics.anomalySeen(event.getType());
        }
    }

    private void awaitClose(Duration d) {
        try {
            closed.await(d.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        closed.countDown();
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
