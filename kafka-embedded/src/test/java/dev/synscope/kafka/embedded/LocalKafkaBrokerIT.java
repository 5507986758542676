package dev.synscope.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's own lifecycle: format, start, create topics, stop, restart from disk, clean up. */
class LocalKafkaBrokerIT {

    @Test
    void keepsRecordsAcrossARestartFromTheSameDirectoryAndCleansUpOtherwise(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("kafka");
        LocalKafkaConfig config = LocalKafkaConfig.defaults().withPartitions(2).withDataDir(dataDir, true);

        try (LocalKafkaBroker broker = LocalKafkaBroker.start(config)) {
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            broker.createTopics(List.of(broker.topic("restart-test", Map.of("cleanup.policy", "compact"))));
            broker.createTopics(List.of(broker.topic("restart-test", Map.of()))); // existing: left alone
            assertThat(broker.topicNames()).contains("restart-test");
            produce(broker.bootstrapServers(), "restart-test", "k", "before restart");
        }
        assertThat(dataDir.resolve("meta.properties")).exists();

        try (LocalKafkaBroker again = LocalKafkaBroker.start(config)) {
            assertThat(readAll(again.bootstrapServers(), "restart-test", 1))
                    .extracting(ConsumerRecord::value).containsExactly("before restart");
        }

        LocalKafkaConfig throwaway = LocalKafkaConfig.defaults();
        Path usedDir;
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(throwaway)) {
            usedDir = broker.dataDir();
            assertThat(Files.isDirectory(usedDir)).isTrue();
        }
        assertThat(usedDir).doesNotExist();
    }

    @Test
    void rejectsImpossibleConfiguration() {
        assertThatThrownBy(() -> LocalKafkaConfig.defaults().withPartitions(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions must be >= 1");
        assertThatThrownBy(() -> LocalKafkaConfig.defaults().withBrokerPort(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brokerPort");
    }

    private static void produce(String bootstrap, String topic, String key, String value) throws Exception {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int expected) {
        Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "restart-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
