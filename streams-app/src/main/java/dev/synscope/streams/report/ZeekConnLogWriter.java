package dev.synscope.streams.report;

import dev.synscope.schema.ConnLogRecord;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes conn-log records in Zeek's ASCII (TSV) log format, so the file can be diffed against a
 * Zeek {@code conn.log} of the same capture: the {@code #separator}, {@code #set_separator},
 * {@code #empty_field}, {@code #unset_field}, {@code #path}, {@code #open}, {@code #fields} and
 * {@code #types} header lines, one line per record with {@code -} for an unset value, times as
 * seconds with six decimals, and a {@code #close} line. Interim records are skipped (Zeek writes one
 * line per finished connection). Columns Zeek fills from analyzers or site policy we do not have
 * (service, local_orig, local_resp, tunnel_parents) are unset.
 */
public final class ZeekConnLogWriter {

    static final String FIELDS = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration"
            + "\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts"
            + "\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents";
    static final String TYPES = "time\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring"
            + "\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]";
    private static final DateTimeFormatter ZEEK_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss")
            .withZone(ZoneOffset.UTC);
    private static final String UNSET = "-";

    private ZeekConnLogWriter() {
    }

    /**
     * Writes a whole log sorted by start time (deterministic, for a finished capture);
     * {@code open}/{@code close} stamp the #open and #close lines.
     */
    public static void write(List<ConnLogRecord> records, Writer out, Instant open, Instant close) throws IOException {
        Streaming log = open(out, open);
        log.lines.appendAll(records);
        log.close(close);
    }

    /**
     * Starts a log written record by record in the order given, as Zeek itself writes conn.log (in
     * the order connections end): an export of a long conn-log topic never holds it in memory.
     */
    public static Streaming open(Writer out, Instant open) throws IOException {
        out.write("#separator \\x09\n");
        out.write("#set_separator\t,\n");
        out.write("#empty_field\t(empty)\n");
        out.write("#unset_field\t-\n");
        out.write("#path\tconn\n");
        out.write("#open\t" + ZEEK_DATE.format(open) + "\n");
        out.write("#fields\t" + FIELDS + "\n");
        out.write("#types\t" + TYPES + "\n");
        return new Streaming(out);
    }

    /** An open log: {@link #append} each record, then {@link #close} once. */
    public static final class Streaming {
        private final Writer out;
        private final ConnLogLines lines;

        private Streaming(Writer out) {
            this.out = out;
            this.lines = new ConnLogLines(out, ZeekConnLogWriter::line);
        }

        /** Writes one line; interim records are skipped (Zeek writes one line per finished connection). */
        public void append(ConnLogRecord r) throws IOException {
            lines.append(r);
        }

        /** Lines written so far. */
        public long lines() {
            return lines.lines();
        }

        /** Writes the #close line and flushes; the writer stays open (its owner closes it). */
        public void close(Instant close) throws IOException {
            out.write("#close\t" + ZEEK_DATE.format(close) + "\n");
            out.flush();
        }
    }

    static String line(ConnLogRecord r) {
        return String.join("\t", columns(r).values());
    }

    /**
     * One record as Zeek's conn.log columns, in {@link #FIELDS} order, each value as Zeek prints it
     * ({@code -} when unset): what a comparison with a Zeek-written log compares, column by column.
     */
    public static Map<String, String> columns(ConnLogRecord r) {
        String[] names = FIELDS.split("\t");
        String[] values = {
                seconds(r.getTs()),
                text(r.getUid()),
                r.getOrigH(),
                Integer.toString(r.getOrigP()),
                r.getRespH(),
                Integer.toString(r.getRespP()),
                text(r.getProto()),
                UNSET,
                r.getDurationMicros() == null ? UNSET : seconds(r.getDurationMicros()),
                r.getOrigBytes() == null ? UNSET : Long.toString(r.getOrigBytes()),
                r.getRespBytes() == null ? UNSET : Long.toString(r.getRespBytes()),
                text(r.getConnState()),
                UNSET,
                UNSET,
                Long.toString(r.getMissedBytes()),
                r.getHistory() == null || r.getHistory().isEmpty() ? UNSET : text(r.getHistory()),
                Long.toString(r.getOrigPkts()),
                Long.toString(r.getOrigIpBytes()),
                Long.toString(r.getRespPkts()),
                Long.toString(r.getRespIpBytes()),
                UNSET};
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            columns.put(names[i], values[i]);
        }
        return columns;
    }

    /** Microseconds as Zeek prints a time or interval: seconds with exactly six decimals. */
    static String seconds(long micros) {
        long s = Math.floorDiv(micros, 1_000_000L);
        long frac = Math.floorMod(micros, 1_000_000L);
        return s + "." + String.format("%06d", frac);
    }

    /** Zeek's escaping for a string field: empty becomes (empty), tabs and non-printables as \xNN. */
    private static String text(String value) {
        if (value == null) {
            return UNSET;
        }
        if (value.isEmpty()) {
            return "(empty)";
        }
        StringBuilder b = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                if (b == null) {
                    b = new StringBuilder(value.substring(0, i));
                }
                b.append(String.format("\\x%02x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? value : b.toString();
    }
}
