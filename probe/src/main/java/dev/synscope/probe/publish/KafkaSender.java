package dev.synscope.probe.publish;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sender thread with its own Kafka producer: takes its chunks from the {@link SendBuffer} and
 * hands each record to the producer, blocking there when Kafka is slow (which is what fills the
 * bounded buffer). A send that times out waiting for metadata or producer memory is retried, so
 * nothing leaves the buffer unaccounted; only at a shutdown deadline are the rest given up and
 * counted as send errors. Heartbeat markers are expanded here into one record per partition this
 * sender owns ({@link PartitionRouter}).
 *
 * <p>Sender 0 also learns the headers topic's partition count for the router before it sends
 * anything, and ends the unrouted start at the {@link OutboundChunk.Kind#BARRIER}: the other senders
 * wait until everything sender 0 took before the barrier is acknowledged (or failed), so no record
 * of theirs can overtake an earlier record of the same partition.
 *
 * <p>Counters are per sender (no cache line shared between the producers' network threads);
 * {@link HeaderPublisher} sums them. One callback object per sender counts acknowledgements: no
 * allocation per record on our side.
 */
final class KafkaSender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);

    private final int index;
    private final Producer<byte[], byte[]> producer;
    private final SendBuffer buffer;
    private final PartitionRouter router;
    private final CountDownLatch routingStarted;
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

    /**
     * @param routingStarted released by sender 0 at the barrier; the other senders wait for it
     */
    KafkaSender(int index, Producer<byte[], byte[]> producer, SendBuffer buffer, PartitionRouter router,
                CountDownLatch routingStarted, String headersTopic, String statsTopic) {
        this.index = index;
        this.producer = producer;
        this.buffer = buffer;
        this.router = router;
        this.routingStarted = routingStarted;
        this.headersTopic = headersTopic;
        this.statsTopic = statsTopic;
    }

    @Override
    public void run() {
        try {
            if (index == 0) {
                learnPartitions();
            } else if (!awaitRouting()) {
                return;
            }
            while (true) {
                OutboundChunk chunk = buffer.take(index, 50);
                if (chunk == null) {
                    if (draining && buffer.nothingReadyFor(index)) {
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
        } finally {
            if (index == 0) {
                // never leave the other senders waiting for a barrier that will not come
                routingStarted.countDown();
            }
        }
    }

    /** Sender 0: the headers topic's partition count, retried while Kafka is unreachable. */
    private void learnPartitions() throws InterruptedException {
        if (!router.enabled()) {
            return;
        }
        while (!abandon) {
            try {
                router.learn(producer.partitionsFor(headersTopic).size());
                return;
            } catch (TimeoutException e) {
                noteError(e);
                LOG.debug("no metadata for {} yet: {}", headersTopic, e.getMessage());
            } catch (KafkaException | IllegalStateException e) {
                noteError(e);
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /** Senders 1..n-1: wait for sender 0's barrier; false when shut down with nothing to send. */
    private boolean awaitRouting() throws InterruptedException {
        while (!routingStarted.await(50, TimeUnit.MILLISECONDS)) {
            if (abandon) {
                return true; // go on only to count what is queued as failed
            }
            if (draining && buffer.nothingReadyFor(index)) {
                return false;
            }
        }
        return true;
    }

    private void send(OutboundChunk chunk, int i) throws InterruptedException {
        OutboundChunk.Kind kind = chunk.kinds[i];
        if (kind == OutboundChunk.Kind.BARRIER) {
            passBarrier();
            return;
        }
        long tsMillis = Math.floorDiv(chunk.timestampsMicros[i], 1000L);
        while (true) {
            if (abandon) {
                countFailed(kind);
                return;
            }
            try {
                switch (kind) {
                    case HEADER -> producer.send(new ProducerRecord<>(headersTopic, partitionOf(chunk, i), tsMillis,
                            chunk.keys[i], chunk.values[i]), headerCallback);
                    case STATS -> producer.send(new ProducerRecord<>(statsTopic, null, System.currentTimeMillis(),
                            chunk.keys[i], chunk.values[i]), controlCallback);
                    case HEARTBEAT -> sendHeartbeat(chunk.partitions[i], chunk.keys[i], chunk.values[i], tsMillis);
                    default -> throw new IllegalStateException("unexpected " + kind);
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
                countFailed(kind);
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** The routed partition, or the router's choice for a header queued before routing started. */
    private Integer partitionOf(OutboundChunk chunk, int i) {
        int partition = chunk.partitions[i];
        if (partition >= 0) {
            return partition;
        }
        int partitions = router.partitions();
        return partitions > 0 ? PartitionRouter.partitionOf(chunk.keys[i], partitions) : null;
    }

    /**
     * Sender 0 at the end of the unrouted start: everything before this point is acknowledged or
     * failed before the other senders may send a record to the same partitions.
     */
    private void passBarrier() {
        try {
            if (!abandon) {
                producer.flush();
            }
        } catch (KafkaException | IllegalStateException e) {
            noteError(e);
        } finally {
            routingStarted.countDown();
        }
    }

    private void sendHeartbeat(int fanOut, byte[] key, byte[] value, long tsMillis) {
        int partitions = router.partitions() > 0 ? router.partitions() : producer.partitionsFor(headersTopic).size();
        boolean own = fanOut == OutboundChunk.OWN_PARTITIONS;
        for (int p = own ? index : 0; p < partitions; p += own ? router.senders() : 1) {
            producer.send(new ProducerRecord<>(headersTopic, p, tsMillis, key, value), controlCallback);
        }
        if (index == 0) {
            heartbeatsSent.incrementAndGet(); // one round, counted once (sender 0 gets every round)
        }
    }

    private void countFailed(OutboundChunk.Kind kind) {
        if (kind == OutboundChunk.Kind.HEADER) {
            headerErrors.incrementAndGet();
        } else if (kind != OutboundChunk.Kind.BARRIER) {
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

    Producer<byte[], byte[]> producer() {
        return producer;
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

    /** Heartbeat rounds expanded into per-partition records (sender 0 counts them). */
    long heartbeatsSent() {
        return heartbeatsSent.get();
    }

    Exception lastError() {
        return lastError;
    }
}
