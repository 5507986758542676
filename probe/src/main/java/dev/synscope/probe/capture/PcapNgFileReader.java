package dev.synscope.probe.capture;

import dev.synscope.probe.decode.LinkType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pcapng file (draft-ietf-opsawg-pcapng): Section Header Blocks with their byte order,
 * Interface Description Blocks with link type, {@code if_tsresol} and {@code if_tsoffset},
 * Enhanced, Simple and (obsolete) Packet Blocks, several interfaces and several sections. Other
 * blocks (name resolution, statistics, custom, ...) are skipped.
 *
 * <pre>
 * Every block:                          Enhanced Packet Block body:
 * +---------------------------+         +---------------------------+
 * | block type                |         | interface id              |
 * | block total length        |         | timestamp (upper 32 bits) |
 * | body ...                  |         | timestamp (lower 32 bits) |
 * | block total length        |         | captured length           |
 * +---------------------------+         | original length           |
 *                                       | packet data, padded to 32 |
 * Section Header Block body:            | options                   |
 * | byte-order magic 1A2B3C4D |         +---------------------------+
 * | major (1) | minor (0)     |
 * | section length (64 bits)  |         Interface Description Block body:
 * | options                   |         | link type (16) | reserved  |
 *                                       | snaplen                   |
 *                                       | options (if_tsresol = 9,  |
 *                                       |   if_tsoffset = 14)       |
 * </pre>
 * Every length is untrusted: a block whose lengths disagree or run past the end of the file raises
 * {@link CaptureFormatException} with its offset, after every good packet before it was delivered.
 */
public final class PcapNgFileReader extends CaptureFileSource {

    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int INTERFACE_DESCRIPTION = 1;
    static final int OBSOLETE_PACKET = 2;
    static final int SIMPLE_PACKET = 3;
    static final int ENHANCED_PACKET = 6;
    static final int OPTION_END = 0;
    static final int OPTION_TSRESOL = 9;
    static final int OPTION_TSOFFSET = 14;
    /** Larger than any packet block libpcap writes (256 KiB of data plus options). */
    static final int MAX_BLOCK = 16 << 20;

    private final List<Interface> interfaces = new ArrayList<>();
    private boolean bigEndian;

    /** What an IDB says about the packets that name it. */
    private record Interface(LinkType linkType, int dlt, int snaplen, long unitsPerSecond, long offsetSeconds) {

        long toMicros(long timestamp) {
            long micros;
            if (unitsPerSecond == 1_000_000L) {
                micros = timestamp;
            } else if (unitsPerSecond > 1_000_000L && unitsPerSecond % 1_000_000L == 0) {
                micros = timestamp / (unitsPerSecond / 1_000_000L);
            } else if (unitsPerSecond <= (1L << 40)) {
                micros = (timestamp / unitsPerSecond) * 1_000_000L
                        + (timestamp % unitsPerSecond) * 1_000_000L / unitsPerSecond;
            } else {
                micros = (long) (timestamp / (double) unitsPerSecond * 1e6);
            }
            return micros + offsetSeconds * 1_000_000L;
        }
    }

    private PcapNgFileReader(FileWindow window) {
        super(window);
    }

    /** Opens a file whose first four bytes were recognised as a Section Header Block. */
    static PcapNgFileReader open(FileWindow window) throws IOException {
        PcapNgFileReader reader = new PcapNgFileReader(window);
        if (!window.ensure(12)) {
            throw new CaptureFormatException(window.path(), 0, "truncated pcapng section header");
        }
        reader.readByteOrder();
        return reader;
    }

    /** Link types of the interfaces described so far in the current section. */
    public List<Integer> interfaceDlts() {
        return interfaces.stream().map(Interface::dlt).toList();
    }

    @Override
    public int deliver(FrameHandler handler, int maxFrames) throws IOException {
        int delivered = 0;
        while (delivered < maxFrames) {
            if (!window.ensure(8)) {
                if (window.available() == 0) {
                    return delivered == 0 ? -1 : delivered;
                }
                throw corrupt("truncated block header (" + window.available() + " of 8 bytes)");
            }
            int p = window.position();
            int type = window.i32(p, bigEndian);
            if (type == SECTION_HEADER) {
                if (!window.ensure(12)) {
                    throw corrupt("truncated section header block");
                }
                readByteOrder();
                p = window.position();
            }
            int length = window.i32(p + 4, bigEndian);
            if (length < 12 || (length & 3) != 0 || length > MAX_BLOCK) {
                throw corrupt("block of type 0x" + Integer.toHexString(type) + " has impossible length "
                        + Integer.toUnsignedString(length));
            }
            if (!window.ensure(length)) {
                throw corrupt("truncated block of type 0x" + Integer.toHexString(type) + ": " + length
                        + " bytes announced, " + window.available() + " in the file");
            }
            p = window.position();
            if (window.i32(p + length - 4, bigEndian) != length) {
                throw corrupt("block length " + length + " does not match its trailing copy "
                        + Integer.toUnsignedString(window.i32(p + length - 4, bigEndian)));
            }
            switch (type) {
                case SECTION_HEADER -> interfaces.clear();
                case INTERFACE_DESCRIPTION -> interfaces.add(readInterface(p, length));
                case ENHANCED_PACKET -> {
                    deliverPacket(handler, p, length, window.u32(p + 8, bigEndian), 12, 28);
                    delivered++;
                }
                case OBSOLETE_PACKET -> {
                    deliverPacket(handler, p, length, window.u16(p + 8, bigEndian), 12, 28);
                    delivered++;
                }
                case SIMPLE_PACKET -> {
                    deliverSimplePacket(handler, p, length);
                    delivered++;
                }
                default -> {
                    // name resolution, interface statistics, decryption secrets, custom: not ours
                }
            }
            window.skip(length);
        }
        return delivered;
    }

    /** Reads the SHB's byte-order magic (at block offset 8) and switches the section's byte order. */
    private void readByteOrder() throws IOException {
        int magic = window.i32(window.position() + 8, true);
        if (magic == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            throw corrupt(String.format("section header block with bad byte-order magic 0x%08x", magic));
        }
    }

    private Interface readInterface(int p, int length) throws IOException {
        if (length < 20) {
            throw corrupt("interface description block too short (" + length + " bytes)");
        }
        int dlt = window.u16(p + 8, bigEndian);
        int snaplen = window.i32(p + 12, bigEndian);
        long unitsPerSecond = 1_000_000L;
        long offsetSeconds = 0;
        int option = p + 16;
        int end = p + length - 4;
        while (option + 4 <= end) {
            int code = window.u16(option, bigEndian);
            int optionLength = window.u16(option + 2, bigEndian);
            if (code == OPTION_END) {
                break;
            }
            if (option + 4 + optionLength > end) {
                throw corrupt("interface option " + code + " runs past its block");
            }
            if (code == OPTION_TSRESOL && optionLength >= 1) {
                int resolution = window.buffer()[option + 4] & 0xFF;
                int exponent = resolution & 0x7F;
                boolean binary = (resolution & 0x80) != 0;
                if ((binary && exponent > 62) || (!binary && exponent > 18)) {
                    throw corrupt("interface if_tsresol " + resolution + " out of range");
                }
                unitsPerSecond = binary ? 1L << exponent : pow10(exponent);
            } else if (code == OPTION_TSOFFSET && optionLength >= 8) {
                long high = window.u32(option + 4, bigEndian);
                long low = window.u32(option + 8, bigEndian);
                offsetSeconds = bigEndian ? (high << 32) | low : (low << 32) | high;
            }
            option += 4 + ((optionLength + 3) & ~3);
        }
        return new Interface(LinkType.fromDlt(dlt), dlt, snaplen, unitsPerSecond, offsetSeconds);
    }

    /** EPB and obsolete PB share their layout after the interface id. */
    private void deliverPacket(FrameHandler handler, int p, int length, long interfaceId, int tsAt, int dataAt)
            throws IOException {
        Interface iface = iface(interfaceId);
        long timestamp = (window.u32(p + tsAt, bigEndian) << 32) | window.u32(p + tsAt + 4, bigEndian);
        int captured = window.i32(p + tsAt + 8, bigEndian);
        int wire = window.i32(p + tsAt + 12, bigEndian);
        if (captured < 0 || captured > length - dataAt - 4) {
            throw corrupt("packet block claims " + Integer.toUnsignedString(captured)
                    + " captured bytes in a block of " + length);
        }
        handler.onFrame(iface.linkType(), window.buffer(), p + dataAt, captured,
                wire < 0 ? Integer.MAX_VALUE : wire, iface.toMicros(timestamp));
    }

    /** An SPB has no timestamp and no captured length: it belongs to interface 0, stamped 0. */
    private void deliverSimplePacket(FrameHandler handler, int p, int length) throws IOException {
        Interface iface = iface(0);
        int wire = window.i32(p + 8, bigEndian);
        int captured = length - 16;
        if (wire >= 0 && wire < captured) {
            captured = wire;
        }
        if (iface.snaplen() > 0 && iface.snaplen() < captured) {
            captured = iface.snaplen();
        }
        handler.onFrame(iface.linkType(), window.buffer(), p + 12, captured,
                wire < 0 ? Integer.MAX_VALUE : wire, 0);
    }

    private Interface iface(long id) throws CaptureFormatException {
        if (id >= interfaces.size()) {
            throw corrupt("packet refers to interface " + id + " but the section describes " + interfaces.size());
        }
        return interfaces.get((int) id);
    }

    private CaptureFormatException corrupt(String problem) {
        return new CaptureFormatException(window.path(), window.fileOffset(), problem);
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
