package dev.synscope.probe.publish;

import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.schema.ProbeStats;
import dev.synscope.schema.serde.HeaderRecordEncoder;
import dev.synscope.schema.serde.SynScopeSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one vantage point's observations: the capture thread calls {@link #publish},
 * {@link #heartbeat} and {@link #stats}; sender threads, each with its own Kafka producer, move the
 * records to Kafka. Owns the bounded {@link SendBuffer}, the drop accounting and the producers.
 *
 * <p>Routing ({@link PartitionRouter}): the capture thread computes each header's partition (Kafka's
 * default partitioner on the key bytes) and queues it for the sender that owns that partition, so
 * each partition's records go through one producer in capture order. Until sender 0 has learned
 * the partition count (first metadata from Kafka) everything goes to sender 0; the first record
 * after that is preceded by a barrier in sender 0's queue, and the other senders start only once
 * sender 0's producer has completed everything before it.
 *
 * <p>Accounting invariant, exact at any quiet moment: every header offered is acknowledged, failed
 * (send error), dropped from the full buffer, or still pending —
 * {@code offered = acked + sendErrors + drops.packets + pending}.
 */
public final class HeaderPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderPublisher.class);
    /** Records per hand-over to a sender: big enough to amortise the queue, small enough for latency. */
    static final int CHUNK_RECORDS = 512;

    private final PublishSettings settings;
    private final HeaderRecordEncoder encoder;
    private final byte[] heartbeatKey = HeaderRecordEncoder.heartbeatKey();
    private final byte[] statsKey;
    private final SendBuffer buffer;
    private final PartitionRouter router;
    private final List<KafkaSender> senders = new ArrayList<>();
    private final List<Thread> senderThreads = new ArrayList<>();

    private long offered;
    private long dropPackets;
    private long dropBytes;
    private long dropFirstMicros = -1;
    private long dropLastMicros = -1;
    /** The partition count as the capture thread uses it: 0 until routing started. */
    private int partitions;
    /** Headers queued to sender 0 before routing started (capture thread). */
    private long unroutedHeaders;
    /** Published copy of the drop counters for readers on other threads. */
    private volatile BufferDrops drops = BufferDrops.NONE;
    /** Bytes the producers sent to the brokers, kept when they close. */
    private volatile long bytesSentAtClose = -1;

    public HeaderPublisher(PublishSettings settings, String probeId, String iface) {
        this(settings, probeId, iface, sender -> new KafkaProducer<>(ProducerSettings.producerProperties(
                settings.bootstrap(), "synscope-probe-" + probeId + (sender == 0 ? "" : "-" + sender),
                settings.producerOverrides(), senderCount(settings))));
    }

    /** With {@code producers} making sender {@code i}'s producer. */
    HeaderPublisher(PublishSettings settings, String probeId, String iface,
                    IntFunction<Producer<byte[], byte[]>> producers) {
        this.settings = settings;
        this.encoder = new HeaderRecordEncoder(probeId, iface, settings.vlanInKey());
        this.statsKey = probeId.getBytes(StandardCharsets.UTF_8);
        boolean customPartitioner = hasCustomPartitioner(settings);
        if (customPartitioner && settings.senderThreads() > 1) {
            LOG.warn("{} is set: one sender thread, so the configured partitioner decides",
                    ProducerConfig.PARTITIONER_CLASS_CONFIG);
        }
        this.router = new PartitionRouter(settings.senderThreads(), !customPartitioner);
        this.buffer = new SendBuffer(settings.maxBufferBytes(), settings.maxBufferRecords(),
                settings.dropWhenFull() ? SendBuffer.WhenFull.DROP : SendBuffer.WhenFull.BLOCK, CHUNK_RECORDS,
                router.senders());
        CountDownLatch routingStarted = new CountDownLatch(1);
        try {
            for (int i = 0; i < router.senders(); i++) {
                senders.add(new KafkaSender(i, producers.apply(i), buffer, router, routingStarted,
                        settings.headersTopic(), settings.statsTopic()));
            }
        } catch (RuntimeException e) {
            senders.forEach(s -> s.producer().close(Duration.ZERO));
            throw e;
        }
        for (KafkaSender sender : senders) {
            Thread thread = new Thread(sender, "synscope-probe-sender-" + probeId + "-" + senderThreads.size());
            thread.setDaemon(true);
            senderThreads.add(thread);
        }
        senderThreads.forEach(Thread::start);
    }

    private static boolean hasCustomPartitioner(PublishSettings settings) {
        return settings.producerOverrides().containsKey(ProducerConfig.PARTITIONER_CLASS_CONFIG);
    }

    /** Sender threads (producers) a publisher with these settings runs. */
    private static int senderCount(PublishSettings settings) {
        return hasCustomPartitioner(settings) ? 1 : settings.senderThreads();
    }

    /**
     * Publishes one decoded header (capture thread). With back-pressure this may block; with
     * dropping it never does.
     *
     * @return false if the header was dropped (and counted) because the buffer was full
     */
    public boolean publish(DecodedHeader h) throws InterruptedException {
        offered++;
        byte[] key = encoder.key(h);
        int partitionCount = routedPartitions();
        int partition = partitionCount > 0
                ? PartitionRouter.partitionOf(key, partitionCount) : PartitionRouter.UNASSIGNED;
        int sender = partitionCount > 0 ? router.senderOf(partition) : 0;
        if (partitionCount == 0) {
            unroutedHeaders++;
        }
        if (buffer.add(sender, partition, key, encoder.value(h), h.tsMicros)) {
            return true;
        }
        dropPackets++;
        dropBytes += h.ipLength;
        if (dropFirstMicros < 0) {
            dropFirstMicros = h.tsMicros;
        }
        dropLastMicros = h.tsMicros;
        drops = new BufferDrops(dropPackets, dropBytes, dropFirstMicros, dropLastMicros);
        return false;
    }

    /**
     * The partition count once routing has started, else 0 (capture thread). Starts routing the
     * first time sender 0 has learned the count: queues the barrier in sender 0's queue first.
     */
    private int routedPartitions() {
        if (partitions == 0) {
            int learned = router.partitions();
            if (learned == 0) {
                return 0;
            }
            if (router.senders() > 1) {
                buffer.addBarrier(0);
            }
            partitions = learned;
        }
        return partitions;
    }

    /**
     * Queues a heartbeat stamped {@code tsMicros} for every partition of the headers topic, in order
     * with the headers before it (capture thread).
     */
    public boolean heartbeat(long tsMicros) {
        byte[] value = encoder.heartbeatValue(tsMicros);
        if (routedPartitions() == 0) {
            return buffer.addControl(0, OutboundChunk.Kind.HEARTBEAT, OutboundChunk.ALL_PARTITIONS, heartbeatKey,
                    value, tsMicros);
        }
        boolean all = true;
        for (int i = 0; i < router.senders(); i++) {
            all &= buffer.addControl(i, OutboundChunk.Kind.HEARTBEAT, OutboundChunk.OWN_PARTITIONS, heartbeatKey,
                    value, tsMicros);
        }
        return all;
    }

    /** Queues a stats record keyed by probe id (capture thread). */
    public boolean stats(ProbeStats stats) {
        return buffer.addControl(0, OutboundChunk.Kind.STATS, PartitionRouter.UNASSIGNED, statsKey,
                SynScopeSerdes.PROBE_STATS.serialize(settings.statsTopic(), stats), stats.getTsMicros());
    }

    /** Hands buffered records to the senders now (capture thread, when the source is quiet). */
    public void flush() {
        buffer.flush();
    }

    /**
     * Flushes, waits until the senders have handed everything to the producers and the producers
     * have every acknowledgement (or error), up to {@code timeout}. Afterwards the counters are final
     * unless it returned false.
     */
    public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        buffer.flush();
        while (!buffer.isEmpty()) {
            if (System.nanoTime() > deadline || senderThreads.stream().anyMatch(t -> !t.isAlive())) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        for (KafkaSender sender : senders) {
            sender.producer().flush();
        }
        return true;
    }

    /** Headers queued before routing started, all through sender 0 (capture thread; tests). */
    long unroutedHeaders() {
        return unroutedHeaders;
    }

    /** Sender threads (and producers) in use: 1 when a custom partitioner is configured. */
    public int senderThreads() {
        return senders.size();
    }

    /** Headers offered to {@link #publish}. */
    public long offered() {
        return offered;
    }

    public long acknowledged() {
        long sum = 0;
        for (KafkaSender sender : senders) {
            sum += sender.headersAcked();
        }
        return sum;
    }

    public long sendErrors() {
        long sum = 0;
        for (KafkaSender sender : senders) {
            sum += sender.headerErrors();
        }
        return sum;
    }

    public BufferDrops drops() {
        return drops;
    }

    public long pendingRecords() {
        return buffer.pendingRecords();
    }

    /** Bytes (encoded records) waiting in the send buffer now; any thread. */
    public long pendingBytes() {
        return buffer.pendingBytes();
    }

    /** The send buffer's bound in header records. */
    public long bufferCapacityRecords() {
        return buffer.maxRecords();
    }

    /** The send buffer's bound in bytes. */
    public long bufferCapacityBytes() {
        return buffer.maxBytes();
    }

    /** Most header records that ever waited in the buffer at once (never above its bound). */
    public long bufferHighWater() {
        return buffer.highWaterRecords();
    }

    public long heartbeatsSent() {
        return senders.get(0).heartbeatsSent();
    }

    public long controlErrors() {
        long sum = 0;
        for (KafkaSender sender : senders) {
            sum += sender.controlErrors();
        }
        return sum;
    }

    /**
     * Bytes the producers have sent to Kafka so far (requests on the wire, after compression; the
     * producers' {@code outgoing-byte-total}); still answers after {@link #close}.
     */
    public long bytesSent() {
        if (bytesSentAtClose >= 0) {
            return bytesSentAtClose;
        }
        double total = 0;
        for (KafkaSender sender : senders) {
            for (var e : sender.producer().metrics().entrySet()) {
                if ("outgoing-byte-total".equals(e.getKey().name())
                        && "producer-metrics".equals(e.getKey().group())) {
                    total += ((Number) e.getValue().metricValue()).doubleValue();
                }
            }
        }
        return (long) total;
    }

    /**
     * Stops: waits up to {@code timeout} for everything queued to be acknowledged, then gives up on
     * the rest (each header left counted as a send error) and closes the producers.
     */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            buffer.flush();
            senders.forEach(KafkaSender::drain);
            for (Thread thread : senderThreads) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            // after awaitDelivered this is final (a last stats record may still be in flight)
            bytesSentAtClose = bytesSent();
            if (senderThreads.stream().anyMatch(Thread::isAlive)) {
                LOG.warn("Kafka did not take {} pending records within {}; counting them as send errors",
                        buffer.pendingRecords(), timeout);
                senders.forEach(KafkaSender::abandon);
                buffer.close();
                // close() fails a send blocked on metadata, so the senders can finish counting
                senders.forEach(s -> s.producer().close(Duration.ZERO));
                for (Thread thread : senderThreads) {
                    thread.join(10_000);
                }
            } else {
                buffer.close();
                for (KafkaSender sender : senders) {
                    sender.producer().close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.forEach(s -> s.producer().close(Duration.ZERO));
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
