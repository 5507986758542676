package dev.synscope.lab.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapTailTest {

    @TempDir
    Path dir;

    private static byte[] globalHeader(ByteOrder order, int magic) {
        return ByteBuffer.allocate(24).order(order).putInt(magic).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(128).putInt(1).array();
    }

    private static byte[] record(ByteOrder order, long seconds, long fraction, int length) {
        ByteBuffer b = ByteBuffer.allocate(16 + length).order(order).putInt((int) seconds).putInt((int) fraction)
                .putInt(length).putInt(length + 100);
        for (int i = 0; i < length; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    private Path write(byte[]... parts) throws IOException {
        Path file = dir.resolve("c.pcap");
        for (byte[] p : parts) {
            Files.write(file, p, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return file;
    }

    @Test
    void returnsTheFramesBeforeEachCutOnceAndInFileOrder() throws IOException {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        Path file = write(globalHeader(le, 0xA1B2C3D4), record(le, 10, 100, 4), record(le, 10, 900_000, 5),
                record(le, 12, 0, 6));
        try (PcapTail tail = new PcapTail(file)) {
            assertThat(tail.readBefore(10_000_100L)).isEmpty();
            assertThat(tail.readBefore(11_000_000L)).extracting(CapturedFrame::tsMicros)
                    .containsExactly(10_000_100L, 10_900_000L);
            assertThat(tail.readBefore(11_000_000L)).isEmpty();
            CapturedFrame last = tail.readBefore(13_000_000L).get(0);
            assertThat(last.tsMicros()).isEqualTo(12_000_000L);
            assertThat(last.dlt()).isEqualTo(1);
            assertThat(last.data()).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(last.wireLength()).isEqualTo(106);
        }
    }

    @Test
    void aRecordStillBeingWrittenIsLeftForLaterAndBigEndianNanosAreRead() throws IOException {
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        byte[] second = record(be, 20, 500_000_000L, 8);
        byte[] half = java.util.Arrays.copyOf(second, 20);
        Path file = write(globalHeader(be, 0xA1B23C4D), record(be, 20, 1_000, 2), half);
        try (PcapTail tail = new PcapTail(file)) {
            assertThat(tail.readBefore(Long.MAX_VALUE)).extracting(CapturedFrame::tsMicros).containsExactly(20_000_001L);
            Files.write(file, java.util.Arrays.copyOfRange(second, 20, second.length), StandardOpenOption.APPEND);
            assertThat(tail.readBefore(Long.MAX_VALUE)).extracting(CapturedFrame::tsMicros).containsExactly(20_500_000L);
        }
    }

    @Test
    void aFileNotYetCreatedOrWithoutItsHeaderHoldsNothingYet() throws IOException {
        try (PcapTail tail = new PcapTail(dir.resolve("later.pcap"))) {
            assertThat(tail.readBefore(Long.MAX_VALUE)).isEmpty();
            Files.write(dir.resolve("later.pcap"), new byte[] {(byte) 0xD4, (byte) 0xC3});
            assertThat(tail.readBefore(Long.MAX_VALUE)).isEmpty();
        }
    }

    @Test
    void rejectsWhatIsNotAPcapAndAnImpossibleRecordLength() throws IOException {
        Path notPcap = dir.resolve("x.pcap");
        Files.write(notPcap, new byte[24]);
        try (PcapTail tail = new PcapTail(notPcap)) {
            assertThatThrownBy(() -> tail.readBefore(1)).isInstanceOf(IOException.class).hasMessageContaining("not a pcap");
        }
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        byte[] huge = ByteBuffer.allocate(16).order(le).putInt(1).putInt(0).putInt(1 << 30).putInt(60).array();
        try (PcapTail tail = new PcapTail(write(globalHeader(le, 0xA1B2C3D4), huge))) {
            assertThatThrownBy(() -> tail.readBefore(Long.MAX_VALUE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("captured bytes");
        }
    }
}
