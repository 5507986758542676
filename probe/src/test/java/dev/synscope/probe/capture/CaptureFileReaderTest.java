package dev.synscope.probe.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synscope.probe.decode.LinkType;
import dev.synscope.probe.testing.CaptureFileWriter;
import dev.synscope.probe.testing.SyntheticTraffic;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * Our pcap/pcapng reader against libpcap's own reading of the same file (through pcap4j): same
 * packets, same microsecond timestamps, same bytes, same original lengths.
 */
class CaptureFileReaderTest {

    private static final int PACKETS = 3000;

    @TempDir
    Path dir;

    /** One frame as a reader delivered it. */
    record Frame(LinkType linkType, long tsMicros, byte[] bytes, int wire) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && f.tsMicros == tsMicros && Arrays.equals(f.bytes, bytes) && f.wire == wire;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(tsMicros) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Frame[ts=" + tsMicros + " len=" + bytes.length + " wire=" + wire + "]";
        }
    }

    @ParameterizedTest(name = "pcap {0} nanos={1}")
    @CsvSource({"BIG_ENDIAN,false", "LITTLE_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,true"})
    void pcapMatchesLibpcap(String order, boolean nanos) throws Exception {
        Path file = dir.resolve("t.pcap");
        ByteOrder byteOrder = "BIG_ENDIAN".equals(order) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        try (CaptureFileWriter w = CaptureFileWriter.pcap(file, byteOrder, nanos, 1, 128)) {
            writeTraffic(w, false);
        }
        List<Frame> ours = readOurs(file);
        assertThat(ours).hasSize(PACKETS);
        assertThat(ours).allMatch(f -> f.linkType() == LinkType.ETHERNET);
        assertThat(ours).containsExactlyElementsOf(readLibpcap(file));
    }

    @ParameterizedTest(name = "pcapng {0} nanos={1}")
    @CsvSource({"BIG_ENDIAN,false", "LITTLE_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,true"})
    void pcapngWithTwoInterfacesAndUnknownBlocksMatchesLibpcap(String order, boolean nanos) throws Exception {
        Path file = dir.resolve("t.pcapng");
        ByteOrder byteOrder = "BIG_ENDIAN".equals(order) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        try (CaptureFileWriter w = CaptureFileWriter.pcapng(file, byteOrder, nanos, 128, 1, 1)) {
            w.unknownBlock(13);
            writeTraffic(w, true);
        }
        List<Frame> ours = readOurs(file);
        assertThat(ours).hasSize(PACKETS);
        assertThat(ours).containsExactlyElementsOf(readLibpcap(file));
    }

    @Test
    void simplePacketBlocksUseInterfaceZeroAndItsSnaplen() throws Exception {
        Path file = dir.resolve("spb.pcapng");
        byte[] frame = new byte[200];
        Arrays.fill(frame, (byte) 7);
        try (CaptureFileWriter w = CaptureFileWriter.pcapng(file, ByteOrder.LITTLE_ENDIAN, false, 64, 101)) {
            w.simplePacket(frame, 100, 200);
        }
        List<Frame> ours = readOurs(file);
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0).linkType()).isEqualTo(LinkType.RAW);
        assertThat(ours.get(0).bytes()).hasSize(64);
        assertThat(ours.get(0).wire()).isEqualTo(200);
    }

    @Test
    void filesWrittenByTcpdumpAndEditcapMatchLibpcap() throws Exception {
        assumeTrue(onPath("tcpdump") && onPath("editcap"), "tcpdump and editcap are not installed");
        Path generated = dir.resolve("gen.pcap");
        SyntheticTraffic.writePcap(generated, PACKETS, 7);
        Path nano = dir.resolve("nano.pcap");
        run("tcpdump", "-r", generated.toString(), "-w", nano.toString(), "--time-stamp-precision=nano");
        Path ng = dir.resolve("ng.pcapng");
        run("editcap", "-F", "pcapng", nano.toString(), ng.toString());
        for (Path file : List.of(generated, nano, ng)) {
            List<Frame> ours = readOurs(file);
            assertThat(ours).as(file.toString()).hasSize(PACKETS);
            assertThat(ours).as(file.toString()).containsExactlyElementsOf(readLibpcap(file));
        }
        assertThat(readOurs(ng)).containsExactlyElementsOf(readOurs(generated));
    }

    @Test
    void truncatedPcapDeliversEveryWholePacketThenNamesFileAndOffset() throws Exception {
        Path file = dir.resolve("cut.pcap");
        SyntheticTraffic.writePcap(file, 100, 3);
        long size = Files.size(file);
        truncate(file, size - 5);
        List<Frame> delivered = new ArrayList<>();
        assertThatThrownBy(() -> readInto(file, delivered))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated record")
                .satisfies(e -> assertThat(((CaptureFormatException) e).byteOffset()).isBetween(24L, size - 5));
        assertThat(delivered).hasSize(99);
    }

    @Test
    void impossibleRecordLengthIsRejectedAtItsOffset() throws Exception {
        Path file = dir.resolve("bad.pcap");
        byte[] frame = new byte[60];
        try (CaptureFileWriter w = CaptureFileWriter.pcap(file, ByteOrder.LITTLE_ENDIAN, false, 1, 128)) {
            w.packet(0, 1_000_000, 0, frame, 60, 60);
            w.packet(0, 2_000_000, 0, frame, 60, 60);
        }
        // second record header at 24 + 16 + 60 = 100; its incl_len at 108: make it 0x7fffffff
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}), 108);
        }
        List<Frame> delivered = new ArrayList<>();
        assertThatThrownBy(() -> readInto(file, delivered))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("at byte offset 100");
        assertThat(delivered).hasSize(1);
    }

    @Test
    void truncatedAndInconsistentPcapngBlocksAreRejected() throws Exception {
        Path file = dir.resolve("cut.pcapng");
        byte[] frame = new byte[60];
        try (CaptureFileWriter w = CaptureFileWriter.pcapng(file, ByteOrder.BIG_ENDIAN, false, 128, 1)) {
            for (int i = 0; i < 10; i++) {
                w.packet(0, 1_000_000 + i, 0, frame, 60, 60);
            }
        }
        long size = Files.size(file);
        truncate(file, size - 10);
        List<Frame> delivered = new ArrayList<>();
        assertThatThrownBy(() -> readInto(file, delivered))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("truncated block")
                .hasMessageContaining("at byte offset " + (size - 92));
        assertThat(delivered).hasSize(9);

        // trailing length of the first EPB (at 28 + 20 + 92 - 4) no longer matches its header
        Path bad = dir.resolve("mismatch.pcapng");
        Files.copy(file, bad);
        try (FileChannel ch = FileChannel.open(bad, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 96}), 28 + 20 + 92 - 4);
        }
        assertThatThrownBy(() -> readInto(bad, new ArrayList<>()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("does not match")
                .hasMessageContaining("at byte offset 48");
    }

    @Test
    void notACaptureFileAndMissingFileAreClearErrors() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a capture file at all");
        assertThatThrownBy(() -> CaptureFiles.open(text))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("not a pcap file");
        assertThatThrownBy(() -> CaptureFiles.open(dir.resolve("missing.pcap")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    private void writeTraffic(CaptureFileWriter w, boolean twoInterfaces) throws IOException {
        int[] n = {0};
        new SyntheticTraffic(11, 50).generate(PACKETS, (ts, frame, captured, wire) -> {
            // sub-microsecond nanoseconds must be truncated the way libpcap does
            w.packet(twoInterfaces ? n[0] % 2 : 0, ts, n[0]++ % 1000, frame, captured, wire);
        });
    }

    private static List<Frame> readOurs(Path file) throws IOException {
        List<Frame> frames = new ArrayList<>();
        readInto(file, frames);
        return frames;
    }

    private static void readInto(Path file, List<Frame> frames) throws IOException {
        try (FrameSource source = CaptureFiles.open(file)) {
            while (source.deliver((lt, data, off, cap, wire, ts) ->
                    frames.add(new Frame(lt, ts, Arrays.copyOfRange(data, off, off + cap), wire)), 777) >= 0) {
                // keep reading in odd-sized batches
            }
        }
    }

    private static List<Frame> readLibpcap(Path file) throws Exception {
        List<Frame> frames = new ArrayList<>();
        PcapLibrary.configure();
        PcapHandle handle = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.MICRO);
        try {
            while (true) {
                byte[] packet;
                try {
                    packet = handle.getNextRawPacketEx();
                } catch (EOFException e) {
                    break;
                } catch (TimeoutException e) {
                    continue;
                }
                Timestamp ts = handle.getTimestamp();
                long micros = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000L + ts.getNanos() / 1000;
                frames.add(new Frame(null, micros, packet, handle.getOriginalLength()));
            }
        } finally {
            handle.close();
        }
        return frames;
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
