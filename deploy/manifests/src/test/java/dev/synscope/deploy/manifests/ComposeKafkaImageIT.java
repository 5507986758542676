package dev.synscope.deploy.manifests;

import static dev.synscope.deploy.manifests.ComposeSpec.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synscope.schema.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Kafka image the compose stack runs, started by Testcontainers: SynScope's topics are created
 * as the compose {@code topic-init} job creates them, and a record goes through. Needs a Docker
 * engine; skipped without one (the local KRaft cluster of kafka-embedded covers the same
 * broker version there).
 */
class ComposeKafkaImageIT {

    @Test
    void theComposeStacksKafkaImageTakesSynScopesTopicsAndARecord() throws Exception {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine answers here: the compose stack's Kafka image is tested where one runs"
                        + " (the local KRaft cluster in kafka-embedded covers the same Kafka version)");
        Map<String, Object> compose = YamlDocuments.load(
                RepositoryRoot.path().resolve("deploy/compose/docker-compose.yml")).get(0).content();
        String image = String.valueOf(map(map(compose.get("services")).get("kafka-1")).get("image"));

        try (KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(image))) {
            kafka.start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.getBootstrapServers()))) {
                List<NewTopic> topics = new ArrayList<>();
                for (Topics.TopicSpec spec : Topics.ALL) {
                    topics.add(new NewTopic(spec.name(), 6, (short) 1).configs(spec.configs()));
                }
                admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .containsAll(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
            }
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>(Topics.DLQ, "k", "through the compose image")).get(30, TimeUnit.SECONDS);
            }
            try (var consumer = new KafkaConsumer<String, String>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "compose-image-it",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                consumer.subscribe(List.of(Topics.DLQ));
                List<String> values = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                }
                assertThat(values).containsExactly("through the compose image");
            }
        }
    }
}
