package dev.synscope.cli;

import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.Topics;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.query.http.AvroJson;
import dev.synscope.streams.report.StatesCsvWriter;
import dev.synscope.streams.report.ZeekConnLogWriter;
import dev.synscope.streams.report.ZeekJsonConnLogWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synscope export}: the connection table (compacted topic: the latest row per connection,
 * tombstones removing finished ones) or the conn-log, read from the beginning up to the end
 * offsets at start, written as CSV, JSON lines, Zeek's TSV conn.log or Zeek's JSON conn.log. A progress bar goes to
 * stderr for long exports. Nothing is committed: exports never disturb a consumer group.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export the connections table or the conn-log from Kafka as csv, jsonl, zeek (TSV conn.log) "
                + "or zeek-json (Zeek's JSON conn.log).")
final class ExportCommand implements Runnable {

    /** Records to read before the progress bar is shown in --progress auto mode. */
    static final long PROGRESS_THRESHOLD = 50_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--table", required = true, defaultValue = "${env:SYNSCOPE_TABLE}", paramLabel = "TABLE",
            description = "connections (live table) or conn-log (finished connections) (env SYNSCOPE_TABLE).")
    String table;

    @Option(names = "--format", defaultValue = "${env:SYNSCOPE_FORMAT:-csv}", paramLabel = "FORMAT",
            description = "csv, jsonl, zeek or zeek-json (the last two conn-log only) (env SYNSCOPE_FORMAT; "
                    + "default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--bootstrap", defaultValue = "${env:SYNSCOPE_BOOTSTRAP:-127.0.0.1:9092}", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env SYNSCOPE_BOOTSTRAP; default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "${env:SYNSCOPE_EXPORT_TOPIC}", paramLabel = "TOPIC",
            description = "Topic to read (env SYNSCOPE_EXPORT_TOPIC; default " + Topics.CONNECTIONS + " or "
                    + Topics.CONN_LOG + " by --table).")
    String topic;

    @Option(names = {"-f", "--file"}, defaultValue = "${env:SYNSCOPE_EXPORT_FILE}", paramLabel = "FILE",
            description = "Write here instead of stdout (env SYNSCOPE_EXPORT_FILE).")
    Path file;

    @Option(names = "--progress", defaultValue = "${env:SYNSCOPE_PROGRESS:-auto}", paramLabel = "WHEN",
            description = "Progress bar on stderr: auto (exports over " + PROGRESS_THRESHOLD + " records), always, "
                    + "never (env SYNSCOPE_PROGRESS; default ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public void run() {
        boolean connections = switch (table) {
            case "connections" -> true;
            case "conn-log" -> false;
            default -> throw new FailureHandler.UsageProblem("--table is connections or conn-log, not " + table);
        };
        if (!List.of("csv", "jsonl", "zeek", "zeek-json").contains(format)) {
            throw new FailureHandler.UsageProblem("--format is csv, jsonl, zeek or zeek-json, not " + format);
        }
        if (connections && format.startsWith("zeek")) {
            throw new FailureHandler.UsageProblem("--format " + format + " is Zeek's conn.log: use it with --table conn-log"
                    + " (the live table has no Zeek equivalent; use csv or jsonl)");
        }
        if (!List.of("auto", "always", "never").contains(progress)) {
            throw new FailureHandler.UsageProblem("--progress is auto, always or never, not " + progress);
        }
        String source = topic != null ? topic : connections ? Topics.CONNECTIONS : Topics.CONN_LOG;
        PrintWriter err = spec.commandLine().getErr();
        spec.commandLine().getErr().println("export: " + table + " from " + source + " on " + bootstrap + " as "
                + format + " to " + (file == null ? "stdout" : file) + ", progress " + progress);
        // stdout belongs to picocli (tests capture it): flushed, never closed
        try (Writer out = file == null ? new NonClosingWriter(spec.commandLine().getOut())
                : Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long written = connections ? exportConnections(source, err, out) : exportConnLog(source, err, out);
            out.flush();
            spec.commandLine().getErr().println("export: " + written + " " + table + " records written");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + (file == null ? "stdout" : file) + ": " + e.getMessage(), e);
        }
    }

    /** Receives each record read; may write it out at once. */
    @FunctionalInterface
    private interface RecordSink {
        void accept(ConsumerRecord<byte[], byte[]> record) throws IOException;
    }

    /** Hands every record from the beginning to the end offsets taken at start to {@code sink}, in poll order. */
    private void readToEnd(String source, PrintWriter err, RecordSink sink) throws IOException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(source, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + source + " does not exist on " + bootstrap);
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(source, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long total = partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
            ProgressBar bar = new ProgressBar(err, "export " + table, total,
                    progress.equals("always") || (progress.equals("auto") && total >= PROGRESS_THRESHOLD));
            List<TopicPartition> open = new ArrayList<>(partitions);
            open.removeIf(tp -> end.get(tp) <= begin.get(tp));
            while (!open.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < end.get(tp)) {
                        sink.accept(r);
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
                bar.update(partitions.stream().mapToLong(tp -> Math.min(consumer.position(tp), end.get(tp))
                        - begin.get(tp)).sum());
            }
            bar.done();
        }
    }

    private long exportConnections(String source, PrintWriter err, Writer out) throws IOException {
        // the compacted changelog as a table: the latest value per key; a tombstone removes the key.
        // Only live rows are held, as many as the table has.
        Map<ByteBuffer, ConnectionState> rows = new LinkedHashMap<>();
        readToEnd(source, err, r -> {
            ByteBuffer key = ByteBuffer.wrap(r.key() == null ? new byte[0] : r.key());
            if (r.value() == null) {
                rows.remove(key);
            } else {
                ConnectionState s = decode(() -> SynScopeSerdes.CONNECTION_STATE.deserializer()
                        .deserialize(r.topic(), r.value()), r);
                if (s != null) {
                    rows.put(key, s);
                }
            }
        });
        List<ConnectionState> table = new ArrayList<>(rows.values());
        if (format.equals("csv")) {
            StatesCsvWriter.write(table, out);
        } else {
            for (ConnectionState s : table) {
                out.write(AvroJson.toJson(s).toString());
                out.write('\n');
            }
        }
        return table.size();
    }

    /** The conn-log is written record by record as it is read: a long log is never held in memory. */
    private long exportConnLog(String source, PrintWriter err, Writer out) throws IOException {
        long[] written = {0};
        ZeekConnLogWriter.Streaming zeek = format.equals("zeek") ? ZeekConnLogWriter.open(out, Instant.now()) : null;
        ZeekJsonConnLogWriter.Streaming zeekJson = format.equals("zeek-json") ? ZeekJsonConnLogWriter.open(out) : null;
        if (format.equals("csv")) {
            out.write(TabularOutput.csvRow(CONN_LOG_COLUMNS));
            out.write('\n');
        }
        readToEnd(source, err, r -> {
            ConnLogRecord c = r.value() == null ? null : decode(() -> SynScopeSerdes.CONN_LOG_RECORD.deserializer()
                    .deserialize(r.topic(), r.value()), r);
            if (c == null) {
                return;
            }
            written[0]++;
            switch (format) {
                case "zeek" -> zeek.append(c);
                case "zeek-json" -> zeekJson.append(c);
                case "jsonl" -> {
                    out.write(AvroJson.toJson(c).toString());
                    out.write('\n');
                }
                default -> {
                    out.write(TabularOutput.csvRow(connLogRow(c)));
                    out.write('\n');
                }
            }
        });
        if (zeek != null) {
            zeek.close(Instant.now());
            return zeek.lines();
        }
        if (zeekJson != null) {
            zeekJson.close();
            return zeekJson.lines();
        }
        return written[0];
    }

    static final List<String> CONN_LOG_COLUMNS = List.of("ts", "uid", "orig_h", "orig_p", "resp_h", "resp_p", "proto",
            "duration", "orig_bytes", "resp_bytes", "conn_state", "missed_bytes", "history", "orig_pkts",
            "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "end_reason", "interim", "orig_final_state",
            "resp_final_state", "orig_retransmits", "resp_retransmits", "roles_guessed");

    private static List<String> connLogRow(ConnLogRecord c) {
        return List.of(seconds(c.getTs()), c.getUid(), c.getOrigH(), String.valueOf(c.getOrigP()), c.getRespH(),
                String.valueOf(c.getRespP()), c.getProto(),
                c.getDurationMicros() == null ? "" : seconds(c.getDurationMicros()),
                c.getOrigBytes() == null ? "" : String.valueOf(c.getOrigBytes()),
                c.getRespBytes() == null ? "" : String.valueOf(c.getRespBytes()), c.getConnState(),
                String.valueOf(c.getMissedBytes()), c.getHistory(), String.valueOf(c.getOrigPkts()),
                String.valueOf(c.getOrigIpBytes()), String.valueOf(c.getRespPkts()), String.valueOf(c.getRespIpBytes()),
                c.getEndReason().name(), String.valueOf(c.getInterim()), c.getOrigFinalState().name(),
                c.getRespFinalState().name(), String.valueOf(c.getOrigRetransmits()),
                String.valueOf(c.getRespRetransmits()), String.valueOf(c.getRolesGuessed()));
    }

    private static String seconds(long micros) {
        return String.format(java.util.Locale.ROOT, "%d.%06d", micros / 1_000_000L, micros % 1_000_000L);
    }

    private <T> T decode(java.util.function.Supplier<T> decoder, ConsumerRecord<byte[], byte[]> r) {
        try {
            return decoder.get();
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("export: skipped undecodable record " + r.topic() + "-" + r.partition()
                    + "@" + r.offset() + ": " + e.getMessage());
            return null;
        }
    }

    /** Writes through to a writer someone else owns; close() only flushes. */
    private static final class NonClosingWriter extends java.io.FilterWriter {
        NonClosingWriter(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** A one-line bar redrawn in place on stderr, at most every 200 ms. */
    static final class ProgressBar {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final String label;
        private final long total;
        private final boolean shown;
        private long lastDraw;

        ProgressBar(PrintWriter err, String label, long total, boolean shown) {
            this.err = err;
            this.label = label;
            this.total = total;
            this.shown = shown;
        }

        void update(long done) {
            long now = System.nanoTime();
            if (!shown || now - lastDraw < 200_000_000L) {
                return;
            }
            lastDraw = now;
            err.print("\r" + render(label, done, total));
            err.flush();
        }

        void done() {
            if (shown) {
                err.println("\r" + render(label, total, total));
            }
        }

        static String render(String label, long done, long total) {
            int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
            long percent = total == 0 ? 100 : 100 * done / total;
            return label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% " + done + "/"
                    + total;
        }
    }
}
