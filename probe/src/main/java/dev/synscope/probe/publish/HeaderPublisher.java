package dev.synscope.probe.publish;

import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.schema.ProbeStats;
import dev.synscope.schema.serde.SynScopeSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one vantage point's observations: the capture thread calls {@link #publish},
 * {@link #heartbeat} and {@link #stats}; a sender thread moves the records to Kafka. Owns the
 * bounded {@link SendBuffer}, the drop accounting and the producer.
 *
 * <p>Accounting invariant, exact at any quiet moment: every header offered is acknowledged, failed
 * (send error), dropped from the full buffer, or still pending —
 * {@code offered = acked + sendErrors + drops.packets + pending}.
 */
public final class HeaderPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderPublisher.class);
    /** Records per hand-over to the sender: big enough to amortise the queue, small enough for latency. */
    static final int CHUNK_RECORDS = 512;

    private final PublishSettings settings;
    private final HeaderRecordEncoder encoder;
    private final byte[] heartbeatKey = HeaderRecordEncoder.heartbeatKey();
    private final byte[] statsKey;
    private final SendBuffer buffer;
    private final Producer<byte[], byte[]> producer;
    private final KafkaSender sender;
    private final Thread senderThread;

    private long offered;
    private long dropPackets;
    private long dropBytes;
    private long dropFirstMicros = -1;
    private long dropLastMicros = -1;
    /** Published copy of the drop counters for readers on other threads. */
    private volatile BufferDrops drops = BufferDrops.NONE;
    /** Bytes the producer sent to the brokers, kept when the producer closes. */
    private volatile long bytesSentAtClose = -1;

    public HeaderPublisher(PublishSettings settings, String probeId, String iface) {
        this(settings, probeId, iface, new KafkaProducer<>(ProducerSettings.producerProperties(settings.bootstrap(),
                "synscope-probe-" + probeId, settings.producerOverrides())));
    }

    HeaderPublisher(PublishSettings settings, String probeId, String iface, Producer<byte[], byte[]> producer) {
        this.settings = settings;
        this.encoder = new HeaderRecordEncoder(probeId, iface, settings.vlanInKey());
        this.statsKey = probeId.getBytes(StandardCharsets.UTF_8);
        this.buffer = new SendBuffer(settings.maxBufferBytes(), settings.maxBufferRecords(),
                settings.dropWhenFull() ? SendBuffer.WhenFull.DROP : SendBuffer.WhenFull.BLOCK, CHUNK_RECORDS);
        this.producer = producer;
        this.sender = new KafkaSender(producer, buffer, settings.headersTopic(), settings.statsTopic());
        this.senderThread = new Thread(sender, "synscope-probe-sender-" + probeId);
        this.senderThread.setDaemon(true);
        this.senderThread.start();
    }

    /**
     * Publishes one decoded header (capture thread). With back-pressure this may block; with
     * dropping it never does.
     *
     * @return false if the header was dropped (and counted) because the buffer was full
     */
    public boolean publish(DecodedHeader h) throws InterruptedException {
        offered++;
        if (buffer.add(encoder.key(h), encoder.value(h), h.tsMicros)) {
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
     * Queues a heartbeat stamped {@code tsMicros} for every partition of the headers topic, in order
     * with the headers before it (capture thread).
     */
    public boolean heartbeat(long tsMicros) {
        return buffer.addControl(OutboundChunk.Kind.HEARTBEAT, heartbeatKey, encoder.heartbeatValue(tsMicros),
                tsMicros);
    }

    /** Queues a stats record keyed by probe id (capture thread). */
    public boolean stats(ProbeStats stats) {
        return buffer.addControl(OutboundChunk.Kind.STATS, statsKey,
                SynScopeSerdes.PROBE_STATS.serialize(settings.statsTopic(), stats), stats.getTsMicros());
    }

    /** Hands buffered records to the sender now (capture thread, when the source is quiet). */
    public void flush() {
        buffer.flush();
    }

    /**
     * Flushes, waits until the sender has handed everything to the producer and the producer has
     * every acknowledgement (or error), up to {@code timeout}. Afterwards the counters are final
     * unless it returned false.
     */
    public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        buffer.flush();
        while (!buffer.isEmpty()) {
            if (System.nanoTime() > deadline || !senderThread.isAlive()) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        producer.flush();
        return true;
    }

    /** Headers offered to {@link #publish}. */
    public long offered() {
        return offered;
    }

    public long acknowledged() {
        return sender.headersAcked();
    }

    public long sendErrors() {
        return sender.headerErrors();
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
        return sender.heartbeatsSent();
    }

    public long controlErrors() {
        return sender.controlErrors();
    }

    /**
     * Bytes the producer has sent to Kafka so far (requests on the wire, after compression; the
     * producer's {@code outgoing-byte-total}); still answers after {@link #close}.
     */
    public long bytesSent() {
        if (bytesSentAtClose >= 0) {
            return bytesSentAtClose;
        }
        double total = 0;
        for (var e : producer.metrics().entrySet()) {
            if ("outgoing-byte-total".equals(e.getKey().name()) && "producer-metrics".equals(e.getKey().group())) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return (long) total;
    }

    /**
     * Stops: waits up to {@code timeout} for everything queued to be acknowledged, then gives up on
     * the rest (each header left counted as a send error) and closes the producer.
     */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            buffer.flush();
            sender.drain();
            senderThread.join(Math.max(1, timeout.toMillis()));
            // after awaitDelivered this is final (a last stats record may still be in flight)
            bytesSentAtClose = bytesSent();
            if (senderThread.isAlive()) {
                LOG.warn("Kafka did not take {} pending records within {}; counting them as send errors",
                        buffer.pendingRecords(), timeout);
                sender.abandon();
                buffer.close();
                // close() fails a send blocked on metadata, so the sender can finish counting
                producer.close(Duration.ZERO);
                senderThread.join(10_000);
            } else {
                buffer.close();
                producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.close(Duration.ZERO);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
