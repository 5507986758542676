package dev.synscope.probe.decode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately tiny classic-pcap reader for tests (the production reader lives in package
 * capture and is not used here, so the decoder tests stand alone). Reads the whole file; handles
 * both byte orders and microsecond / nanosecond magics.
 */
record PcapFile(int linkType, List<Frame> frames) {

    /** One record: {@code data} holds exactly the captured bytes. */
    record Frame(long tsMicros, int originalLength, byte[] data) {
    }

    static PcapFile read(Path path) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(path));
        int magic = buf.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean nanos;
        if (magic == 0xA1B2C3D4 || magic == 0xA1B23C4D) {
            buf.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            buf.order(ByteOrder.BIG_ENDIAN);
            magic = buf.getInt(0);
            if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
                throw new IOException(path + ": not a classic pcap file (magic 0x" + Integer.toHexString(magic) + ")");
            }
        }
        nanos = magic == 0xA1B23C4D;
        int linkType = buf.getInt(20) & 0x0FFFFFFF;
        List<Frame> frames = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= buf.limit()) {
            long sec = Integer.toUnsignedLong(buf.getInt(pos));
            long frac = Integer.toUnsignedLong(buf.getInt(pos + 4));
            int capLen = buf.getInt(pos + 8);
            int origLen = buf.getInt(pos + 12);
            pos += 16;
            if (capLen < 0 || pos + capLen > buf.limit()) {
                throw new IOException(path + ": truncated record at byte " + pos);
            }
            byte[] data = new byte[capLen];
            buf.get(pos, data);
            pos += capLen;
            frames.add(new Frame(sec * 1_000_000L + (nanos ? frac / 1000 : frac), origLen, data));
        }
        return new PcapFile(linkType, frames);
    }
}
