package dev.synscope.streams.report;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.Evidence;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The readable report of a one-shot analysis: the connection table by Zeek conn_state and by
 * endpoint state, the anomalies with their evidence, and the busiest endpoints.
 */
public final class AnalysisReport {

    private static final int TOP_ENDPOINTS = 10;
    /** Anomalies of one type, endpoint and vantage printed in full before the rest are counted. */
    private static final int EXAMPLES_PER_GROUP = 2;

    private AnalysisReport() {
    }

    public static void print(AnalysisResult result, PrintWriter out) {
        List<ConnectionState> table = result.connections();
        out.printf("Connections at the last packet: %d (finished by the end of the capture: %d)%n", table.size(),
                result.finishedConnections().size());
        out.println();
        out.println("By conn_state (connections finished by the end of the capture):");
        counts(result.finishedConnections().stream().map(r -> r.getConnState()).toList())
                .forEach((state, n) -> out.printf("  %-8s %6d%n", state, n));
        out.println();
        out.println("By endpoint state at the last packet (originator / responder):");
        Map<String, Long> orig = counts(table.stream().map(s -> s.getOrigState().name()).toList());
        Map<String, Long> resp = counts(table.stream().map(s -> s.getRespState().name()).toList());
        TreeMap<String, Long[]> states = new TreeMap<>();
        orig.forEach((k, v) -> states.computeIfAbsent(k, x -> new Long[] {0L, 0L})[0] = v);
        resp.forEach((k, v) -> states.computeIfAbsent(k, x -> new Long[] {0L, 0L})[1] = v);
        states.forEach((state, n) -> out.printf("  %-12s %6d / %-6d%n", state, n[0], n[1]));
        out.println();
        List<AnomalyEvent> anomalies = result.anomalies().stream()
                .sorted(Comparator.comparingLong(AnomalyEvent::getTsMicros)).toList();
        out.printf("Anomalies: %d%n", anomalies.size());
        counts(anomalies.stream().map(a -> a.getType().name()).toList())
                .forEach((type, n) -> out.printf("  %-22s %6d%n", type, n));
        out.println();
        // the same condition on many connections of one endpoint (a flood, a pool of leaked
        // sockets) is shown by its first examples and a count, not as a wall of look-alikes
        Map<String, Integer> shown = new java.util.HashMap<>();
        Map<String, Integer> hidden = new java.util.LinkedHashMap<>();
        for (AnomalyEvent a : anomalies) {
            String group = a.getType() + " to " + responder(a) + " seen by " + a.getVantageProbe();
            if (shown.merge(group, 1, Integer::sum) > EXAMPLES_PER_GROUP) {
                hidden.merge(group, 1, Integer::sum);
                continue;
            }
            printAnomaly(a, out);
        }
        hidden.forEach((group, n) -> out.printf("  ... and %d more %s (all of them: --anomalies FILE)%n", n, group));
        out.println();
        out.println("Top endpoints (responder host:port, by connections):");
        Map<String, Long> endpoints = result.finishedConnections().stream().collect(Collectors.groupingBy(
                r -> endpoint(r.getRespH(), r.getRespP()), Collectors.counting()));
        Map<String, Map<String, Long>> statesByEndpoint = result.finishedConnections().stream().collect(
                Collectors.groupingBy(r -> endpoint(r.getRespH(), r.getRespP()),
                        Collectors.groupingBy(r -> r.getConnState(), TreeMap::new, Collectors.counting())));
        endpoints.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_ENDPOINTS)
                .forEach(e -> out.printf("  %-40s %6d  %s%n", e.getKey(), e.getValue(), statesByEndpoint.get(e.getKey())));
        out.flush();
    }

    private static void printAnomaly(AnomalyEvent a, PrintWriter out) {
        out.printf("  [%s] %s %s at %s%s%n", a.getSeverity(), a.getType(), subject(a),
                ZeekConnLogWriter.seconds(a.getTsMicros()),
                a.getVantageProbe() == null ? "" : " (seen by " + a.getVantageProbe() + ")");
        if (!a.getTags().isEmpty()) {
            out.printf("      tags: %s%n", String.join(", ", a.getTags()));
        }
        out.printf("      likely cause: %s%n", a.getLikelyCause());
        for (Evidence e : a.getEvidence()) {
            out.printf("      %s %s%s%n", ZeekConnLogWriter.seconds(e.getTsMicros()), e.getDescription(),
                    e.getProbeId() == null ? "" : " [" + e.getProbeId() + "]");
        }
    }

    private static String responder(AnomalyEvent a) {
        return a.getRespP() == null ? a.getRespH() : endpoint(a.getRespH(), a.getRespP());
    }

    private static String subject(AnomalyEvent a) {
        String resp = responder(a);
        if (a.getOrigH() == null) {
            return "on " + resp + (a.getCount() == null ? "" : " (count " + a.getCount() + ")");
        }
        return endpoint(a.getOrigH(), a.getOrigP()) + " -> " + resp + " uid " + a.getUid();
    }

    private static String endpoint(String host, Integer port) {
        return (host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static Map<String, Long> counts(List<String> values) {
        return values.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new,
                Collectors.counting()));
    }
}
