package dev.synscope.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
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
 * Whether a Kafka Streams application running elsewhere (other JVMs) has processed everything
 * written to its input so far: for every partition of the headers topic and of the application's
 * repartition topics, its committed offset has reached the end of the partition (ignoring
 * transaction markers after the last record, which a read_committed look past the committed
 * offset recognises). The same rule as {@code StreamsApp#awaitProcessed}, from the outside.
 */
final class GroupProgress {

    private GroupProgress() {
    }

    /** Waits until caught up; fails with the lagging partitions when {@code timeout} passes. */
    static void awaitCaughtUp(Map<String, Object> client, String applicationId, String headersTopic,
                              Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lagging = List.of();
        try (Admin admin = Admin.create(client); KafkaConsumer<byte[], byte[]> peek = peekConsumer(client)) {
            while (System.nanoTime() < deadline) {
                List<String> topics = new ArrayList<>(List.of(headersTopic));
                String prefix = applicationId + "-";
                admin.listTopics().names().get().stream()
                        .filter(t -> t.startsWith(prefix) && t.endsWith("-repartition")).forEach(topics::add);
                lagging = lagging(admin, peek, applicationId, topics);
                if (lagging.isEmpty()) {
                    return;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read offsets: " + e.getMessage(), e);
        }
        throw new AssertionError(applicationId + " has not processed its input within " + timeout + "; lagging: "
                + lagging);
    }

    private static List<String> lagging(Admin admin, KafkaConsumer<byte[], byte[]> peek, String group,
                                        Collection<String> topics) throws ExecutionException, InterruptedException {
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        descriptions.values().forEach(d -> d.partitions().forEach(
                p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        List<String> out = new ArrayList<>();
        for (var end : ends.entrySet()) {
            long endOffset = end.getValue().offset();
            OffsetAndMetadata c = committed.get(end.getKey());
            long done = c == null ? 0 : c.offset();
            if (done < endOffset && !onlyMarkersBetween(peek, end.getKey(), done, endOffset)) {
                out.add(end.getKey() + " at " + done + " of " + endOffset);
            }
        }
        return out;
    }

    private static boolean onlyMarkersBetween(KafkaConsumer<byte[], byte[]> peek, TopicPartition tp, long from,
                                              long end) {
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

    private static KafkaConsumer<byte[], byte[]> peekConsumer(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
