package dev.synscope.probe.bench;

import dev.synscope.probe.capture.CaptureFiles;
import dev.synscope.probe.capture.FrameSource;
import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.probe.decode.HeaderDecoder;
import dev.synscope.schema.serde.HeaderRecordEncoder;
import java.io.EOFException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;

/**
 * The in-JVM part of bench/probe-bench.sh (a benchmark, not a test): reads one capture file with
 * pcap4j (getNextRawPacket, and dispatch with a raw listener) and with our reader (alone, + decode,
 * + Avro encode), one warm-up pass then one measured pass each, and prints one line per mode:
 * {@code mode packets seconds packets_per_second}.
 */
public final class FileReadBench {

    private static long sink;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String[] modes = args.length > 1 ? args[1].split(",")
                : new String[] {"pcap4j-next", "pcap4j-dispatch", "reader", "reader+decode", "reader+decode+encode"};
        System.setProperty("org.pcap4j.core.pcapLibName", System.getProperty("org.pcap4j.core.pcapLibName",
                "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8"));
        for (String mode : modes) {
            run(mode, file); // warm-up: JIT and page cache
            long start = System.nanoTime();
            long packets = run(mode, file);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s %d %.3f %.0f%n", mode, packets, seconds, packets / seconds);
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static long run(String mode, Path file) throws Exception {
        return switch (mode) {
            case "pcap4j-next" -> pcap4jNext(file);
            case "pcap4j-dispatch" -> pcap4jDispatch(file);
            case "reader" -> ours(file, false, false);
            case "reader+decode" -> ours(file, true, false);
            case "reader+decode+encode" -> ours(file, true, true);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
    }

    private static long pcap4jNext(Path file) throws Exception {
        PcapHandle handle = Pcaps.openOffline(file.toString());
        long n = 0;
        try {
            while (true) {
                byte[] p;
                try {
                    p = handle.getNextRawPacketEx();
                } catch (EOFException e) {
                    break;
                } catch (TimeoutException e) {
                    continue;
                }
                sink += p.length;
                n++;
            }
        } finally {
            handle.close();
        }
        return n;
    }

    private static long pcap4jDispatch(Path file) throws Exception {
        PcapHandle handle = Pcaps.openOffline(file.toString());
        long[] n = {0};
        RawPacketListener listener = p -> {
            sink += p.length;
            n[0]++;
        };
        try {
            while (handle.dispatch(10_000, listener) > 0) {
                // until the file is exhausted
            }
        } finally {
            handle.close();
        }
        return n[0];
    }

    private static long ours(Path file, boolean decode, boolean encode) throws Exception {
        HeaderDecoder decoder = new HeaderDecoder();
        DecodedHeader h = new DecodedHeader();
        HeaderRecordEncoder encoder = new HeaderRecordEncoder("bench", file.getFileName().toString(), false);
        long[] n = {0};
        try (FrameSource source = CaptureFiles.open(file)) {
            while (source.deliver((lt, data, off, cap, wire, ts) -> {
                n[0]++;
                if (!decode) {
                    sink += data[off + cap - 1];
                } else if (decoder.decode(lt, data, off, cap, ts, h)) {
                    if (encode) {
                        sink += encoder.key(h).length + encoder.value(h).length;
                    } else {
                        sink += h.seq;
                    }
                }
            }, 4096) >= 0) {
                // until the file is exhausted
            }
        }
        return n[0];
    }
}
