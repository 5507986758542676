package dev.synscope.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Avro records through a real broker, and read back by kcat + avro-tools, tools we did not write. */
@ExtendWith(KafkaBrokerExtension.class)
class AvroRoundTripIT {

    @Test
    void headerObservationRoundTripsThroughARealBroker(TestKafka kafka) throws Exception {
        String topic = kafka.uniqueTopic("roundtrip");
        kafka.createTopic(topic, 3, Map.of());
        HeaderObservation syn = SampleRecords.syn();

        RecordMetadata written = produce(kafka, topic, syn);
        List<ConsumerRecord<ConnectionKey, HeaderObservation>> read = consumeAll(kafka, topic, 1);

        assertThat(read).hasSize(1);
        assertThat(read.get(0).key()).isEqualTo(CanonicalKeys.of(syn));
        assertThat(read.get(0).value()).isEqualTo(syn);
        assertThat(read.get(0).partition()).isEqualTo(written.partition());
    }

    @Test
    void kcatAndAvroToolsDecodeWhatWeWrote(TestKafka kafka, @TempDir Path dir) throws Exception {
        assumeThat(onPath("kcat")).as("kcat is not installed (apt-get install -y kcat); .ci/run installs it").isTrue();
        String topic = kafka.uniqueTopic("kcat");
        kafka.createTopic(topic, 1, Map.of());
        produce(kafka, topic, SampleRecords.syn());
        Path schema = dir.resolve("HeaderObservation.avsc");
        Files.writeString(schema, HeaderObservation.getClassSchema().toString(true));

        ProcessBuilder decode = new ProcessBuilder(Path.of("..", "deploy", "tools", "decode-topic.sh").toString(),
                kafka.bootstrapServers(), topic, "HeaderObservation");
        decode.environment().put("SCHEMA_FILE", schema.toString());
        decode.environment().put("AVRO_TOOLS_JAR", WireFormatTest.avroToolsJar());
        String json = WireFormatTest.run(decode.command());

        assertThat(json).contains("\"srcPort\" : 38608", "\"seq\" : 2473414591", "\"probeId\" : \"client-host\"");
    }

    private static RecordMetadata produce(TestKafka kafka, String topic, HeaderObservation h) throws Exception {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<ConnectionKey, HeaderObservation> producer = new KafkaProducer<>(p,
                SynScopeSerdes.CONNECTION_KEY.serializer(), SynScopeSerdes.HEADER_OBSERVATION.serializer())) {
            return producer.send(new ProducerRecord<>(topic, CanonicalKeys.of(h), h)).get();
        }
    }

    private static List<ConsumerRecord<ConnectionKey, HeaderObservation>> consumeAll(TestKafka kafka, String topic,
                                                                                     int expected) {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniquePrefix("roundtrip-reader"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<ConnectionKey, HeaderObservation>> out = new ArrayList<>();
        try (KafkaConsumer<ConnectionKey, HeaderObservation> consumer = new KafkaConsumer<>(p,
                SynScopeSerdes.CONNECTION_KEY.deserializer(), SynScopeSerdes.HEADER_OBSERVATION.deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
