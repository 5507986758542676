package dev.synscope.streams.topology;

import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.DeadLetter;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.metrics.PipelineMetrics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw header records (the source reads bytes, so that a bad record is never an exception
 * in the consumer) and validates them: an undecodable or impossible record becomes a
 * {@link DeadLetter} with its topic/partition/offset and reason, is logged and counted, and
 * processing goes on. Doing it here rather than in a DeserializationExceptionHandler keeps the
 * dead letter in the same exactly-once transaction as the rest of the task's output.
 */
public final class HeaderDecodeProcessor implements Processor<byte[], byte[], ConnectionKey, DecodedHeader> {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderDecodeProcessor.class);

    /** Dead letters logged one by one per task, then one in {@link #LOG_EVERY}. */
    private static final long LOGGED_IN_FULL = 10;
    private static final long LOG_EVERY = 10_000;

    private final long maxSkewMicros;
    private final long maxAheadMicros;
    private ProcessorContext<ConnectionKey, DecodedHeader> context;
    private PipelineMetrics metrics;
    private long rejected;

    public HeaderDecodeProcessor(long maxSkewMicros, long maxAheadMicros) {
        this.maxSkewMicros = maxSkewMicros;
        this.maxAheadMicros = maxAheadMicros;
    }

    @Override
    public void init(ProcessorContext<ConnectionKey, DecodedHeader> context) {
        this.context = context;
        this.metrics = PipelineMetrics.of(context);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.processed();
        HeaderObservation h;
        try {
            h = SynScopeSerdes.HEADER_OBSERVATION.deserialize(topic(), record.value());
        } catch (SerializationException e) {
            reject(record, "undecodable HeaderObservation: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            // e.g. Avro's SystemLimitException for an absurd array or bytes length: never a thread's death
            reject(record, "undecodable HeaderObservation: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        if (h == null) {
            reject(record, "undecodable HeaderObservation: null value");
            return;
        }
        ConnectionKey key = null;
        boolean packet = h.getKind() == ObservationKind.TCP || h.getKind() == ObservationKind.ICMP_ERROR;
        if (packet && record.key() != null) {
            try {
                key = SynScopeSerdes.CONNECTION_KEY.deserialize(topic(), record.key());
            } catch (RuntimeException e) {
                reject(record, "undecodable ConnectionKey: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                return;
            }
        }
        String problem = HeaderValidation.problem(key, h, context.currentStreamTimeMs(),
                context.currentSystemTimeMs(), maxSkewMicros, maxAheadMicros);
        if (problem != null) {
            reject(record, problem);
            return;
        }
        context.forward(new Record<>(key, new DecodedHeader.Accepted(h), record.timestamp()));
    }

    private void reject(Record<byte[], byte[]> record, String reason) {
        rejected++;
        metrics.deadLettered(reason);
        DeadLetter dl = DeadLetters.letter(context, record.key(), record.value(), record.timestamp(), reason);
        if (rejected <= LOGGED_IN_FULL || rejected % LOG_EVERY == 0) {
            // a hostile or broken probe can send millions: the log gets a sample, the metric and the DLQ get all
            LOG.warn("dead letter #{} of this task from {}-{} offset {}: {}{}", rejected, dl.getTopic(),
                    dl.getPartition(), dl.getOffset(), reason, rejected == LOGGED_IN_FULL
                            ? " (further dead letters are logged one in " + LOG_EVERY + "; all are in the DLQ and "
                            + "synscope_dlq_records_total)" : "");
        }
        // wall-clock timestamp, like every output: see ConnectionTrackingProcessor#emit
        context.forward(new Record<>(null, new DecodedHeader.Rejected(dl, record.key()),
                context.currentSystemTimeMs()));
    }

    /** Records sent to the DLQ by this processor instance. */
    public long rejected() {
        return rejected;
    }

    private String topic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse(null);
    }
}
