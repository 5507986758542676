package dev.synscope.streams.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.synscope.schema.CommunityId;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.VantageStats;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes conn-log records as Zeek writes conn.log with {@code LogAscii::use_json=T}: one JSON object
 * per line, Zeek's field names (flat, dotted: {@code "id.orig_h"}) in Zeek's column order, unset
 * fields left out (Zeek's default {@code include_unset_fields=F}), so a Filebeat/Splunk/RITA/Spark
 * reader of Zeek's JSON reads it unchanged.
 *
 * <p>Types as Zeek's JSON formatter writes them: {@code ts} (time, {@code JSON::TS_EPOCH}) and
 * {@code duration} (interval) as numbers of seconds; ports, counts and {@code ip_proto} as integers;
 * strings and enums ({@code proto}) as strings. Times are written as the exact microsecond decimal
 * without trailing zeros ({@code 1300475167.09653}, {@code 0.0}), which for {@code ts} is the text
 * Zeek writes (the shortest decimal of the same double); Zeek's {@code duration} is a difference of two
 * doubles and may carry sub-microsecond noise ({@code 0.06663203239440918}) where ours is the exact
 * {@code 0.066632}. Columns Zeek fills from analyzers or site policy we do not have ({@code service},
 * {@code local_orig}, {@code local_resp}, {@code tunnel_parents}) are never set, so never written; an
 * empty {@code history}, a null {@code duration}/{@code orig_bytes}/{@code resp_bytes} likewise.
 * {@code community_id} follows, as Zeek's {@code policy/protocols/conn/community-id-logging} adds it
 * (seed 0).
 *
 * <p>Then SynScope's own fields, under a {@code synscope.} prefix so they never collide with a Zeek
 * field: {@code synscope.end_reason} (FIN, RST, TIMEOUT, ...), {@code synscope.orig_final_state} and
 * {@code synscope.resp_final_state} (RFC 9293 state names), {@code synscope.orig_retransmits},
 * {@code synscope.resp_retransmits}, {@code synscope.syn_to_synack} and {@code synscope.synack_to_ack}
 * (seconds, when measured), {@code synscope.roles_guessed} and {@code synscope.probes} (the probe ids
 * that saw the connection, when any).
 *
 * <p>Interim records are skipped, as in the TSV log: Zeek writes one line per finished connection.
 */
public final class ZeekJsonConnLogWriter {

    /** Zeek's conn.log columns (Zeek 6+, with ip_proto), in order, then community_id. */
    public static final List<String> ZEEK_FIELDS = List.of("ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h",
            "id.resp_p", "proto", "service", "duration", "orig_bytes", "resp_bytes", "conn_state", "local_orig",
            "local_resp", "missed_bytes", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes",
            "tunnel_parents", "ip_proto", "community_id");
    /** The prefix of SynScope's own fields. */
    public static final String EXTRA_PREFIX = "synscope.";

    private static final JsonFactory JSON = new JsonFactory();

    private ZeekJsonConnLogWriter() {
    }

    /** Writes a whole log sorted by start time (deterministic, for a finished capture). */
    public static void write(List<ConnLogRecord> records, Writer out) throws IOException {
        Streaming log = open(out);
        log.lines.appendAll(records);
        log.close();
    }

    /** Starts a log written record by record in the order given (JSON logs have no header lines). */
    public static Streaming open(Writer out) {
        return new Streaming(out);
    }

    /** An open log: {@link #append} each record, then {@link #close} once. */
    public static final class Streaming {
        private final Writer out;
        private final ConnLogLines lines;

        private Streaming(Writer out) {
            this.out = out;
            this.lines = new ConnLogLines(out, ZeekJsonConnLogWriter::line);
        }

        /** Writes one line; interim records are skipped. */
        public void append(ConnLogRecord r) throws IOException {
            lines.append(r);
        }

        /** Lines written so far. */
        public long lines() {
            return lines.lines();
        }

        /** Flushes; the writer stays open (its owner closes it). */
        public void close() throws IOException {
            out.flush();
        }
    }

    /** One record as one JSON object (no newline): the value of the conn-log JSON topic. */
    public static String line(ConnLogRecord r) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeFieldName("ts");
            g.writeNumber(seconds(r.getTs()));
            g.writeStringField("uid", r.getUid());
            g.writeStringField("id.orig_h", r.getOrigH());
            g.writeNumberField("id.orig_p", r.getOrigP());
            g.writeStringField("id.resp_h", r.getRespH());
            g.writeNumberField("id.resp_p", r.getRespP());
            g.writeStringField("proto", r.getProto());
            if (r.getDurationMicros() != null) {
                g.writeFieldName("duration");
                g.writeNumber(seconds(r.getDurationMicros()));
            }
            if (r.getOrigBytes() != null) {
                g.writeNumberField("orig_bytes", r.getOrigBytes());
            }
            if (r.getRespBytes() != null) {
                g.writeNumberField("resp_bytes", r.getRespBytes());
            }
            g.writeStringField("conn_state", r.getConnState());
            g.writeNumberField("missed_bytes", r.getMissedBytes());
            if (r.getHistory() != null && !r.getHistory().isEmpty()) {
                g.writeStringField("history", r.getHistory());
            }
            g.writeNumberField("orig_pkts", r.getOrigPkts());
            g.writeNumberField("orig_ip_bytes", r.getOrigIpBytes());
            g.writeNumberField("resp_pkts", r.getRespPkts());
            g.writeNumberField("resp_ip_bytes", r.getRespIpBytes());
            g.writeNumberField("ip_proto", CommunityId.TCP);
            g.writeStringField("community_id", CommunityId.of(r));
            g.writeStringField("synscope.end_reason", r.getEndReason().name());
            g.writeStringField("synscope.orig_final_state", r.getOrigFinalState().name());
            g.writeStringField("synscope.resp_final_state", r.getRespFinalState().name());
            g.writeNumberField("synscope.orig_retransmits", r.getOrigRetransmits());
            g.writeNumberField("synscope.resp_retransmits", r.getRespRetransmits());
            if (r.getSynToSynAckMicros() != null) {
                g.writeFieldName("synscope.syn_to_synack");
                g.writeNumber(seconds(r.getSynToSynAckMicros()));
            }
            if (r.getSynAckToAckMicros() != null) {
                g.writeFieldName("synscope.synack_to_ack");
                g.writeNumber(seconds(r.getSynAckToAckMicros()));
            }
            g.writeBooleanField("synscope.roles_guessed", r.getRolesGuessed());
            if (!r.getVantages().isEmpty()) {
                g.writeArrayFieldStart("synscope.probes");
                for (VantageStats v : r.getVantages()) {
                    g.writeString(v.getProbeId());
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /**
     * Microseconds as a JSON number of seconds: the exact decimal, trailing zeros dropped but one
     * decimal kept ({@code 1300475167.09653}, {@code 2.0}), as Zeek's JSON writer prints a time.
     */
    static String seconds(long micros) {
        long abs = Math.abs(micros);
        StringBuilder b = new StringBuilder(24);
        if (micros < 0) {
            b.append('-');
        }
        b.append(abs / 1_000_000L).append('.');
        long frac = abs % 1_000_000L;
        if (frac == 0) {
            return b.append('0').toString();
        }
        String digits = Long.toString(1_000_000L + frac).substring(1);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return b.append(digits, 0, end).toString();
    }
}
