package dev.synscope.it.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The corpus table: one TSV row per trace ({@code target/corpus-report.tsv}) and the totals
 * ({@code target/corpus-summary.txt}, also printed), so a reviewer sees what every trace did.
 */
final class CorpusReport {

    static final String HEADER = String.join("\t", "trace", "packets_read", "decoded", "skipped", "skipped_by_reason",
            "capture_error", "records_in", "dead_lettered", "dead_letters_by_reason", "connections", "conn_log_rows",
            "zeek_tcp_rows", "anomalies", "failure", "ms");

    private final List<TraceResult> results;

    CorpusReport(List<TraceResult> results) {
        this.results = List.copyOf(results);
    }

    List<String> failures() {
        return results.stream().filter(r -> r.failure() != null).map(r -> r.trace() + ": " + r.failure()).toList();
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (TraceResult r : results) {
            lines.add(String.join("\t", r.trace(), Long.toString(r.packetsRead()), Long.toString(r.decoded()),
                    Long.toString(r.skippedTotal()), text(r.skipped()), orDash(r.captureError()),
                    Long.toString(r.recordsIn()), Long.toString(r.deadLettered()), text(r.deadLetters()),
                    Integer.toString(r.connections()), Integer.toString(r.connLogRows()),
                    r.zeekTcpRows() == null ? "-" : r.zeekTcpRows().toString(), text(r.anomalies()),
                    orDash(r.failure()), Long.toString(r.millis())));
        }
        Files.write(dir.resolve("corpus-report.tsv"), lines);
        Files.writeString(dir.resolve("corpus-summary.txt"), summary());
    }

    String summary() {
        long read = 0;
        long decoded = 0;
        long in = 0;
        long dead = 0;
        long connections = 0;
        long logs = 0;
        long damaged = 0;
        long zeekTraces = 0;
        long zeekRows = 0;
        long oursOnZeekTraces = 0;
        long millis = 0;
        Map<String, Long> skipped = new TreeMap<>();
        Map<String, Long> anomalies = new TreeMap<>();
        for (TraceResult r : results) {
            read += r.packetsRead();
            decoded += r.decoded();
            in += r.recordsIn();
            dead += r.deadLettered();
            connections += r.connections();
            logs += r.connLogRows();
            millis += r.millis();
            damaged += r.captureError() == null ? 0 : 1;
            r.skipped().forEach((k, v) -> skipped.merge(k, v, Long::sum));
            r.anomalies().forEach((k, v) -> anomalies.merge(k, v, Long::sum));
            if (r.zeekTcpRows() != null) {
                zeekTraces++;
                zeekRows += r.zeekTcpRows();
                oursOnZeekTraces += r.connLogRows();
            }
        }
        return String.format("""
                Zeek corpus: %d traces, %.1f s inside the pipelines (driver set-up and teardown aside)
                  packets read %,d, decoded %,d, skipped %,d %s
                  damaged files (good frames used, then the reader's complaint) %d
                  records into the topology %,d, dead-lettered %,d
                  connections %,d, conn.log rows %,d
                  on the %d traces with a Zeek conn.log that names the protocol: Zeek %,d TCP rows, SynScope %,d
                  anomalies %s
                  failures (exception, Streams handler reached, valid record dead-lettered) %d
                """, results.size(), millis / 1000.0, read, decoded, read - decoded, skipped, damaged, in, dead,
                connections, logs, zeekTraces, zeekRows, oursOnZeekTraces, anomalies, failures().size());
    }

    private static String text(Map<String, Long> counts) {
        return counts.isEmpty() ? "-" : counts.toString().replace('\t', ' ');
    }

    private static String orDash(String s) {
        return s == null ? "-" : s.replace('\t', ' ').replace('\n', ' ');
    }
}
