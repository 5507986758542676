package dev.synscope.it.scaleout;

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
    static final Path DEMO_DIR = Path.of("..", "..", "deploy", "demo");
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
     * Both vantage points moved by the same whole number of hours so that the first packet lies one
     * to two hours before {@code nowSeconds} (for the scale-out demo, run on any later day): recent
     * enough that no topic's retention deletes the records while the demo runs, old enough that no
     * broker rejects them as future. Written under {@code dir} as {@code demo-client.pcap} / {@code
     * demo-server.pcap}, so the probe ids are those of {@code synscope demo}.
     */
    static List<Path> recent(Path dir, long nowSeconds) {
        long first = Math.min(firstSecond(DEMO_DIR.resolve("demo-client.pcap")),
                firstSecond(DEMO_DIR.resolve("demo-server.pcap")));
        long shift = ((nowSeconds - first) / HOUR_SECONDS - 1) * HOUR_SECONDS;
        List<Path> out = new ArrayList<>();
        for (String side : List.of("client", "server")) {
            String file = "demo-" + side + ".pcap";
            out.add(shifted(DEMO_DIR.resolve(file), dir.resolve(file), shift));
        }
        return out;
    }

    /** The seconds field of the first record of a classic pcap file. */
    private static long firstSecond(Path pcap) {
        try {
            byte[] head = new byte[GLOBAL_HEADER + RECORD_HEADER];
            try (var in = Files.newInputStream(pcap)) {
                if (in.readNBytes(head, 0, head.length) < head.length) {
                    throw new IllegalArgumentException(pcap + " holds no packet");
                }
            }
            ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            int magic = b.getInt(0);
            if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
                b.order(ByteOrder.BIG_ENDIAN);
            }
            return Integer.toUnsignedLong(b.getInt(GLOBAL_HEADER));
        } catch (IOException e) {
            throw new UncheckedIOException(pcap + " cannot be read: " + e.getMessage(), e);
        }
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
