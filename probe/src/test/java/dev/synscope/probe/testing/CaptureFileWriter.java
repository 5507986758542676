package dev.synscope.probe.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes pcap (either byte order, micro or nano) and pcapng (either byte order, any number of
 * interfaces, EPB or SPB) files byte by byte, for tests and the benchmark. Formats as in
 * pcap-savefile(5) and draft-ietf-opsawg-pcapng.
 */
public final class CaptureFileWriter implements AutoCloseable {

    public enum Format { PCAP, PCAPNG }

    private final OutputStream out;
    private final Format format;
    private final ByteOrder order;
    private final boolean nanos;
    private final ByteBuffer scratch;
    private long packets;

    private CaptureFileWriter(Path path, Format format, ByteOrder order, boolean nanos) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20);
        this.format = format;
        this.order = order;
        this.nanos = nanos;
        this.scratch = ByteBuffer.allocate(1 << 18).order(order);
    }

    /** A classic pcap file with one link type. */
    public static CaptureFileWriter pcap(Path path, ByteOrder order, boolean nanos, int linkType, int snaplen)
            throws IOException {
        CaptureFileWriter w = new CaptureFileWriter(path, Format.PCAP, order, nanos);
        ByteBuffer b = w.begin();
        b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4);  // magic, in the writer's byte order
        b.putShort((short) 2).putShort((short) 4);   // version 2.4
        b.putInt(0).putInt(0);                        // thiszone, sigfigs
        b.putInt(snaplen);
        b.putInt(linkType);
        w.end();
        return w;
    }

    /** A pcapng file: one section header, then one IDB per entry of {@code linkTypes}. */
    public static CaptureFileWriter pcapng(Path path, ByteOrder order, boolean nanos, int snaplen, int... linkTypes)
            throws IOException {
        CaptureFileWriter w = new CaptureFileWriter(path, Format.PCAPNG, order, nanos);
        w.sectionHeader();
        for (int linkType : linkTypes) {
            w.interfaceDescription(linkType, snaplen, nanos ? 9 : -1);
        }
        return w;
    }

    /** Starts another section (new byte order is not supported here: same writer, same order). */
    public void sectionHeader() throws IOException {
        ByteBuffer b = begin();
        b.putInt(0x0A0D0D0A).putInt(28);
        b.putInt(0x1A2B3C4D);
        b.putShort((short) 1).putShort((short) 0);
        b.putLong(-1L);                               // section length unknown
        b.putInt(28);
        end();
    }

    /** An IDB; {@code tsresol} -1 = default microseconds, else the if_tsresol byte. */
    public void interfaceDescription(int linkType, int snaplen, int tsresol) throws IOException {
        int length = 20 + (tsresol >= 0 ? 8 + 4 : 0);
        ByteBuffer b = begin();
        b.putInt(1).putInt(length);
        b.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
        if (tsresol >= 0) {
            b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            b.putShort((short) 0).putShort((short) 0); // opt_endofopt
        }
        b.putInt(length);
        end();
    }

    /** A block of a type readers must skip (here: a custom block, type 0x00000BAD). */
    public void unknownBlock(int bodyBytes) throws IOException {
        int padded = (bodyBytes + 3) & ~3;
        ByteBuffer b = begin();
        b.putInt(0x00000BAD).putInt(12 + padded).put(new byte[padded]).putInt(12 + padded);
        end();
    }

    /** One packet: {@code captured} bytes of {@code frame} are written, {@code wire} is the original length. */
    public void packet(int iface, long tsMicros, long tsSubMicroNanos, byte[] frame, int captured, int wire)
            throws IOException {
        ByteBuffer b = begin();
        long seconds = Math.floorDiv(tsMicros, 1_000_000L);
        long micros = Math.floorMod(tsMicros, 1_000_000L);
        if (format == Format.PCAP) {
            b.putInt((int) seconds);
            b.putInt((int) (nanos ? micros * 1000 + tsSubMicroNanos : micros));
            b.putInt(captured).putInt(wire);
            b.put(frame, 0, captured);
        } else {
            long units = nanos ? tsMicros * 1000 + tsSubMicroNanos : tsMicros;
            int padded = (captured + 3) & ~3;
            int length = 32 + padded;
            b.putInt(6).putInt(length);
            b.putInt(iface);
            b.putInt((int) (units >>> 32)).putInt((int) units);
            b.putInt(captured).putInt(wire);
            b.put(frame, 0, captured).put(new byte[padded - captured]);
            b.putInt(length);
        }
        end();
        packets++;
    }

    /** A simple packet block (pcapng only): no timestamp, interface 0. */
    public void simplePacket(byte[] frame, int captured, int wire) throws IOException {
        int padded = (captured + 3) & ~3;
        int length = 16 + padded;
        ByteBuffer b = begin();
        b.putInt(3).putInt(length).putInt(wire);
        b.put(frame, 0, captured).put(new byte[padded - captured]);
        b.putInt(length);
        end();
        packets++;
    }

    public long packets() {
        return packets;
    }

    private ByteBuffer begin() {
        scratch.clear();
        return scratch;
    }

    private void end() throws IOException {
        out.write(scratch.array(), 0, scratch.position());
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
