package dev.synscope.streams.report;

import dev.synscope.schema.ConnLogRecord;
import java.io.IOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * What Zeek's two conn.log formats share (TSV, {@link ZeekConnLogWriter}; JSON, {@link ZeekJsonConnLogWriter}):
 * one line per finished connection (Zeek writes no interim records), counted, and a whole log in start order.
 */
final class ConnLogLines {

    /** A finished capture's log in a deterministic order: by start time, then uid. */
    static final Comparator<ConnLogRecord> START_ORDER = Comparator.comparingLong(ConnLogRecord::getTs)
            .thenComparing(ConnLogRecord::getUid);

    private final Writer out;
    private final Function<ConnLogRecord, String> line;
    private long lines;

    ConnLogLines(Writer out, Function<ConnLogRecord, String> line) {
        this.out = out;
        this.line = line;
    }

    /** Writes the record's line; an interim record is skipped. */
    void append(ConnLogRecord r) throws IOException {
        if (r.getInterim()) {
            return;
        }
        out.write(line.apply(r));
        out.write('\n');
        lines++;
    }

    /** Appends every record, in start order. */
    void appendAll(List<ConnLogRecord> records) throws IOException {
        for (ConnLogRecord r : records.stream().sorted(START_ORDER).toList()) {
            append(r);
        }
    }

    long lines() {
        return lines;
    }
}
