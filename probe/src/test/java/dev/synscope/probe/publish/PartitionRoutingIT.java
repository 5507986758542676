package dev.synscope.probe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.probe.testing.TopicReader;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.InterruptException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several sender threads against a real broker: records are routed by partition on the capture
 * thread, so per-partition order (headers and heartbeats) is the order they were published in, a
 * connection's two directions share a partition (the one Kafka's own default partitioner picks),
 * and every header is accounted for exactly — including those published before the first sender
 * knew the partition count, which reach Kafka through sender 0 ahead of the routing barrier.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PartitionRoutingIT {

    private static final int PARTITIONS = 6;
    private static final int SENDERS = 3;
    private static final int CONNECTIONS = 500;
    private static final long BASE_MICROS = 1_700_000_000_000_000L;

    @Test
    void routedSendersKeepPartitionOrderAndAccountForEveryHeader(TestKafka kafka) throws Exception {
        String headers = kafka.uniqueTopic("routed-headers");
        String stats = kafka.uniqueTopic("routed-stats");
        kafka.createTopic(headers, PARTITIONS, Map.of());
        kafka.createTopic(stats, 1, Map.of());
        PublishSettings settings = PublishSettings.defaults(kafka.bootstrapServers(), false)
                .withTopics(headers, stats).withBuffer(64 << 20, 5_000).withSenderThreads(SENDERS);
        // sender 0 learns the partition count only when the test lets it, so the first records
        // are certainly published before routing starts
        CountDownLatch metadataGate = new CountDownLatch(1);
        HeaderPublisher publisher = new HeaderPublisher(settings, "routing", "eth0",
                sender -> gatedProducer(settings, sender, metadataGate));
        assertThat(publisher.senderThreads()).isEqualTo(SENDERS);

        DecodedHeader h = HeaderPublisherOutageTest.header();
        long sequence = 0;
        long published = 0;
        int heartbeats = 0;
        for (; sequence < 3_000; sequence++) {
            publishPacket(publisher, h, sequence);
            published++;
        }
        assertThat(publisher.heartbeat(BASE_MICROS + sequence++)).isTrue();
        heartbeats++;
        assertThat(publisher.unroutedHeaders()).as("all queued before routing").isEqualTo(published);
        metadataGate.countDown();
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 1_000; i++, sequence++) {
                publishPacket(publisher, h, sequence);
                published++;
            }
            assertThat(publisher.heartbeat(BASE_MICROS + sequence++)).isTrue();
            heartbeats++;
        }
        assertThat(publisher.awaitDelivered(Duration.ofSeconds(60))).isTrue();
        assertThat(publisher.unroutedHeaders()).as("routing started").isLessThan(published);
        publisher.close(Duration.ofSeconds(30));

        assertThat(publisher.offered()).isEqualTo(published);
        assertThat(publisher.acknowledged()).isEqualTo(published);
        assertThat(publisher.sendErrors()).isZero();
        assertThat(publisher.drops().packets()).isZero();
        assertThat(publisher.controlErrors()).isZero();
        assertThat(publisher.heartbeatsSent()).isEqualTo(heartbeats);

        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), headers);
        assertThat(records).hasSize((int) published + heartbeats * PARTITIONS);
        Map<ByteBuffer, Integer> partitionOfKey = new HashMap<>();
        Map<ByteBuffer, Set<Integer>> directionsOfKey = new HashMap<>();
        Map<Integer, Integer> heartbeatsPerPartition = new HashMap<>();
        for (List<ConsumerRecord<byte[], byte[]>> partition : TopicReader.byPartition(records).values()) {
            long previous = Long.MIN_VALUE;
            for (ConsumerRecord<byte[], byte[]> r : partition) {
                HeaderObservation value = SynScopeSerdes.HEADER_OBSERVATION.deserialize(headers, r.value());
                // every record carries its publication sequence number in its capture time
                assertThat(value.getTsMicros()).as("capture order in partition %d", r.partition())
                        .isGreaterThan(previous);
                previous = value.getTsMicros();
                if (value.getKind() == ObservationKind.HEARTBEAT) {
                    heartbeatsPerPartition.merge(r.partition(), 1, Integer::sum);
                    continue;
                }
                ByteBuffer key = ByteBuffer.wrap(r.key());
                Integer earlier = partitionOfKey.putIfAbsent(key, r.partition());
                assertThat(earlier == null || earlier == r.partition()).as("one partition per connection").isTrue();
                directionsOfKey.computeIfAbsent(key, k -> new HashSet<>()).add(value.getSrcPort());
            }
        }
        int heartbeatRounds = heartbeats;
        assertThat(heartbeatsPerPartition).hasSize(PARTITIONS)
                .allSatisfy((p, n) -> assertThat(n).as("heartbeats on partition %d", p).isEqualTo(heartbeatRounds));
        assertThat(partitionOfKey).hasSize(CONNECTIONS);
        assertThat(directionsOfKey.values()).allSatisfy(d -> assertThat(d).as("both directions").hasSize(2));
        assertThat(new HashSet<>(partitionOfKey.values())).as("all partitions used").hasSize(PARTITIONS);

        // the partition of each connection is the one Kafka's default partitioner gives its key
        String reference = kafka.uniqueTopic("routed-reference");
        kafka.createTopic(reference, PARTITIONS, Map.of());
        try (Producer<byte[], byte[]> plain = new KafkaProducer<>(ProducerSettings.producerProperties(
                kafka.bootstrapServers(), "routing-reference", Map.of()))) {
            Map<ByteBuffer, Future<RecordMetadata>> chosen = new HashMap<>();
            for (ByteBuffer key : partitionOfKey.keySet()) {
                chosen.put(key, plain.send(new ProducerRecord<>(reference, key.array(), new byte[0])));
            }
            for (var e : chosen.entrySet()) {
                assertThat(partitionOfKey.get(e.getKey()))
                        .isEqualTo(e.getValue().get(30, TimeUnit.SECONDS).partition());
            }
        }
    }

    /**
     * One packet of connection {@code sequence % CONNECTIONS}, alternating direction, stamped
     * with its sequence number.
     */
    private static void publishPacket(HeaderPublisher publisher, DecodedHeader h, long sequence)
            throws InterruptedException {
        int connection = (int) (sequence % CONNECTIONS);
        boolean reply = (sequence / CONNECTIONS) % 2 == 1;
        byte[] client = {(byte) 192, 0, 2, (byte) (connection % 250 + 1)};
        byte[] server = {(byte) 198, 51, 100, (byte) (connection / 250 + 1)};
        int clientPort = 40_000 + connection;
        System.arraycopy(reply ? server : client, 0, h.srcAddr, 0, 4);
        System.arraycopy(reply ? client : server, 0, h.dstAddr, 0, 4);
        h.srcPort = reply ? 443 : clientPort;
        h.dstPort = reply ? clientPort : 443;
        h.tsMicros = BASE_MICROS + sequence;
        h.seq = sequence;
        assertThat(publisher.publish(h)).isTrue();
    }

    private static Producer<byte[], byte[]> gatedProducer(PublishSettings settings, int sender, CountDownLatch gate) {
        return new KafkaProducer<>(ProducerSettings.producerProperties(settings.bootstrap(),
                "routing-it-" + sender, settings.producerOverrides())) {
            @Override
            public List<PartitionInfo> partitionsFor(String topic) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptException(e);
                }
                return new ArrayList<>(super.partitionsFor(topic));
            }
        };
    }
}
