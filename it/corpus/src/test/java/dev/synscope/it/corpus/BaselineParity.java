package dev.synscope.it.corpus;

import dev.synscope.schema.ConnLogRecord;
import dev.synscope.streams.report.ZeekConnLogWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Zeek baseline compared with our conn-log of the same trace, connection by connection.
 *
 * <p>Rows are paired on the unordered endpoint pair, in the order each log lists them (Zeek's times are
 * masked in most baselines, so order is all there is); Zeek's {@code ^} has already flipped its row, so
 * a row we oriented the other way differs column by column, as it should. A baseline without the
 * four-tuple (zeek-cut of uid and history) can only be compared as a multiset: a value counts as equal
 * as often as it occurs in both logs.
 *
 * @param test            the Zeek btest that wrote the baseline
 * @param trace           the capture it read
 * @param checksumsIgnored whether Zeek ran with {@code -C} (otherwise it dropped packets with a bad checksum)
 * @param zeekRows        Zeek's TCP rows
 * @param paired          of them, rows paired with one of ours
 * @param extra           our TCP rows Zeek does not have
 * @param compared        per column: Zeek rows that have the column
 * @param equal           per column: of those, rows whose value we match exactly
 * @param stateHistoryEqual rows equal on conn_state and history (the columns the baseline has of the two)
 * @param allEqual        rows equal on every compared column the baseline has
 * @param stateHistoryEqualOnPurpose rows equal on conn_state and history once the differences we make on purpose
 *                        are set aside (see {@link #onPurpose})
 * @param allEqualOnPurpose rows equal on every compared column, the same way
 * @param diffs           a sample of the differences, one line each
 * @param unexpressible   why the btest's conditions are beyond our configuration (counted apart), or null
 */
record BaselineParity(String test, String trace, boolean checksumsIgnored, int zeekRows, int paired, int extra,
                      Map<String, Integer> compared, Map<String, Integer> equal, int stateHistoryEqual,
                      int allEqual, int stateHistoryEqualOnPurpose, int allEqualOnPurpose, List<String> diffs,
                      String unexpressible) {

    /** The columns compared, in conn.log order; ts and uid are masked or random in Zeek's baselines. */
    static final List<String> COLUMNS = List.of("duration", "orig_bytes", "resp_bytes", "conn_state", "missed_bytes",
            "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes");
    static final List<String> STATE_HISTORY = List.of("conn_state", "history");
    private static final int MAX_DIFFS = 12;
    /** History letters only TCP writes (UDP and ICMP use D, d, C and ^): a row without proto is TCP if it has one. */
    /** Services Zeek names only on TCP connections (the corpus's, from Zeek's analyzers). */
    private static final java.util.Set<String> TCP_SERVICES = java.util.Set.of("http", "ssh", "smtp", "ftp",
            "ftp-data", "ssl", "irc", "pop3", "imap", "xmpp", "socks", "websocket", "redis", "ldap_tcp", "modbus",
            "mysql", "postgresql", "rdp", "smb", "gnutella", "ncp", "bittorrent", "telnet", "rfb", "finger",
            "ident");
    private static final Pattern TCP_LETTER = Pattern.compile("[SsHhAaFfRrTtGgWwIiQq]");

    /**
     * Zeek's value with what we differ on purpose removed. Today one thing: Zeek's history letter
     * {@code x} ("connection analysis partial", e.g. an application analyzer's limits exceeded) comes from
     * payload analysis, which a header-only probe cannot do.
     */
    static String onPurpose(String column, String zeekValue) {
        if (!"history".equals(column) || zeekValue == null) {
            return zeekValue;
        }
        String h = zeekValue.replace("x", "").replace("X", "");
        return h.isEmpty() ? "-" : h;
    }

    static BaselineParity compare(ZeekCorpus.Baseline baseline, boolean checksumsIgnored, ZeekConnLog zeek,
                                  List<ConnLogRecord> ours) {
        List<Map<String, String>> oursTcp = ours.stream().filter(r -> !r.getInterim() && "tcp".equals(r.getProto()))
                .map(ZeekConnLogWriter::columns).toList();
        List<Map<String, String>> zeekTcp = tcpRows(zeek, oursTcp);
        List<String> columns = COLUMNS.stream().filter(zeek.fields()::contains).toList();
        Tally tally = new Tally(columns);
        if (zeek.hasTuple()) {
            Map<String, Deque<Map<String, String>>> byPair = new HashMap<>();
            for (Map<String, String> row : oursTcp) {
                byPair.computeIfAbsent(ZeekConnLog.endpoints(row), k -> new ArrayDeque<>()).add(row);
            }
            for (Map<String, String> z : zeekTcp) {
                Deque<Map<String, String>> candidates = byPair.get(ZeekConnLog.endpoints(z));
                Map<String, String> o = candidates == null ? null : candidates.poll();
                tally.pair(z, o);
            }
            int extra = byPair.values().stream().mapToInt(Deque::size).sum();
            for (Deque<Map<String, String>> left : byPair.values()) {
                for (Map<String, String> o : left) {
                    tally.diff("extra: ours " + describe(o) + " " + o.get("conn_state") + " " + o.get("history"));
                }
            }
            return tally.result(baseline, checksumsIgnored, zeekTcp.size(), extra);
        }
        return tally.multiset(baseline, checksumsIgnored, zeekTcp, oursTcp);
    }

    /**
     * Zeek's TCP rows. A baseline cut without proto leaves it to the row: TCP when its history has a
     * letter only TCP writes, its service runs only over TCP, or its endpoints are a TCP connection of ours
     * (a UDP flow between the same two host:ports is vanishingly rare).
     */
    private static List<Map<String, String>> tcpRows(ZeekConnLog zeek, List<Map<String, String>> oursTcp) {
        if (zeek.hasProto()) {
            return zeek.tcpRows();
        }
        java.util.Set<String> ourPairs = zeek.hasTuple()
                ? oursTcp.stream().map(ZeekConnLog::endpoints).collect(java.util.stream.Collectors.toSet())
                : java.util.Set.of();
        return zeek.rows().stream().filter(r -> TCP_LETTER.matcher(r.getOrDefault("history", "")).find()
                || TCP_SERVICES.contains(r.getOrDefault("service", "-"))
                || ourPairs.contains(ZeekConnLog.endpoints(r))).toList();
    }

    private static String describe(Map<String, String> row) {
        return row.getOrDefault("id.orig_h", "?") + ":" + row.getOrDefault("id.orig_p", "?") + " > "
                + row.getOrDefault("id.resp_h", "?") + ":" + row.getOrDefault("id.resp_p", "?");
    }

    /** Counts as rows are paired. */
    private static final class Tally {
        final List<String> columns;
        final Map<String, Integer> compared = new LinkedHashMap<>();
        final Map<String, Integer> equal = new LinkedHashMap<>();
        final List<String> diffs = new ArrayList<>();
        int paired;
        int stateHistoryEqual;
        int allEqual;
        int stateHistoryOnPurpose;
        int allOnPurpose;

        Tally(List<String> columns) {
            this.columns = columns;
            for (String c : columns) {
                compared.put(c, 0);
                equal.put(c, 0);
            }
        }

        void pair(Map<String, String> zeek, Map<String, String> ours) {
            columns.forEach(c -> compared.merge(c, 1, Integer::sum));
            if (ours == null) {
                diff("missing: zeek " + describe(zeek) + " " + zeek.get("conn_state") + " " + zeek.get("history"));
                return;
            }
            paired++;
            boolean all = true;
            boolean stateHistory = true;
            boolean allOnPurposeRow = true;
            boolean stateHistoryOnPurposeRow = true;
            StringBuilder d = new StringBuilder();
            for (String c : columns) {
                String z = zeek.get(c);
                String o = ours.get(c);
                if (z != null && z.equals(o)) {
                    equal.merge(c, 1, Integer::sum);
                } else {
                    all = false;
                    stateHistory &= !STATE_HISTORY.contains(c);
                    d.append(' ').append(c).append(" zeek=").append(z).append(" ours=").append(o);
                    if (!java.util.Objects.equals(onPurpose(c, z), o)) {
                        allOnPurposeRow = false;
                        stateHistoryOnPurposeRow &= !STATE_HISTORY.contains(c);
                    }
                }
            }
            stateHistoryEqual += stateHistory ? 1 : 0;
            allEqual += all ? 1 : 0;
            stateHistoryOnPurpose += stateHistoryOnPurposeRow ? 1 : 0;
            allOnPurpose += allOnPurposeRow ? 1 : 0;
            if (!all) {
                diff("differs: " + describe(zeek) + d);
            }
        }

        void diff(String line) {
            if (diffs.size() < MAX_DIFFS) {
                diffs.add(line);
            }
        }

        BaselineParity result(ZeekCorpus.Baseline b, boolean checksumsIgnored, int zeekRows, int extra) {
            return new BaselineParity(b.test(), b.trace(), checksumsIgnored, zeekRows, paired, extra, compared, equal,
                    stateHistoryEqual, allEqual, stateHistoryOnPurpose, allOnPurpose, diffs, b.unexpressible());
        }

        /** Without the four-tuple: per column, the size of the multiset intersection of the two logs' values. */
        BaselineParity multiset(ZeekCorpus.Baseline b, boolean checksumsIgnored, List<Map<String, String>> zeek,
                                List<Map<String, String>> ours) {
            for (String c : columns) {
                compared.put(c, zeek.size());
                equal.put(c, intersection(zeek, ours, List.of(c), false));
            }
            List<String> stateHistory = STATE_HISTORY.stream().filter(columns::contains).toList();
            stateHistoryEqual = stateHistory.isEmpty() ? 0 : intersection(zeek, ours, stateHistory, false);
            allEqual = columns.isEmpty() ? 0 : intersection(zeek, ours, columns, false);
            stateHistoryOnPurpose = stateHistory.isEmpty() ? 0 : intersection(zeek, ours, stateHistory, true);
            allOnPurpose = columns.isEmpty() ? 0 : intersection(zeek, ours, columns, true);
            paired = Math.min(zeek.size(), ours.size());
            if (allEqual < zeek.size()) {
                diff("differs (no tuple, compared as multisets): zeek " + values(zeek) + " ours " + values(ours));
            }
            return result(b, checksumsIgnored, zeek.size(), Math.max(0, ours.size() - zeek.size()));
        }

        private List<String> values(List<Map<String, String>> rows) {
            return rows.stream().map(r -> String.join("/", columns.stream().map(r::get).toList())).toList();
        }

        /** {@code a} is Zeek's; with {@code onPurpose}, its values as {@link #onPurpose} leaves them. */
        private static int intersection(List<Map<String, String>> a, List<Map<String, String>> b, List<String> cols,
                                        boolean onPurpose) {
            Map<List<String>, Integer> counts = new HashMap<>();
            for (Map<String, String> r : a) {
                counts.merge(cols.stream().map(c -> onPurpose ? onPurpose(c, r.get(c)) : r.get(c)).toList(), 1,
                        Integer::sum);
            }
            int common = 0;
            for (Map<String, String> r : b) {
                List<String> key = cols.stream().map(r::get).toList();
                Integer n = counts.get(key);
                if (n != null && n > 0) {
                    counts.put(key, n - 1);
                    common++;
                }
            }
            return common;
        }
    }
}
