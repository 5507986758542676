package dev.synscope.streams;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.testing.kafka.TestKafka;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends observations to a headers topic as a probe does: packets keyed by tuple; control records to every partition. */
final class ProbeLikeProducer {

    private ProbeLikeProducer() {
    }

    static void produce(TestKafka kafka, String topic, int partitions, List<HeaderObservation> records) {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (HeaderObservation h : records) {
                byte[] value = SynScopeSerdes.HEADER_OBSERVATION.serialize(null, h);
                // Kafka timestamp = now: a 2023 timestamp would be deleted at once by the 7-day retention.ms
                long ts = System.currentTimeMillis();
                if (h.getKind() == ObservationKind.HEARTBEAT || h.getKind() == ObservationKind.END_OF_CAPTURE) {
                    for (int partition = 0; partition < partitions; partition++) {
                        producer.send(new ProducerRecord<>(topic, partition, ts, null, value));
                    }
                } else {
                    byte[] key = SynScopeSerdes.CONNECTION_KEY.serialize(null, CanonicalKeys.of(h));
                    producer.send(new ProducerRecord<>(topic, null, ts, key, value));
                }
            }
            producer.flush();
        }
    }
}
