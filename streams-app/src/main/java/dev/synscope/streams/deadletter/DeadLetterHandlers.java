package dev.synscope.streams.deadletter;

import dev.synscope.schema.DeadLetter;
import dev.synscope.schema.serde.SynScopeSerdes;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' own exception handlers, the last line behind the processors' guards: a record that
 * still makes a processor or a deserializer throw is written to the dead-letter topic in our
 * {@link DeadLetter} format (source topic/partition/offset, the exception as the reason, the raw
 * bytes; Streams writes it in the task's transaction, KIP-1034) and processing resumes. Nothing
 * reaches these today (the processors dead-letter their own failures; the corpus harness fails if one
 * is ever called); they exist so a future bug costs one record, not a thread. Streams counts each call
 * in its {@code dropped-records} metric. Configured by {@code StreamsAppConfig} with {@link #DLQ_TOPIC}.
 */
public final class DeadLetterHandlers {

    /** The dead-letter topic, passed to the handlers through the Streams config. */
    public static final String DLQ_TOPIC = "synscope.dlq.topic";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

    private DeadLetterHandlers() {
    }

    static ProducerRecord<byte[], byte[]> letter(String dlqTopic, ErrorHandlerContext context, String reason) {
        DeadLetter d = DeadLetter.newBuilder()
                .setTopic(context.topic() == null ? "?" : context.topic())
                .setPartition(context.partition())
                .setOffset(context.offset())
                .setReason(reason)
                .setKey(context.sourceRawKey() == null ? null : ByteBuffer.wrap(context.sourceRawKey()))
                .setValue(context.sourceRawValue() == null ? null : ByteBuffer.wrap(context.sourceRawValue()))
                .setTsMicros(context.timestamp() * 1_000L)
                .build();
        return new ProducerRecord<>(dlqTopic, null, System.currentTimeMillis(), context.sourceRawKey(),
                SynScopeSerdes.DEAD_LETTER.serialize(dlqTopic, d));
    }

    private static String topic(Map<String, ?> configs) {
        Object t = configs.get(DLQ_TOPIC);
        if (t == null) {
            throw new IllegalStateException(DLQ_TOPIC + " is not set: StreamsAppConfig sets it");
        }
        return t.toString();
    }

    /** A processor threw: dead-letter the source record, resume. */
    public static final class Processing implements ProcessingExceptionHandler {
        private String dlq;

        @Override
        public void configure(Map<String, ?> configs) {
            dlq = topic(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            LOG.error("record from {}-{} offset {} failed in {}; sent to the DLQ, processing goes on",
                    context.topic(), context.partition(), context.offset(), context.processorNodeId(), exception);
            return Response.resume(List.of(letter(dlq, context, "processing failed in " + context.processorNodeId()
                    + ": " + exception)));
        }
    }

    /** A record's bytes did not deserialize (our sources read bytes, so only if that ever changes). */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private String dlq;

        @Override
        public void configure(Map<String, ?> configs) {
            dlq = topic(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                    Exception exception) {
            LOG.warn("undeserializable record from {}-{} offset {}; sent to the DLQ: {}", context.topic(),
                    context.partition(), context.offset(), exception.toString());
            return Response.resume(List.of(letter(dlq, context, "undecodable: " + exception)));
        }
    }
}
