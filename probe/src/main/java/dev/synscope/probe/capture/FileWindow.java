package dev.synscope.probe.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A sliding window over a capture file: one large reusable {@code byte[]} refilled with big reads,
 * so the decoder can be handed (array, offset, length) slices without a copy per packet. Records
 * that straddle the end of the window are moved to its start before the next read.
 */
final class FileWindow implements AutoCloseable {

    /** Big reads amortise the syscall; 4 MiB holds thousands of header-only records. */
    static final int DEFAULT_SIZE = 4 << 20;

    private final FileChannel channel;
    private final Path path;
    private final int maxSize;
    private byte[] buffer;
    private ByteBuffer view;
    /** Next unread byte in {@link #buffer}. */
    private int position;
    /** End of the valid bytes in {@link #buffer}. */
    private int limit;
    /** File offset of {@code buffer[0]}. */
    private long bufferStart;
    private boolean endOfFile;

    FileWindow(Path path, int initialSize, int maxSize) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.maxSize = maxSize;
        this.buffer = new byte[initialSize];
        this.view = ByteBuffer.wrap(buffer);
    }

    Path path() {
        return path;
    }

    byte[] buffer() {
        return buffer;
    }

    /** Index in {@link #buffer()} of the next unread byte; valid until the next {@link #ensure}. */
    int position() {
        return position;
    }

    /** File offset of the next unread byte. */
    long fileOffset() {
        return bufferStart + position;
    }

    int available() {
        return limit - position;
    }

    void skip(int n) {
        position += n;
    }

    /**
     * Makes {@code n} bytes available from {@link #position()}, reading and compacting as needed.
     *
     * @return false when the file ends first (then {@link #available()} tells how much is left)
     */
    boolean ensure(int n) throws IOException {
        if (limit - position >= n) {
            return true;
        }
        if (n > maxSize) {
            return false;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            bufferStart += position;
            limit -= position;
            position = 0;
        }
        if (n > buffer.length) {
            byte[] bigger = new byte[Math.min(maxSize, Math.max(n, buffer.length * 2))];
            System.arraycopy(buffer, 0, bigger, 0, limit);
            buffer = bigger;
            view = ByteBuffer.wrap(buffer);
        }
        while (limit < n && !endOfFile) {
            view.limit(buffer.length).position(limit);
            int read = channel.read(view);
            if (read < 0) {
                endOfFile = true;
            } else {
                limit += read;
            }
        }
        return limit - position >= n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Unsigned 16-bit value at {@code index} of the buffer. */
    int u16(int index, boolean bigEndian) {
        int a = buffer[index] & 0xFF;
        int b = buffer[index + 1] & 0xFF;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    /** 32-bit value at {@code index}, as a Java int (callers widen to unsigned where it matters). */
    int i32(int index, boolean bigEndian) {
        int a = buffer[index] & 0xFF;
        int b = buffer[index + 1] & 0xFF;
        int c = buffer[index + 2] & 0xFF;
        int d = buffer[index + 3] & 0xFF;
        return bigEndian ? (a << 24) | (b << 16) | (c << 8) | d : (d << 24) | (c << 16) | (b << 8) | a;
    }

    long u32(int index, boolean bigEndian) {
        return Integer.toUnsignedLong(i32(index, bigEndian));
    }
}
