package dev.synscope.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole cluster stops and starts again from its data directories, with its records. */
class LocalKafkaClusterRestartIT {

    @Test
    void theWholeClusterRestartsFromDisk(@TempDir Path base) throws Exception {
        LocalKafkaClusterConfig config = LocalKafkaClusterConfig.defaults().withPartitions(2).withBaseDir(base, true);
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(config)) {
            cluster.createTopics(List.of(cluster.topic("survives", Map.of())));
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>("survives", "k", "before the restart")).get();
            }
        }
        assertThat(base.resolve("node-1/data/meta.properties")).exists();

        try (LocalKafkaCluster again = LocalKafkaCluster.start(config)) {
            assertThat(again.nodeIds()).containsExactly(1, 2, 3);
            List<String> values = new ArrayList<>();
            try (var consumer = new KafkaConsumer<String, String>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "after-restart",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                consumer.subscribe(List.of("survives"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                }
            }
            assertThat(values).containsExactly("before the restart");
        }
    }
}
