package dev.synscope.probe.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The probe's only buffer between capture and Kafka, bounded in records and in bytes. The capture
 * thread adds serialized records, each to the queue of the sender thread that owns its partition
 * (one queue per sender, one bound for all); each sender thread takes whole chunks from its queue
 * and releases their space once its Kafka producer has accepted them (the producers' own
 * {@code buffer.memory} is a second, separate bound).
 *
 * <p>When the buffer is full a live capture must not stall the kernel ring, so {@link WhenFull#DROP}
 * refuses the record and the caller counts it; a file has no deadline, so {@link WhenFull#BLOCK}
 * waits for space (back-pressure). Control records (stats, heartbeats) may use a small reserve above
 * the bound so the accounting still gets out when headers are being dropped; when the reserve is
 * full they are skipped too (the next stats record is cumulative, the next heartbeat supersedes).
 */
final class SendBuffer {

    /** What {@link #add} does when the bound is reached. */
    enum WhenFull { DROP, BLOCK }

    /** Per-record bookkeeping that Kafka's record batch adds (offset delta, lengths, headers). */
    static final int RECORD_OVERHEAD = 24;

    private final long maxBytes;
    private final long maxRecords;
    private final long reserveRecords;
    private final WhenFull whenFull;
    private final int chunkSize;

    /*
     * Pending = added - released. "Added" has one writer, the capture thread, which publishes it
     * with a release store (no locked instruction per record); "released" is written by the
     * senders once per chunk. The capture thread keeps its own copies of what it added.
     */
    private final AtomicLong addedRecords = new AtomicLong();
    private final AtomicLong addedBytes = new AtomicLong();
    private final AtomicLong releasedRecords = new AtomicLong();
    private final AtomicLong releasedBytes = new AtomicLong();
    private long addedRecordsByCapture;
    private long addedBytesByCapture;
    private long highWaterByCapture;
    private final AtomicLong pendingControl = new AtomicLong();
    private final AtomicLong highWaterRecords = new AtomicLong();
    /** Per sender: chunks ready to send, in the order the capture thread filled them. */
    private final List<BlockingQueue<OutboundChunk>> ready;
    private final BlockingQueue<OutboundChunk> spare;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition spaceFreed = lock.newCondition();
    private volatile boolean closed;

    /** Per sender, the chunk being filled; owned by the capture thread. */
    private final OutboundChunk[] filling;

    SendBuffer(long maxBytes, long maxRecords, WhenFull whenFull, int chunkSize, int senders) {
        if (maxBytes < 1 || maxRecords < 1) {
            throw new IllegalArgumentException("the send buffer needs room for at least one record");
        }
        this.maxBytes = maxBytes;
        this.maxRecords = maxRecords;
        this.reserveRecords = Math.max(64, maxRecords / 100);
        this.whenFull = whenFull;
        this.chunkSize = chunkSize;
        // unbounded in chunks, bounded in what matters: every queued chunk holds counted records
        this.ready = new ArrayList<>(senders);
        this.filling = new OutboundChunk[senders];
        for (int i = 0; i < senders; i++) {
            ready.add(new LinkedBlockingQueue<>());
            filling[i] = new OutboundChunk(chunkSize);
        }
        this.spare = new LinkedBlockingQueue<>();
    }

    WhenFull whenFull() {
        return whenFull;
    }

    /**
     * Adds a header record for sender {@code sender}, partition {@code partition} (capture thread).
     *
     * @return false when the buffer is full and the policy is DROP, or the buffer is closed
     * @throws InterruptedException when a BLOCK wait is interrupted
     */
    boolean add(int sender, int partition, byte[] key, byte[] value, long tsMicros) throws InterruptedException {
        int size = key.length + value.length + RECORD_OVERHEAD;
        while (addedRecordsByCapture - releasedRecords.get() >= maxRecords
                || addedBytesByCapture - releasedBytes.get() + size > maxBytes) {
            if (closed || whenFull == WhenFull.DROP) {
                return false;
            }
            flush();
            awaitSpace();
        }
        if (closed) {
            return false;
        }
        long records = ++addedRecordsByCapture - releasedRecords.get();
        addedBytesByCapture += size;
        addedRecords.setRelease(addedRecordsByCapture);
        addedBytes.setRelease(addedBytesByCapture);
        if (records > highWaterByCapture) {
            highWaterByCapture = records;
            highWaterRecords.setRelease(records);
        }
        append(sender, OutboundChunk.Kind.HEADER, partition, key, value, tsMicros, size, true);
        return true;
    }

    /**
     * Adds a stats record or a heartbeat marker for {@code sender} in the reserve (capture thread);
     * false if skipped.
     */
    boolean addControl(int sender, OutboundChunk.Kind kind, int partition, byte[] key, byte[] value,
                       long tsMicros) {
        if (closed || pendingControl.get() >= reserveRecords) {
            return false;
        }
        pendingControl.incrementAndGet();
        append(sender, kind, partition, key, value, tsMicros, 0, false);
        return true;
    }

    /**
     * Queues the routing barrier for {@code sender} and hands it over at once (capture thread). Never
     * refused: the other senders wait for it.
     */
    void addBarrier(int sender) {
        pendingControl.incrementAndGet();
        append(sender, OutboundChunk.Kind.BARRIER, PartitionRouter.UNASSIGNED, null, null, 0, 0, false);
        flush(sender);
    }

    private void append(int sender, OutboundChunk.Kind kind, int partition, byte[] key, byte[] value,
                        long tsMicros, int size, boolean bounded) {
        OutboundChunk chunk = filling[sender];
        chunk.add(kind, partition, key, value, tsMicros, size, bounded);
        if (chunk.isFull()) {
            flush(sender);
        }
    }

    /** Hands the partly filled chunks to the senders (capture thread; call when the source goes quiet). */
    void flush() {
        for (int i = 0; i < filling.length; i++) {
            flush(i);
        }
    }

    private void flush(int sender) {
        OutboundChunk chunk = filling[sender];
        if (chunk.count == 0) {
            return;
        }
        ready.get(sender).add(chunk);
        OutboundChunk next = spare.poll();
        filling[sender] = next != null ? next : new OutboundChunk(chunkSize);
    }

    /** Next chunk for sender {@code sender}, or null after {@code timeoutMillis}. */
    OutboundChunk take(int sender, long timeoutMillis) throws InterruptedException {
        return ready.get(sender).poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** True when no flushed chunk waits for sender {@code sender}. */
    boolean nothingReadyFor(int sender) {
        return ready.get(sender).isEmpty();
    }

    /** Returns a chunk whose records the producer accepted (or gave up on) and frees their space. */
    void release(OutboundChunk chunk) {
        long bytes = 0;
        long records = 0;
        long control = 0;
        for (int i = 0; i < chunk.count; i++) {
            if (chunk.bounded[i]) {
                records++;
                bytes += chunk.sizes[i];
            } else {
                control++;
            }
        }
        releasedBytes.addAndGet(bytes);
        releasedRecords.addAndGet(records);
        pendingControl.addAndGet(-control);
        chunk.clear();
        spare.offer(chunk);
        lock.lock();
        try {
            spaceFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void awaitSpace() throws InterruptedException {
        lock.lock();
        try {
            // re-checked by the caller; the timeout only guards against a missed signal
            spaceFreed.await(50, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further records and wakes a capture thread waiting for space. */
    void close() {
        closed = true;
        lock.lock();
        try {
            spaceFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        return pendingRecords() == 0 && pendingControl.get() == 0;
    }

    /** Any thread. Released is read first: it never passes what was added before it. */
    long pendingRecords() {
        long released = releasedRecords.get();
        return addedRecords.get() - released;
    }

    long pendingBytes() {
        long released = releasedBytes.get();
        return addedBytes.get() - released;
    }

    /** Most header records ever waiting at once: never above the bound. */
    long highWaterRecords() {
        return highWaterRecords.get();
    }

    long maxRecords() {
        return maxRecords;
    }

    long maxBytes() {
        return maxBytes;
    }
}
