package dev.synscope.probe.publish;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The probe's only buffer between capture and Kafka, bounded in records and in bytes. The capture
 * thread adds serialized records; the sender thread takes whole chunks and releases their space once
 * the Kafka producer has accepted them (the producer's own {@code buffer.memory} is a second,
 * separate bound).
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

    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong pendingRecords = new AtomicLong();
    private final AtomicLong pendingControl = new AtomicLong();
    private final AtomicLong highWaterRecords = new AtomicLong();
    private final BlockingQueue<OutboundChunk> ready;
    private final BlockingQueue<OutboundChunk> spare;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition spaceFreed = lock.newCondition();
    private volatile boolean closed;

    /** Owned by the capture thread. */
    private OutboundChunk filling;

    SendBuffer(long maxBytes, long maxRecords, WhenFull whenFull, int chunkSize) {
        if (maxBytes < 1 || maxRecords < 1) {
            throw new IllegalArgumentException("the send buffer needs room for at least one record");
        }
        this.maxBytes = maxBytes;
        this.maxRecords = maxRecords;
        this.reserveRecords = Math.max(64, maxRecords / 100);
        this.whenFull = whenFull;
        this.chunkSize = chunkSize;
        // unbounded in chunks, bounded in what matters: every queued chunk holds counted records
        this.ready = new LinkedBlockingQueue<>();
        this.spare = new LinkedBlockingQueue<>();
        this.filling = new OutboundChunk(chunkSize);
    }

    WhenFull whenFull() {
        return whenFull;
    }

    /**
     * Adds a header record (capture thread).
     *
     * @return false when the buffer is full and the policy is DROP, or the buffer is closed
     * @throws InterruptedException when a BLOCK wait is interrupted
     */
    boolean add(byte[] key, byte[] value, long tsMicros) throws InterruptedException {
        int size = key.length + value.length + RECORD_OVERHEAD;
        while (pendingRecords.get() >= maxRecords || pendingBytes.get() + size > maxBytes) {
            if (closed || whenFull == WhenFull.DROP) {
                return false;
            }
            flush();
            awaitSpace();
        }
        if (closed) {
            return false;
        }
        long records = pendingRecords.incrementAndGet();
        pendingBytes.addAndGet(size);
        if (records > highWaterRecords.get()) {
            highWaterRecords.set(records);
        }
        append(OutboundChunk.Kind.HEADER, key, value, tsMicros, size, true);
        return true;
    }

    /** Adds a stats record or a heartbeat marker in the reserve (capture thread); false if skipped. */
    boolean addControl(OutboundChunk.Kind kind, byte[] key, byte[] value, long tsMicros) {
        if (closed || pendingControl.get() >= reserveRecords) {
            return false;
        }
        pendingControl.incrementAndGet();
        append(kind, key, value, tsMicros, 0, false);
        return true;
    }

    private void append(OutboundChunk.Kind kind, byte[] key, byte[] value, long tsMicros, int size,
                        boolean bounded) {
        filling.add(kind, key, value, tsMicros, size, bounded);
        if (filling.isFull()) {
            flush();
        }
    }

    /** Hands the partly filled chunk to the sender (capture thread; call when the source goes quiet). */
    void flush() {
        if (filling.count == 0) {
            return;
        }
        ready.add(filling);
        OutboundChunk next = spare.poll();
        filling = next != null ? next : new OutboundChunk(chunkSize);
    }

    /** Next chunk for the sender thread, or null after {@code timeoutMillis}. */
    OutboundChunk take(long timeoutMillis) throws InterruptedException {
        return ready.poll(timeoutMillis, TimeUnit.MILLISECONDS);
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
        pendingBytes.addAndGet(-bytes);
        pendingRecords.addAndGet(-records);
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
        return pendingRecords.get() == 0 && pendingControl.get() == 0;
    }

    long pendingRecords() {
        return pendingRecords.get();
    }

    long pendingBytes() {
        return pendingBytes.get();
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
