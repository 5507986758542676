package dev.synscope.probe.capture;

import java.io.IOException;

/** A capture file or a live interface, read in batches by the capture thread. */
public interface FrameSource extends AutoCloseable {

    /**
     * Hands up to {@code maxFrames} frames to {@code handler}.
     *
     * @return frames delivered (0 when a live read timed out), or -1 when a file is exhausted
     * @throws CaptureFormatException when a file is corrupt, after every good frame before the damage
     *                                was delivered
     */
    int deliver(FrameHandler handler, int maxFrames) throws IOException;

    /**
     * After a stop: hands over up to {@code maxFrames} frames the kernel has already captured,
     * without waiting for more, so a large capture buffer's backlog is not thrown away at shutdown.
     *
     * @return frames delivered, 0 when none was waiting, -1 when the source keeps no such backlog (files)
     */
    default int deliverQueued(FrameHandler handler, int maxFrames) throws IOException {
        return -1;
    }

    /** Name used as the observation's {@code iface}: the interface name or the file's name. */
    String name();

    /** Kernel/libpcap counters; all zero for files. */
    default KernelStats kernelStats() {
        return KernelStats.NONE;
    }

    @Override
    void close() throws IOException;
}
