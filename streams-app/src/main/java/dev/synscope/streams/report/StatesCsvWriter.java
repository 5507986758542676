package dev.synscope.streams.report;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.VantageStats;
import java.io.IOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.List;

/**
 * The connection table as CSV (RFC 4180), one row per connection per vantage point: the endpoint
 * states are those inferred from that probe's packets; conn_state and history are the connection's.
 * A connection without per-vantage data gets one row with vantage "-".
 */
public final class StatesCsvWriter {

    public static final String HEADER = "uid,vantage,orig_h,orig_p,resp_h,resp_p,orig_state,resp_state,conn_state,"
            + "history,first_seen,last_seen,orig_pkts,resp_pkts,orig_bytes,resp_bytes,roles_guessed";

    private StatesCsvWriter() {
    }

    public static void write(List<ConnectionState> connections, Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        List<ConnectionState> sorted = connections.stream()
                .sorted(Comparator.comparingLong(ConnectionState::getFirstSeenMicros)
                        .thenComparing(ConnectionState::getUid))
                .toList();
        for (ConnectionState s : sorted) {
            if (s.getVantages().isEmpty()) {
                row(out, s, "-", s.getOrigState().name(), s.getRespState().name());
                continue;
            }
            for (VantageStats v : s.getVantages()) {
                row(out, s, v.getProbeId(), v.getOrigState().name(), v.getRespState().name());
            }
        }
        out.flush();
    }

    private static void row(Writer out, ConnectionState s, String vantage, String origState, String respState)
            throws IOException {
        out.write(String.join(",", csv(s.getUid()), csv(vantage), csv(s.getOrigAddr()),
                Integer.toString(s.getOrigPort()), csv(s.getRespAddr()), Integer.toString(s.getRespPort()),
                origState, respState, csv(s.getConnState()), csv(s.getHistory()),
                ZeekConnLogWriter.seconds(s.getFirstSeenMicros()), ZeekConnLogWriter.seconds(s.getLastSeenMicros()),
                Long.toString(s.getOrigPackets()), Long.toString(s.getRespPackets()),
                Long.toString(s.getOrigBytes()), Long.toString(s.getRespBytes()),
                Boolean.toString(s.getRolesGuessed())));
        out.write('\n');
    }

    static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
