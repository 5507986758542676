package dev.synscope.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A three-node KRaft cluster survives a broker crash mid-stream: an idempotent producer with
 * acks=all loses nothing and writes nothing twice while one node is SIGKILLed, and the node comes
 * back from its own data.
 */
class LocalKafkaClusterIT {

    private static final int RECORDS = 6_000;
    private static LocalKafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LocalKafkaCluster.start(LocalKafkaClusterConfig.defaults());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void topicsAreReplicatedThreeTimesWithTwoInSyncRequired() throws Exception {
        cluster.createTopics(List.of(cluster.topic("layout", Map.of())));
        try (var admin = cluster.admin()) {
            TopicDescription d = admin.describeTopics(List.of("layout")).allTopicNames().get().get("layout");
            assertThat(d.partitions()).hasSize(6);
            assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            var cfg = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "layout"))).all().get();
            assertThat(cfg.values().iterator().next().get("min.insync.replicas").value()).isEqualTo("2");
        }
        assertThat(cluster.nodeIds()).containsExactly(1, 2, 3);
    }

    @Test
    void anIdempotentAcksAllProducerLosesNothingAndDuplicatesNothingWhenABrokerIsKilled() throws Exception {
        String topic = "kill-a-broker";
        cluster.createTopics(List.of(cluster.topic(topic, Map.of())));
        int victim = cluster.leaderOf(topic, 0);

        List<Future<RecordMetadata>> sends = new ArrayList<>(RECORDS);
        try (KafkaProducer<Integer, Integer> producer = new KafkaProducer<>(producerConfig())) {
            for (int i = 0; i < RECORDS; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, i, i)));
                if (i == RECORDS / 3) {
                    producer.flush(); // some records acknowledged before the crash, the rest in flight or after
                    cluster.killNode(victim);
                }
            }
            producer.flush();
        }
        for (Future<RecordMetadata> send : sends) {
            assertThat(send).succeedsWithin(Duration.ofSeconds(60));
        }
        assertThat(cluster.isRunning(victim)).isFalse();
        assertThat(cluster.leaderOf(topic, 0)).isNotEqualTo(victim);

        Map<Integer, Integer> seen = readAll(topic, RECORDS);
        assertThat(seen).hasSize(RECORDS);
        assertThat(seen.values()).as("times each value was read").allMatch(count -> count == 1);

        cluster.restartNode(victim);
        cluster.awaitFullyReplicated(List.of(topic), Duration.ofSeconds(60));
        assertThat(cluster.isRunning(victim)).isTrue();
    }

    @Test
    void aCleanlyStoppedNodeRejoinsAndCatchesUp() throws Exception {
        String topic = "stop-a-broker";
        cluster.createTopics(List.of(cluster.topic(topic, Map.of())));
        cluster.stopNode(3);
        assertThat(cluster.isRunning(3)).isFalse();
        try (KafkaProducer<Integer, Integer> producer = new KafkaProducer<>(producerConfig())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, i, i)).get(); // two in-sync replicas remain: acks=all holds
            }
        }
        cluster.restartNode(3);
        cluster.awaitFullyReplicated(List.of(topic), Duration.ofSeconds(60));
        assertThat(readAll(topic, 100)).hasSize(100);
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, IntegerSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, IntegerSerializer.class);
    }

    /** Value -> how many times it was read, reading until {@code expected} records or 30 s. */
    private static Map<Integer, Integer> readAll(String topic, int expected) {
        Map<Integer, Integer> seen = new HashMap<>();
        int total = 0;
        try (KafkaConsumer<Integer, Integer> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, IntegerDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, IntegerDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (total < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<Integer, Integer> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.merge(r.value(), 1, Integer::sum);
                    total++;
                }
            }
            // one more poll: duplicates beyond the expected count would show here
            for (ConsumerRecord<Integer, Integer> r : consumer.poll(Duration.ofMillis(500))) {
                seen.merge(r.value(), 1, Integer::sum);
            }
        }
        return seen;
    }
}
