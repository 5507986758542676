package dev.synscope.lab.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a classic pcap file while tcpdump is still writing it ({@code -U}: one write per packet),
 * in time slices: {@link #readBefore} returns the complete records captured before an instant and
 * keeps its place, so the lab can feed SynScope exactly what a probe had seen up to each kernel
 * snapshot. A record only partly written yet is left for the next call.
 *
 * <pre>
 * Global header (24 bytes): magic A1B2C3D4 (us) / A1B23C4D (ns) in the writer's byte order,
 *   version 2.4, thiszone, sigfigs, snaplen, linktype
 * Record header (16 bytes): ts_sec, ts_usec|ts_nsec, incl_len, orig_len; then incl_len bytes
 * </pre>
 * Every length is untrusted: a record longer than {@link #MAX_RECORD} is a {@link IOException}.
 */
public final class PcapTail implements AutoCloseable {

    static final int GLOBAL_HEADER = 24;
    static final int RECORD_HEADER = 16;
    static final int MAX_RECORD = 262_144;
    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;

    private final Path file;
    private FileChannel channel;
    private long position;
    private ByteOrder order;
    private boolean nanos;
    private int dlt = -1;
    /** A complete record read ahead whose time was not before the last cut. */
    private CapturedFrame pending;

    public PcapTail(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Frames captured strictly before {@code cutMicros} and not returned yet, in file order. */
    public List<CapturedFrame> readBefore(long cutMicros) throws IOException {
        List<CapturedFrame> out = new ArrayList<>();
        if (pending != null) {
            if (pending.tsMicros() >= cutMicros) {
                return out;
            }
            out.add(pending);
            pending = null;
        }
        if (!open()) {
            return out;
        }
        while (true) {
            CapturedFrame frame = next();
            if (frame == null) {
                return out;
            }
            if (frame.tsMicros() >= cutMicros) {
                pending = frame;
                return out;
            }
            out.add(frame);
        }
    }

    private boolean open() throws IOException {
        if (order != null) {
            return true;
        }
        if (channel == null) {
            if (!java.nio.file.Files.exists(file)) {
                return false;
            }
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        ByteBuffer header = read(0, GLOBAL_HEADER);
        if (header == null) {
            return false;
        }
        int magic = header.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(magic) == MAGIC_MICROS || Integer.reverseBytes(magic) == MAGIC_NANOS) {
            order = ByteOrder.LITTLE_ENDIAN;
            magic = Integer.reverseBytes(magic);
        } else {
            throw new IOException(String.format("%s: not a pcap file (magic 0x%08x)", file, magic));
        }
        nanos = magic == MAGIC_NANOS;
        header.order(order);
        dlt = header.getInt(20) & 0xFFFF;
        position = GLOBAL_HEADER;
        return true;
    }

    /** The next complete record, or null when the writer has not finished it yet. */
    private CapturedFrame next() throws IOException {
        ByteBuffer h = read(position, RECORD_HEADER);
        if (h == null) {
            return null;
        }
        h.order(order);
        long seconds = Integer.toUnsignedLong(h.getInt(0));
        long fraction = Integer.toUnsignedLong(h.getInt(4));
        int captured = h.getInt(8);
        int wire = h.getInt(12);
        if (captured < 0 || captured > MAX_RECORD) {
            throw new IOException(file + ": record at offset " + position + " claims " + Integer.toUnsignedString(captured)
                    + " captured bytes (max " + MAX_RECORD + ")");
        }
        ByteBuffer body = read(position + RECORD_HEADER, captured);
        if (body == null) {
            return null;
        }
        position += RECORD_HEADER + captured;
        byte[] data = new byte[captured];
        body.get(0, data);
        long micros = seconds * 1_000_000L + (nanos ? fraction / 1_000L : fraction);
        return new CapturedFrame(micros, dlt, data, wire);
    }

    /** {@code length} bytes at {@code at}, or null when the file does not hold them yet. */
    private ByteBuffer read(long at, int length) throws IOException {
        if (channel.size() < at + length) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer.flip();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
