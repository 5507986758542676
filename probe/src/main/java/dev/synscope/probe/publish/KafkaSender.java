package dev.synscope.probe.publish;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender thread: takes chunks from the {@link SendBuffer} and hands each record to the Kafka
 * producer, blocking there when Kafka is slow (which is what fills the bounded buffer). A send that
 * times out waiting for metadata or producer memory is retried, so nothing leaves the buffer
 * unaccounted; only at a shutdown deadline are the rest given up and counted as send errors.
 * Heartbeat markers are expanded here into one record per partition of the headers topic.
 */
final class KafkaSender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);

    private final Producer<byte[], byte[]> producer;
    private final SendBuffer buffer;
    private final String headersTopic;
    private final String statsTopic;

    private final AtomicLong headersAcked = new AtomicLong();
    private final AtomicLong headerErrors = new AtomicLong();
    private final AtomicLong controlAcked = new AtomicLong();
    private final AtomicLong controlErrors = new AtomicLong();
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private volatile Exception lastError;
    private volatile boolean draining;
    /** Set when the shutdown deadline passed: the rest is counted, not sent. */
    private volatile boolean abandon;

    private final Callback headerCallback = (RecordMetadata metadata, Exception e) -> {
        if (e == null) {
            headersAcked.incrementAndGet();
        } else {
            headerErrors.incrementAndGet();
            noteError(e);
        }
    };
    private final Callback controlCallback = (RecordMetadata metadata, Exception e) -> {
        if (e == null) {
            controlAcked.incrementAndGet();
        } else {
            controlErrors.incrementAndGet();
            noteError(e);
        }
    };

    KafkaSender(Producer<byte[], byte[]> producer, SendBuffer buffer, String headersTopic, String statsTopic) {
        this.producer = producer;
        this.buffer = buffer;
        this.headersTopic = headersTopic;
        this.statsTopic = statsTopic;
    }

    @Override
    public void run() {
        try {
            while (true) {
                OutboundChunk chunk = buffer.take(50);
                if (chunk == null) {
                    if (draining && buffer.isEmpty()) {
                        return;
                    }
                    continue;
                }
                for (int i = 0; i < chunk.count; i++) {
                    send(chunk, i);
                }
                buffer.release(chunk);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(OutboundChunk chunk, int i) throws InterruptedException {
        long tsMillis = Math.floorDiv(chunk.timestampsMicros[i], 1000L);
        while (true) {
            if (abandon) {
                countFailed(chunk.kinds[i]);
                return;
            }
            try {
                switch (chunk.kinds[i]) {
                    case HEADER -> producer.send(new ProducerRecord<>(headersTopic, null, tsMillis, chunk.keys[i],
                            chunk.values[i]), headerCallback);
                    case STATS -> producer.send(new ProducerRecord<>(statsTopic, null, System.currentTimeMillis(),
                            chunk.keys[i], chunk.values[i]), controlCallback);
                    case HEARTBEAT -> sendHeartbeat(chunk.keys[i], chunk.values[i], tsMillis);
                }
                return;
            } catch (TimeoutException e) {
                // no metadata or no producer memory within max.block.ms: Kafka is down or slow; keep
                // this record and try again (the bounded buffer in front of us does the dropping)
                noteError(e);
                LOG.debug("Kafka not accepting records yet: {}", e.getMessage());
            } catch (KafkaException | IllegalStateException e) {
                // producer closed under us (shutdown deadline) or a fatal producer error
                noteError(e);
                countFailed(chunk.kinds[i]);
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void sendHeartbeat(byte[] key, byte[] value, long tsMillis) {
        List<PartitionInfo> partitions = producer.partitionsFor(headersTopic);
        for (PartitionInfo partition : partitions) {
            producer.send(new ProducerRecord<>(headersTopic, partition.partition(), tsMillis, key, value),
                    controlCallback);
        }
        heartbeatsSent.incrementAndGet();
    }

    private void countFailed(OutboundChunk.Kind kind) {
        if (kind == OutboundChunk.Kind.HEADER) {
            headerErrors.incrementAndGet();
        } else {
            controlErrors.incrementAndGet();
        }
    }

    private void noteError(Exception e) {
        Exception previous = lastError;
        lastError = e;
        if (previous == null || !previous.getClass().equals(e.getClass())) {
            LOG.warn("Kafka send problem: {}", e.toString());
        }
    }

    /** Ends the loop once everything queued has been handed to the producer. */
    void drain() {
        draining = true;
    }

    /** Gives up on whatever is still queued: each header left is counted as a send error. */
    void abandon() {
        abandon = true;
        draining = true;
    }

    long headersAcked() {
        return headersAcked.get();
    }

    long headerErrors() {
        return headerErrors.get();
    }

    long controlAcked() {
        return controlAcked.get();
    }

    long controlErrors() {
        return controlErrors.get();
    }

    /** Heartbeat markers expanded into per-partition records. */
    long heartbeatsSent() {
        return heartbeatsSent.get();
    }

    Exception lastError() {
        return lastError;
    }
}
