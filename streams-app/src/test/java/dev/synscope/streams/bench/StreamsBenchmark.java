package dev.synscope.streams.bench;

import dev.synscope.kafka.embedded.LocalKafkaBroker;
import dev.synscope.kafka.embedded.LocalKafkaConfig;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.StreamsApp;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.topology.SynScopeTopology;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The streams benchmark (not a test): a local KRaft broker, synthetic header records, one streams
 * app instance. Run with {@code streams-app/bench/run-streams-benchmark.sh}; prints markdown lines.
 *
 * <p>Phases (argument 1):
 * <ul>
 *   <li>{@code throughput N}: N complete connections of 10 packets (handshake, 77/230-byte exchange,
 *       four-way close) already in the headers topic; time from start until every record is processed
 *       (committed), records in -> table, conn-log, anomalies out;</li>
 *   <li>{@code concurrent N}: N connections left ESTABLISHED (3 packets each); reports state bytes per
 *       connection in RocksDB and on the changelog; run it with -Xmx1g for the 1M-connection check;</li>
 *   <li>{@code latency N}: the app runs live; N refused connections are produced 5 ms apart with capture
 *       time = now; latency = time the CONNECTION_REFUSED anomaly is read (read_committed) minus the
 *       capture time of the RST that made the condition true;</li>
 *   <li>{@code ceiling N}: the throughput input through a trivial topology (decode, validate, write unchanged):
 *       what Kafka Streams itself costs per record here, the ceiling for any topology;</li>
 *   <li>{@code tshark N}: the throughput connections written as a pcap and timed through
 *       {@code tshark -q -z conv,tcp}, the reference the issue asks for.</li>
 *   <li>{@code flood N}: the bounded-state soak (issue 12): N spoofed SYNs (a new source address and a random
 *       port and ISN each, 5,000 SYN/s of capture time) to one service, with a legitimate connection
 *       (handshake and exchange) every 10,000 SYNs, then a heartbeat; reports elapsed time, evictions and
 *       refusals (the pipeline's counters), rows left, SYN_FLOOD raised, the heap used after a GC at the end and
 *       the peak RSS of the JVM (broker included, sampled every 200 ms). The per-task limit is
 *       {@code -Dmax.connections.per.task} (default: {@link Thresholds}' default). One command each:
 *       <pre>
 *   streams-app/bench/run-streams-benchmark.sh flood 1000000
 *   streams-app/bench/run-streams-benchmark.sh flood 10000000</pre>
 *       (both at -Xmx1g).</li>
 * </ul>
 * System properties: {@code commit.interval.ms}, {@code num.stream.threads}, {@code streams.overrides}. Throughput rows also give the
 * stream threads' CPU time per record, which (unlike records/s) does not depend on how busy the machine is.
 * Addresses are documentation prefixes (RFC 5737); nothing is sent on a network but to the local broker.
 */
public final class StreamsBenchmark {

    private static final int PARTITIONS = 2;
    private static final long T0 = 1_700_000_000_000_000L;

    public static void main(String[] args) throws Exception {
        SynScopeSerdes.CONNECTION_KEY.type(); // loading the serdes makes Avro trust our generated classes
        String phase = args.length > 0 ? args[0] : "throughput";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        String guarantee = args.length > 2 ? args[2] : StreamsConfig.EXACTLY_ONCE_V2;
        Path work = Files.createTempDirectory("synscope-bench");
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(LocalKafkaConfig.defaults()
                .withPartitions(PARTITIONS).withDataDir(work.resolve("kafka"), false))) {
            StreamsAppConfig config = StreamsAppConfig.defaults(broker.bootstrapServers())
                    .withApplicationId("bench-" + phase)
                    .withStateDir(work.resolve("state"))
                    .withTopics(TopicNames.prefixed("bench."))
                    .withProcessingGuarantee(guarantee)
                    .withThresholds(Thresholds.defaults().toBuilder().wallClockIdleAdvance(Duration.ZERO)
                            .maxConnectionsPerTask(Long.getLong("max.connections.per.task",
                                    Thresholds.defaults().maxConnectionsPerTask())).build());
            long commitMs = Long.getLong("commit.interval.ms", config.commitIntervalMs());
            config = new StreamsAppConfig(config.bootstrapServers(), config.applicationId(), config.stateDir(),
                    config.processingGuarantee(), 0, Integer.getInteger("num.stream.threads", 1), null, commitMs,
                    config.topics(), config.thresholds())
                    .withOverrides(overrides(System.getProperty("streams.overrides", "")));
            try (Admin admin = broker.admin()) {
                List<NewTopic> topics = new ArrayList<>();
                topics.add(new NewTopic(config.topics().headers(), PARTITIONS, (short) 1));
                config.topics().outputs().forEach(t ->
                        topics.add(new NewTopic(t.name(), PARTITIONS, (short) 1).configs(t.configs())));
                admin.createTopics(topics).all().get();
            }
            switch (phase) {
                case "throughput" -> throughput(broker, config, n);
                case "concurrent" -> concurrent(broker, config, n);
                case "latency" -> latency(config, n);
                case "ceiling" -> ceiling(broker, config, n);
                case "tshark" -> tshark(work, n);
                case "flood" -> flood(config, n);
                default -> throw new IllegalArgumentException(
                        "phase: throughput | concurrent | latency | ceiling | tshark | flood");
            }
        } finally {
            deleteTree(work);
        }
    }

    private static void throughput(LocalKafkaBroker broker, StreamsAppConfig config, int connections)
            throws Exception {
        long records = produceConnections(config, connections, true);
        long start = System.nanoTime();
        try (StreamsApp app = StreamsApp.start(config)) {
            app.awaitRunning(Duration.ofMinutes(2));
            long running = System.nanoTime();
            if (!app.awaitProcessed(Duration.ofMinutes(30))) {
                throw new IllegalStateException("not processed in time");
            }
            long end = System.nanoTime();
            double total = (end - start) / 1e9;
            double processing = (end - running) / 1e9;
            System.out.printf("| throughput (%s, commit every " + config.commitIntervalMs() + " ms, "
                            + config.numThreads() + " stream thread(s)) | %,d connections, %,d header records | %.1f s from start "
                            + "(%.1f s after RUNNING) | **%,.0f records/s** (%,.0f incl. startup); %s |%n",
                    config.processingGuarantee(), connections, records, total, processing, records / processing,
                    records / total, cpuPerRecord(records));
        }
    }

    /**
     * The Kafka Streams ceiling on this machine: the same input through a trivial topology (every header
     * record decoded and validated, then written unchanged to one output topic), same guarantee and
     * commit interval. Nothing the real topology does per record can be faster than this.
     */
    private static void ceiling(LocalKafkaBroker broker, StreamsAppConfig config, int connections) throws Exception {
        long records = produceConnections(config, connections, true);
        org.apache.kafka.streams.StreamsBuilder builder = new org.apache.kafka.streams.StreamsBuilder();
        Serde<byte[]> raw = Serdes.ByteArray();
        builder.stream(config.topics().headers(), Consumed.with(raw, raw))
                .filter((k, v) -> SynScopeSerdes.HEADER_OBSERVATION.deserialize(null, v) != null)
                .to(config.topics().connLog(), Produced.with(raw, raw));
        long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), config.toProperties());
             Admin admin = broker.admin()) {
            streams.start();
            long running = 0;
            while (true) {
                if (running == 0 && streams.state() == KafkaStreams.State.RUNNING) {
                    running = System.nanoTime();
                }
                if (running != 0 && committedAll(admin, config)) {
                    break;
                }
                Thread.sleep(20);
            }
            long end = System.nanoTime();
            double total = (end - start) / 1e9;
            double processing = (end - running) / 1e9;
            System.out.printf("| ceiling: decode + pass-through (%s, commit every %d ms) | %,d header records | "
                            + "%.1f s from start (%.1f s after RUNNING) | **%,.0f records/s**; %s |%n",
                    config.processingGuarantee(), config.commitIntervalMs(), records, total, processing,
                    records / processing, cpuPerRecord(records));
            streams.close(Duration.ofSeconds(30));
        }
    }

    /**
     * CPU time of the stream threads (what one instance spends per record, independent of how busy the
     * shared machine is) and of the whole JVM (which also holds the broker and the benchmark producer).
     */
    private static String cpuPerRecord(long records) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long streamNanos = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("StreamThread")) {
                streamNanos += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        long jvmNanos = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        return String.format("stream thread CPU %.1f s = %.1f µs/record (JVM incl. broker %.1f s)",
                streamNanos / 1e9, streamNanos / 1e3 / records, jvmNanos / 1e9);
    }

    /**
     * The reference the issue asks for: the same synthetic connections written as a pcap (Ethernet,
     * IPv4, TCP, payload of the given length; documentation addresses) and timed through
     * {@code tshark -q -z conv,tcp}, which reads the file and prints one line per TCP conversation.
     */
    private static void tshark(Path work, int connections) throws Exception {
        Path pcap = work.resolve("synthetic.pcap");
        long packets = 0;
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(pcap), 1 << 20)) {
            ByteBuffer global = ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            global.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                    .putInt(1); // LINKTYPE_ETHERNET
            out.write(global.array());
            int block = 1_000;
            for (int base = 0; base < connections; base += block) {
                int size = Math.min(block, connections - base);
                for (int step = 0; step < 10; step++) {
                    for (int j = 0; j < size; j++) {
                        int i = base + j;
                        out.write(frame(packet(i, step, T0 + (long) base * 100 + step * 1_000L + j)));
                        packets++;
                    }
                }
            }
        }
        ProcessBuilder pb = new ProcessBuilder("tshark", "-q", "-z", "conv,tcp", "-r", pcap.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("tshark.out").toFile());
        long start = System.nanoTime();
        int rc = pb.start().waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        long lines;
        try (Stream<String> out = Files.lines(work.resolve("tshark.out"))) {
            lines = out.filter(l -> l.contains("<->")).count();
        }
        System.out.printf("| tshark -q -z conv,tcp (exit %d) | same %,d connections as a pcap, %,d packets, %,d B | "
                        + "%.1f s | **%,.0f packets/s** (%,d conversations listed) |%n",
                rc, connections, packets, Files.size(pcap), seconds, packets / seconds, lines);
    }

    /** One pcap record: header, then Ethernet + IPv4 + TCP (no options) + zero payload. */
    private static byte[] frame(HeaderObservation h) {
        int payload = h.getPayloadLength();
        int ipLength = 20 + 20 + payload;
        int frameLength = 14 + ipLength;
        ByteBuffer b = ByteBuffer.allocate(16 + frameLength);
        b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) (h.getTsMicros() / 1_000_000L)).putInt((int) (h.getTsMicros() % 1_000_000L))
                .putInt(frameLength).putInt(frameLength);
        b.order(java.nio.ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        int ip = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) h.getTtl()).put((byte) 6).putShort((short) 0)
                .put(h.getSrcAddr().duplicate()).put(h.getDstAddr().duplicate());
        int sum = 0;
        for (int k = ip; k < ip + 20; k += 2) {
            sum += ((b.get(k) & 0xff) << 8) | (b.get(k + 1) & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        b.putShort(ip + 10, (short) ~sum);
        b.putShort((short) h.getSrcPort()).putShort((short) h.getDstPort())
                .putInt((int) h.getSeq()).putInt((int) h.getAck())
                .put((byte) 0x50).put((byte) h.getFlags()).putShort((short) h.getWindow())
                .putShort((short) 0).putShort((short) 0);
        b.put(new byte[payload]);
        return b.array();
    }

    /** {@code -Dstreams.overrides=producer.batch.size=262144,consumer.max.poll.records=2000}: extra Streams properties. */
    private static Map<String, String> overrides(String spec) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String kv : spec.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return out;
    }

    /** True when the app's committed offsets reached the end of every headers partition. */
    private static boolean committedAll(Admin admin, StreamsAppConfig config) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(config.topics().headers(), p), OffsetSpec.latest());
        }
        var ends = admin.listOffsets(request).all().get();
        var committed = admin.listConsumerGroupOffsets(config.applicationId()).partitionsToOffsetAndMetadata().get();
        for (var e : ends.entrySet()) {
            var c = committed.get(e.getKey());
            if (c == null || c.offset() < e.getValue().offset()) {
                return false;
            }
        }
        return true;
    }

    private static void concurrent(LocalKafkaBroker broker, StreamsAppConfig config, int connections)
            throws Exception {
        long records = produceConnections(config, connections, false);
        long start = System.nanoTime();
        long rows;
        try (StreamsApp app = StreamsApp.start(config)) {
            app.awaitRunning(Duration.ofMinutes(2));
            if (!app.awaitProcessed(Duration.ofMinutes(60))) {
                throw new IllegalStateException("not processed in time");
            }
            rows = app.streams().store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                    SynScopeTopology.CONNECTIONS_STORE,
                    org.apache.kafka.streams.state.QueryableStoreTypes.<Object, Object>keyValueStore()))
                    .approximateNumEntries();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Runtime rt = Runtime.getRuntime();
        long rocks = directoryBytes(config.stateDir(), SynScopeTopology.CONNECTIONS_STORE);
        long timers = directoryBytes(config.stateDir(), SynScopeTopology.TIMERS_STORE)
                + directoryBytes(config.stateDir(), SynScopeTopology.DEADLINE_INDEX_STORE);
        long changelog = topicBytes(broker, config.applicationId() + "-" + SynScopeTopology.CONNECTIONS_STORE
                + "-changelog");
        long table = topicBytes(broker, config.topics().connections());
        System.out.printf("| concurrent (-Xmx%dm) | %,d ESTABLISHED connections (%,d records, ~%,d rows in store) "
                        + "tracked in %.1f s | RocksDB connections store %,d B = **%.0f B/connection** (+ timers/index "
                        + "%.0f B/connection); changelog %,d B = **%.0f B/connection**; connections topic %.0f "
                        + "B/connection |%n",
                rt.maxMemory() / (1024 * 1024), connections, records, rows, seconds, rocks,
                (double) rocks / connections, (double) timers / connections, changelog,
                (double) changelog / connections, (double) table / connections);
    }

    /** The flood soak of the class comment. */
    private static void flood(StreamsAppConfig config, int syns) throws Exception {
        java.util.Random random = new java.util.Random(12);
        long records = 0;
        long t = T0;
        try (KafkaProducer<byte[], byte[]> producer = producer(config)) {
            for (int i = 0; i < syns; i++) {
                t = T0 + i * 200L;
                String src = "10." + ((i >> 16) & 0xFF) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
                send(producer, config, tcp(t, src, 1024 + random.nextInt(64_000), "192.0.2.1", 80, 0x02,
                        random.nextInt() & 0xFFFF_FFFFL, 0, 0));
                records++;
                if (i % 10_000 == 5_000) { // a legitimate connection: handshake and exchange, packets 1 ms apart
                    int legit = i / 10_000;
                    for (int step = 0; step < 7; step++) {
                        send(producer, config, packet(legit, step, t + step * 1_000L));
                        records++;
                    }
                }
            }
            HeaderObservation hb = HeaderObservation.newBuilder().setKind(ObservationKind.HEARTBEAT)
                    .setTsMicros(t + seconds(1)).setProbeId("bench").setIface("bench").build();
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(config.topics().headers(), p, System.currentTimeMillis(), null,
                        SynScopeSerdes.HEADER_OBSERVATION.serialize(null, hb)));
            }
            producer.flush();
        }
        long[] peakRss = {0};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakRss[0] = Math.max(peakRss[0], rssBytes());
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        try (StreamsApp app = StreamsApp.start(config);
             KafkaConsumer<byte[], AnomalyEvent> anomalies = anomalyConsumer(config)) {
            app.awaitRunning(Duration.ofMinutes(2));
            if (!app.awaitProcessed(Duration.ofMinutes(120))) {
                throw new IllegalStateException("not processed in time");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            long rows = 0;
            try (var it = app.streams().store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                    SynScopeTopology.CONNECTIONS_STORE,
                    org.apache.kafka.streams.state.QueryableStoreTypes.<Object, Object>keyValueStore())).all()) {
                while (it.hasNext()) {
                    it.next();
                    rows++;
                }
            }
            long floods = 0;
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<byte[], AnomalyEvent> r : anomalies.poll(Duration.ofMillis(500))) {
                    floods += r.value().getType() == AnomalyType.SYN_FLOOD ? 1 : 0;
                }
            }
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf("| flood (-Xmx%dm, limit %,d/task, %d partitions) | %,d spoofed SYNs + %,d legitimate "
                            + "connections (%,d records) | %.1f s from start | %,.0f records/s; evicted **%,.0f**, "
                            + "refused %,.0f; %,d rows left; SYN_FLOOD raised %d; heap used after GC **%,d MB**; "
                            + "peak RSS (JVM incl. broker) **%,d MB** |%n",
                    rt.maxMemory() / (1024 * 1024), config.thresholds().maxConnectionsPerTask(), PARTITIONS, syns,
                    (syns + 4_999) / 10_000, records, seconds, records / seconds,
                    pipelineSum(app, dev.synscope.streams.metrics.PipelineMetrics.CONNECTIONS_EVICTED),
                    pipelineSum(app, dev.synscope.streams.metrics.PipelineMetrics.CONNECTIONS_REFUSED_AT_LIMIT), rows,
                    floods, (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024),
                    Math.max(peakRss[0], rssBytes()) / (1024 * 1024));
        }
    }

    private static double pipelineSum(StreamsApp app, String name) {
        double total = 0;
        for (var e : app.streams().metrics().entrySet()) {
            if (e.getKey().group().equals(dev.synscope.streams.metrics.PipelineMetrics.GROUP)
                    && e.getKey().name().equals(name) && e.getValue().metricValue() instanceof Number v) {
                total += v.doubleValue();
            }
        }
        return total;
    }

    /** This process's resident set (VmRSS of /proc/self/status), 0 where there is none. */
    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    private static void latency(StreamsAppConfig config, int attempts) throws Exception {
        try (StreamsApp app = StreamsApp.start(config);
             KafkaProducer<byte[], byte[]> producer = producer(config);
             KafkaConsumer<byte[], AnomalyEvent> consumer = anomalyConsumer(config)) {
            app.awaitRunning(Duration.ofMinutes(2));
            List<Long> latencies = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            for (int i = 0; i < attempts; i++) {
                long now = System.currentTimeMillis() * 1000;
                int cport = 20000 + i;
                send(producer, config, tcp(now, "198.51.100.7", cport, "192.0.2.1", 81, 0x02, 1000, 0, 0));
                send(producer, config, tcp(now + 100, "192.0.2.1", 81, "198.51.100.7", cport, 0x14, 0, 1001, 0));
                producer.flush();
                poll(consumer, latencies);
                Thread.sleep(5);
            }
            while (latencies.size() < attempts && System.nanoTime() < deadline) {
                poll(consumer, latencies);
            }
            Collections.sort(latencies);
            System.out.printf("| anomaly latency (%s) | %d CONNECTION_REFUSED, produced live | p50 **%.1f ms**, "
                            + "p99 **%.1f ms**, max %.1f ms (RST capture time -> anomaly read with read_committed) |%n",
                    config.processingGuarantee(), latencies.size(), pct(latencies, 0.50) / 1000.0,
                    pct(latencies, 0.99) / 1000.0, latencies.get(latencies.size() - 1) / 1000.0);
        }
    }

    private static void poll(KafkaConsumer<byte[], AnomalyEvent> consumer, List<Long> latencies) {
        for (ConsumerRecord<byte[], AnomalyEvent> r : consumer.poll(Duration.ofMillis(1))) {
            if (r.value().getType() == AnomalyType.CONNECTION_REFUSED) {
                latencies.add(System.currentTimeMillis() * 1000 - r.value().getTsMicros());
            }
        }
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /**
     * Produces the synthetic connections in capture-time order, interleaved 1,000 at a time; with
     * {@code close} each has 10 packets (the article's exchange), without it 3 (left ESTABLISHED).
     */
    private static long produceConnections(StreamsAppConfig config, int connections, boolean close)
            throws Exception {
        long count = 0;
        long start = System.nanoTime();
        int block = 1_000;
        try (KafkaProducer<byte[], byte[]> producer = producer(config)) {
            for (int base = 0; base < connections; base += block) {
                int size = Math.min(block, connections - base);
                int steps = close ? 10 : 3;
                for (int step = 0; step < steps; step++) {
                    for (int j = 0; j < size; j++) {
                        int i = base + j;
                        long t = T0 + (long) base * 100 + step * 1_000L + j;
                        send(producer, config, packet(i, step, t));
                        count++;
                    }
                }
            }
            // heartbeats close the run: stream time moves past the last TIME_WAIT on every partition
            long end = T0 + (long) connections * 100 + seconds(120);
            HeaderObservation hb = HeaderObservation.newBuilder().setKind(ObservationKind.HEARTBEAT)
                    .setTsMicros(close ? end : T0 + (long) connections * 100 + 20_000).setProbeId("bench")
                    .setIface("bench").build();
            byte[] value = SynScopeSerdes.HEADER_OBSERVATION.serialize(null, hb);
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(config.topics().headers(), p, System.currentTimeMillis(), null,
                        value));
            }
            producer.flush();
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("| produce | %,d header records | %.1f s | %,.0f records/s (benchmark producer) |%n",
                count, s, count / s);
        return count;
    }

    private static long seconds(long s) {
        return s * 1_000_000L;
    }

    /** Packet {@code step} of synthetic connection {@code i}. */
    private static HeaderObservation packet(int i, int step, long t) {
        String client = (i % 2 == 0 ? "198.51.100." : "203.0.113.") + (1 + (i / 2) % 254);
        int cport = 1024 + (i / 508) % 64000;
        String server = "192.0.2." + (1 + i % 10);
        int sport = 80;
        long c = 1_000_000L + i;
        long s = 3_000_000_000L + i;
        return switch (step) {
            case 0 -> tcp(t, client, cport, server, sport, 0x02, c, 0, 0);
            case 1 -> tcp(t, server, sport, client, cport, 0x12, s, c + 1, 0);
            case 2 -> tcp(t, client, cport, server, sport, 0x10, c + 1, s + 1, 0);
            case 3 -> tcp(t, client, cport, server, sport, 0x18, c + 1, s + 1, 77);
            case 4 -> tcp(t, server, sport, client, cport, 0x10, s + 1, c + 78, 0);
            case 5 -> tcp(t, server, sport, client, cport, 0x18, s + 1, c + 78, 230);
            case 6 -> tcp(t, client, cport, server, sport, 0x10, c + 78, s + 231, 0);
            case 7 -> tcp(t, client, cport, server, sport, 0x11, c + 78, s + 231, 0);
            case 8 -> tcp(t, server, sport, client, cport, 0x11, s + 231, c + 79, 0);
            default -> tcp(t, client, cport, server, sport, 0x10, c + 79, s + 232, 0);
        };
    }

    private static HeaderObservation tcp(long ts, String src, int sp, String dst, int dp, int flags, long seq,
                                         long ack, int len) {
        return HeaderObservation.newBuilder().setKind(ObservationKind.TCP).setTsMicros(ts).setProbeId("bench")
                .setIface("bench").setIpVersion(4).setSrcAddr(ByteBuffer.wrap(CanonicalKeys.addressBytes(src)))
                .setDstAddr(ByteBuffer.wrap(CanonicalKeys.addressBytes(dst))).setSrcPort(sp).setDstPort(dp)
                .setFlags(flags).setSeq(seq).setAck(ack).setWindow(64240).setPayloadLength(len).setIpLength(40 + len)
                .setTtl(64).build();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, StreamsAppConfig config, HeaderObservation h) {
        byte[] key = SynScopeSerdes.CONNECTION_KEY.serialize(null, CanonicalKeys.of(h));
        producer.send(new ProducerRecord<>(config.topics().headers(), null, System.currentTimeMillis(), key,
                SynScopeSerdes.HEADER_OBSERVATION.serialize(null, h)));
    }

    private static KafkaProducer<byte[], byte[]> producer(StreamsAppConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], AnomalyEvent> anomalyConsumer(StreamsAppConfig config) {
        Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], AnomalyEvent> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                SynScopeSerdes.ANOMALY_EVENT);
        List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
        for (int i = 0; i < PARTITIONS; i++) {
            partitions.add(new org.apache.kafka.common.TopicPartition(config.topics().anomalies(), i));
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return c;
    }

    private static long directoryBytes(Path stateDir, String store) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p) && p.toString().contains("/rocksdb/" + store + "/")) {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }

    private static long topicBytes(LocalKafkaBroker broker, String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            long total = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(List.of(1)).allDescriptions().get()
                    .values().stream().toList()) {
                for (LogDirDescription d : dirs.values()) {
                    for (var e : d.replicaInfos().entrySet()) {
                        if (e.getKey().topic().equals(topic)) {
                            total += e.getValue().size();
                        }
                    }
                }
            }
            return total;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
