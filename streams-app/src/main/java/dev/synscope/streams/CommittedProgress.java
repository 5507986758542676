package dev.synscope.streams;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether a Kafka Streams application has processed everything written to some topics so far,
 * seen from outside its stream threads (this JVM or another): for every partition, the
 * application's committed offset has reached the end. Exactly-once writes a transaction marker
 * after the last record of a partition, which no commit ever moves past; a read_committed look
 * from the committed offset that finds no record before the end recognises that case.
 */
public final class CommittedProgress implements AutoCloseable {

    private final String applicationId;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> peek;

    /** {@code client}: the Kafka client settings (bootstrap servers, security) to read offsets with. */
    public CommittedProgress(Map<String, Object> client, String applicationId) {
        this.applicationId = applicationId;
        this.admin = Admin.create(client);
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.peek = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The application's internal repartition topics as they exist now. */
    public List<String> repartitionTopics() throws ExecutionException, InterruptedException {
        String prefix = applicationId + "-";
        return admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(prefix) && t.endsWith("-repartition")).toList();
    }

    /**
     * The partitions of {@code topics} the application has not caught up with, as
     * "topic-partition at committed of end"; empty when it has. Offsets are read now; the
     * partitions are checked lazily, so {@code findAny()} stops at the first lagging one.
     */
    public Stream<String> lagging(Collection<String> topics) throws ExecutionException, InterruptedException {
        if (topics.isEmpty()) {
            return Stream.empty();
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        descriptions.values().forEach(d -> d.partitions().forEach(
                p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get();
        return ends.entrySet().stream().flatMap(end -> {
            long endOffset = end.getValue().offset();
            OffsetAndMetadata c = committed.get(end.getKey());
            long done = c == null ? 0 : c.offset();
            return done < endOffset && !onlyMarkersBetween(end.getKey(), done, endOffset)
                    ? Stream.of(end.getKey() + " at " + done + " of " + endOffset) : Stream.empty();
        });
    }

    /** True when a read_committed read from {@code from} finds no record before {@code end}. */
    private boolean onlyMarkersBetween(TopicPartition tp, long from, long end) {
        peek.assign(List.of(tp));
        peek.seek(tp, from);
        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (System.nanoTime() < until) {
            if (!peek.poll(Duration.ofMillis(50)).records(tp).isEmpty()) {
                return false;
            }
            if (peek.position(tp) >= end) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        peek.close();
        admin.close();
    }
}
