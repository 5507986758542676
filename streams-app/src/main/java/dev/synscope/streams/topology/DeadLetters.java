package dev.synscope.streams.topology;

import dev.synscope.schema.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Dead letters of the topology's steps: where the record came from (topic/partition/offset), why, and its bytes. */
final class DeadLetters {

    private DeadLetters() {
    }

    /** A dead letter for the record {@code context} is processing; {@code key}/{@code value} as read (may be null). */
    static TrackerOutput.Dead of(ProcessorContext<?, ?> context, byte[] key, byte[] value, long timestampMillis,
                                 String reason) {
        return new TrackerOutput.Dead(key, letter(context, key, value, timestampMillis, reason));
    }

    static DeadLetter letter(ProcessorContext<?, ?> context, byte[] key, byte[] value, long timestampMillis,
                             String reason) {
        RecordMetadata m = context.recordMetadata().orElse(null);
        return DeadLetter.newBuilder()
                .setTopic(m == null ? "?" : m.topic())
                .setPartition(m == null ? -1 : m.partition())
                .setOffset(m == null ? -1 : m.offset())
                .setReason(reason)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setTsMicros(timestampMillis * 1_000L)
                .build();
    }
}
