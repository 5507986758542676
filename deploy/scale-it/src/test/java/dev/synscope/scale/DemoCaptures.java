package dev.synscope.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped demo captures ({@code deploy/demo/demo-client.pcap} and {@code demo-server.pcap}: the
 * same scenarios seen from the client's and the server's side, as {@code synscope demo} replays them),
 * copied once per round of a test with every packet moved {@code round} hours later.
 *
 * <p>Why rounds: the tests feed one long-running pipeline several times. Each round's copies are
 * named {@code r<round>-client.pcap} / {@code r<round>-server.pcap}, so the probes get new ids (the
 * file's base name) and therefore new connection uids and anomaly ids, and their capture time lies
 * after every earlier round's, so event time only moves forward. The content is otherwise unchanged.
 *
 * <p>Rounds are moved into the past ({@code round - 5} hours, rounds 1..4), never into the future: a
 * broker rejects records whose timestamp (the probe uses the capture time) lies more than
 * {@code log.message.timestamp.after.max.ms} (1 hour by default) ahead of its clock, and the
 * captures were recorded on the day this test was written.
 */
final class DemoCaptures {

    /** deploy/demo, seen from this module's directory (Maven runs tests in the module's basedir). */
    static final Path DEMO_DIR = Path.of("..", "demo");
    private static final long HOUR_SECONDS = 3600;
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private DemoCaptures() {
    }

    /** The two vantage points of round {@code round} (1..4), written under {@code dir}. */
    static List<Path> round(Path dir, int round) {
        List<Path> out = new ArrayList<>();
        for (String side : List.of("client", "server")) {
            Path source = DEMO_DIR.resolve("demo-" + side + ".pcap");
            Path target = dir.resolve("r" + round + "-" + side + ".pcap");
            out.add(shifted(source, target, (round - 5) * HOUR_SECONDS));
        }
        return out;
    }

    /**
     * Copies a classic pcap file (little- or big-endian, micro- or nanosecond) with every record's
     * seconds field increased by {@code seconds}. The record headers are walked with their lengths
     * (incl_len), so packet bytes are copied untouched.
     */
    static Path shifted(Path source, Path target, long seconds) {
        try {
            byte[] bytes = Files.readAllBytes(source);
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
                b.order(ByteOrder.BIG_ENDIAN);
                magic = b.getInt(0);
                if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
                    throw new IllegalArgumentException(source + " is not a classic pcap file");
                }
            }
            int at = GLOBAL_HEADER;
            while (at + RECORD_HEADER <= bytes.length) {
                b.putInt(at, (int) (Integer.toUnsignedLong(b.getInt(at)) + seconds));
                int captured = b.getInt(at + 8);
                at += RECORD_HEADER + captured;
            }
            Files.createDirectories(target.getParent());
            return Files.write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
