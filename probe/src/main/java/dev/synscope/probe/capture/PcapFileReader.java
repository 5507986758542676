package dev.synscope.probe.capture;

import dev.synscope.probe.decode.LinkType;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a classic libpcap file (pcap-savefile(5)), in either byte order, with microsecond or
 * nanosecond timestamps.
 *
 * <pre>
 * Global header (24 bytes)                     Record header (16 bytes), then incl_len bytes
 * +-------------------------------+            +-------------------------------+
 * | magic  A1B2C3D4 us / A1B23C4D ns           | ts_sec                        |
 * | version_major (2) | minor (4) |            | ts_usec or ts_nsec            |
 * | thiszone                      |            | incl_len (bytes captured)     |
 * | sigfigs                       |            | orig_len (bytes on the wire)  |
 * | snaplen                       |            +-------------------------------+
 * | linktype (low 16 bits; FCS bits above)
 * +-------------------------------+
 * </pre>
 * The magic is written in the writer's byte order: read big-endian, A1B2C3D4 means big-endian
 * fields, D4C3B2A1 little-endian. Every length is untrusted.
 */
public final class PcapFileReader extends CaptureFileSource {

    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int GLOBAL_HEADER = 24;
    static final int RECORD_HEADER = 16;
    /** libpcap refuses records larger than its MAXIMUM_SNAPLEN (262144); so do we. */
    static final int MAX_RECORD = 262_144;

    private final boolean bigEndian;
    private final boolean nanos;
    private final int dlt;
    private final LinkType linkType;

    private PcapFileReader(FileWindow window, boolean bigEndian, boolean nanos, int dlt) {
        super(window);
        this.bigEndian = bigEndian;
        this.nanos = nanos;
        this.dlt = dlt;
        this.linkType = LinkType.fromDlt(dlt);
    }

    /** Opens a file whose first four bytes were recognised as a pcap magic by {@link CaptureFiles}. */
    static PcapFileReader open(FileWindow window) throws IOException {
        Path path = window.path();
        if (!window.ensure(GLOBAL_HEADER)) {
            throw new CaptureFormatException(path, window.fileOffset(),
                    "truncated pcap file header (" + window.available() + " of " + GLOBAL_HEADER + " bytes)");
        }
        int p = window.position();
        int magic = window.i32(p, true);
        boolean bigEndian;
        boolean nanos;
        if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
            bigEndian = true;
            nanos = magic == MAGIC_NANOS;
        } else if (Integer.reverseBytes(magic) == MAGIC_MICROS || Integer.reverseBytes(magic) == MAGIC_NANOS) {
            bigEndian = false;
            nanos = Integer.reverseBytes(magic) == MAGIC_NANOS;
        } else {
            throw new CaptureFormatException(path, 0, String.format("not a pcap file (magic 0x%08x)", magic));
        }
        int major = window.u16(p + 4, bigEndian);
        if (major != 2) {
            throw new CaptureFormatException(path, 4, "unsupported pcap version " + major);
        }
        // The link-layer header type is the low 16 bits; bits 26-31 may carry FCS information.
        int dlt = window.i32(p + 20, bigEndian) & 0xFFFF;
        window.skip(GLOBAL_HEADER);
        return new PcapFileReader(window, bigEndian, nanos, dlt);
    }

    /** DLT / LINKTYPE number from the file header. */
    public int dlt() {
        return dlt;
    }

    /** True when the file stores nanosecond timestamps. */
    public boolean nanosecondTimestamps() {
        return nanos;
    }

    @Override
    public int deliver(FrameHandler handler, int maxFrames) throws IOException {
        int delivered = 0;
        while (delivered < maxFrames) {
            if (!window.ensure(RECORD_HEADER)) {
                if (window.available() == 0) {
                    return delivered == 0 ? -1 : delivered;
                }
                throw new CaptureFormatException(window.path(), window.fileOffset(),
                        "truncated record header (" + window.available() + " of " + RECORD_HEADER + " bytes)");
            }
            int p = window.position();
            long seconds = window.u32(p, bigEndian);
            long fraction = window.u32(p + 4, bigEndian);
            int captured = window.i32(p + 8, bigEndian);
            int wire = window.i32(p + 12, bigEndian);
            if (captured < 0 || captured > MAX_RECORD) {
                throw new CaptureFormatException(window.path(), window.fileOffset(),
                        "record claims " + Integer.toUnsignedString(captured) + " captured bytes (max " + MAX_RECORD
                                + ")");
            }
            if (!window.ensure(RECORD_HEADER + captured)) {
                throw new CaptureFormatException(window.path(), window.fileOffset(),
                        "truncated record: " + captured + " captured bytes announced, "
                                + (window.available() - RECORD_HEADER) + " in the file");
            }
            p = window.position();
            long tsMicros = seconds * 1_000_000L + (nanos ? fraction / 1000 : fraction);
            handler.onFrame(linkType, window.buffer(), p + RECORD_HEADER, captured,
                    wire < 0 ? Integer.MAX_VALUE : wire, tsMicros);
            window.skip(RECORD_HEADER + captured);
            delivered++;
        }
        return delivered;
    }
}
