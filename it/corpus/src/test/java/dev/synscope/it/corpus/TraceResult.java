package dev.synscope.it.corpus;

import dev.synscope.schema.ConnLogRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one trace did to the pipeline: the probe's side (packets read, decoded, skipped by reason, a
 * damaged file), the app's side (records in, dead letters by reason, connections, conn.log rows,
 * anomalies by type), and anything that went wrong (an exception, a call into Streams' handlers).
 *
 * @param trace         path under traces/
 * @param packetsRead   frames the reader delivered
 * @param decoded       frames the decoder turned into header records
 * @param skipped       frames skipped, by the decoder's reason
 * @param captureError  the reader's typed complaint about a damaged file (its good frames were used), or null
 * @param recordsIn     records sent into the topology (headers, heartbeats, the end of capture)
 * @param deadLetters   dead letters by reason (numbers masked)
 * @param connections   distinct connections the table showed
 * @param connLogRows   conn.log rows written
 * @param anomalies     anomalies by type
 * @param streamsErrors exceptions that reached Kafka Streams' handlers
 * @param exception     an exception that escaped the harness's run of the trace, or null
 * @param zeekTcpRows   TCP rows of the conn.log Zeek wrote for the trace, or null without a baseline
 * @param millis        how long the trace took
 * @param connLog       the conn.log records written (for the comparison with Zeek's)
 */
record TraceResult(String trace, long packetsRead, long decoded, Map<String, Long> skipped, String captureError,
                   long recordsIn, Map<String, Long> deadLetters, int connections, int connLogRows,
                   Map<String, Long> anomalies, List<String> streamsErrors, String exception, Integer zeekTcpRows,
                   long millis, List<ConnLogRecord> connLog) {

    TraceResult {
        skipped = new TreeMap<>(skipped);
        deadLetters = new TreeMap<>(deadLetters);
        anomalies = new TreeMap<>(anomalies);
        streamsErrors = List.copyOf(streamsErrors);
        connLog = List.copyOf(connLog);
    }

    long deadLettered() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The harness's verdict: what a user would call a crash, a hang or lost data. Null when clean. */
    String failure() {
        if (exception != null) {
            return "exception: " + exception;
        }
        if (!streamsErrors.isEmpty()) {
            return "reached Kafka Streams' handlers: " + streamsErrors.get(0)
                    + (streamsErrors.size() > 1 ? " (+" + (streamsErrors.size() - 1) + " more)" : "");
        }
        if (!deadLetters.isEmpty()) {
            // every record came from the real decoder, so each is a valid packet (or a control record)
            return "valid records dead-lettered: " + deadLetters;
        }
        return null;
    }
}
