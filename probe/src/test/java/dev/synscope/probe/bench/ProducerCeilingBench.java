package dev.synscope.probe.bench;

import dev.synscope.probe.capture.CaptureFiles;
import dev.synscope.probe.capture.FrameSource;
import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.probe.decode.HeaderDecoder;
import dev.synscope.probe.publish.ProducerSettings;
import dev.synscope.schema.serde.HeaderRecordEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The ceiling under the probe's end-to-end rate, measured in the same bench run (a benchmark, not a
 * test): the capture's records are read, decoded and Avro-encoded into memory first, then sent by a
 * bare {@link KafkaProducer} with the probe's own producer settings (idempotent, acks=all, lz4,
 * same batch and linger), from {@code threads} threads each owning a producer, until every record
 * is acknowledged. No capture, no decoding, no accounting while sending: what is left is the Kafka
 * client and the broker on this machine. Prints {@code producer-ceiling-<threads>t records seconds
 * records_per_second}.
 *
 * <p>Usage: {@code ProducerCeilingBench CAPTURE BOOTSTRAP TOPIC MAX_RECORDS THREADS...}
 */
public final class ProducerCeilingBench {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String bootstrap = args[1];
        String topic = args[2];
        int max = Integer.parseInt(args[3]);
        List<byte[][]> records = encode(file, max);
        for (int i = 4; i < args.length; i++) {
            int threads = Integer.parseInt(args[i]);
            send(records, bootstrap, topic, threads); // warm-up: JIT, metadata, connections
            long start = System.nanoTime();
            send(records, bootstrap, topic, threads);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "producer-ceiling-%dt %d %.3f %.0f%n", threads, records.size(), seconds,
                    records.size() / seconds);
        }
    }

    private static List<byte[][]> encode(Path file, int max) throws Exception {
        HeaderDecoder decoder = new HeaderDecoder();
        DecodedHeader h = new DecodedHeader();
        HeaderRecordEncoder encoder = new HeaderRecordEncoder("bench", file.getFileName().toString(), false);
        List<byte[][]> out = new ArrayList<>(max);
        try (FrameSource source = CaptureFiles.open(file)) {
            while (out.size() < max && source.deliver((lt, data, off, cap, wire, ts) -> {
                if (out.size() < max && decoder.decode(lt, data, off, cap, ts, h)) {
                    out.add(new byte[][] {encoder.key(h), encoder.value(h)});
                }
            }, 4096) >= 0) {
                // until max records or the end of the file
            }
        }
        return out;
    }

    /** Thread t sends records t, t+threads, ...; returns when every record is acknowledged. */
    private static void send(List<byte[][]> records, String bootstrap, String topic, int threads) throws Exception {
        AtomicLong failed = new AtomicLong();
        Callback onAck = (metadata, e) -> {
            if (e != null) {
                failed.incrementAndGet();
            }
        };
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread sender = new Thread(() -> {
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ProducerSettings.producerProperties(
                        bootstrap, "ceiling-" + first, Map.of(), threads))) {
                    for (int i = first; i < records.size(); i += threads) {
                        byte[][] r = records.get(i);
                        producer.send(new ProducerRecord<>(topic, r[0], r[1]), onAck);
                    }
                    producer.flush();
                }
            }, "ceiling-sender-" + t);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records failed");
        }
    }
}
