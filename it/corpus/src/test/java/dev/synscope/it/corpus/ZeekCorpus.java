package dev.synscope.it.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Zeek's test traces and the conn.log files Zeek wrote for them ({@code ../shared/corpus/zeek}):
 * {@code traces/} holds the captures, {@code manifest.tsv} names, per btest, the trace it ran and
 * the baseline it left in {@code baselines/<test>/<baseline>}.
 */
final class ZeekCorpus {

    /**
     * One manifest row: a Zeek btest, its conn.log baseline, the trace it read (relative to traces/),
     * whether Zeek ran with {@code -C} (checksums ignored) and the script redefs the test made.
     */
    record Baseline(String test, String baseline, String trace, boolean checksumsIgnored, String redefs,
                    String loads) {
        Path file(Path root) {
            return root.resolve("baselines").resolve(test).resolve(baseline);
        }

        /**
         * Zeek keyed connections by VLAN too (the vlan_fivetuple conn key): the probe's --vlan-in-key, the
         * one test condition besides {@code -C} that our configuration expresses and that changes conn.log.
         */
        boolean vlanInKey() {
            if (DEFAULT_PART_OF_A_MULTI_PART_TEST.contains(test)) {
                return false;
            }
            return loads.contains("conn_key/vlan_fivetuple") || redefs.contains("CONNKEY_VLAN_FIVETUPLE");
        }

        /** Why the test's conditions are beyond what our configuration can express, or null when they are not. */
        String unexpressible() {
            return UNEXPRESSIBLE.get(test);
        }
    }

    /**
     * Manifest rows whose btest read another trace than the manifest names (the btest runs Zeek more
     * than once); from the btest's own TEST-EXEC lines at the corpus's Zeek commit (SOURCE).
     */
    /**
     * Btests of several parts (TEST-START-NEXT) whose corpus baseline is the first part, run before the
     * later parts load a script; the manifest lists the script's redefs for the whole file.
     */
    private static final java.util.Set<String> DEFAULT_PART_OF_A_MULTI_PART_TEST = java.util.Set.of(
            // "Default operation: Zeek isn't VLAN-aware, a single conn.log entry results."
            "scripts.policy.frameworks.conn_key.vlan_fivetuple");

    /**
     * Btests whose script changes what Zeek sees of a connection in ways no configuration of ours
     * expresses: their rows are compared and reported, but counted apart from the totals.
     */
    private static final Map<String, String> UNEXPRESSIBLE = Map.of(
            "scripts.base.frameworks.netcontrol.packetfilter",
            "the script installs a NetControl packet filter that drops each connection's packets once established",
            "scripts.base.protocols.ftp.gridftp",
            "the GridFTP script stops analysing a data channel once detected (size_threshold = 2)");

    private static final Map<String, String> TRACE_CORRECTIONS = Map.of(
            // "zeek -b -r $TRACES/modbus/modbus.pcap ...; mv conn.log conn-first.log", then modbus-eit.pcap
            "scripts.base.protocols.modbus.events/conn-first.log", "modbus/modbus.pcap",
            // "zeek -b -C -r $TRACES/wikipedia.pcap; mv conn.log conn1.log", radiotap.pcap conn2, llc.pcap conn3
            "scripts.policy.protocols.conn.mac-logging/conn1.log", "wikipedia.pcap",
            "scripts.policy.protocols.conn.mac-logging/conn2.log", "radiotap.pcap",
            // empty.pcap writes no conn.log: the one kept is from "zeek -r $TRACES/mixed-vlan-mpls.pcap
            // PacketFilter::restricted_filter=vlan"
            "core.print-bpf-filters/conn.log", "mixed-vlan-mpls.pcap");

    final Path root;

    private ZeekCorpus(Path root) {
        this.root = root;
    }

    /** The corpus named by the {@code corpus.dir} system property (the module's pom sets it). */
    static ZeekCorpus locate() {
        String dir = System.getProperty("corpus.dir", "../../../shared/corpus/zeek");
        Path root = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("manifest.tsv")) || !Files.isDirectory(root.resolve("traces"))) {
            throw new IllegalStateException("Zeek's corpus is not at " + root + ": clone the project beside "
                    + "../shared (the CI layout) or pass -Dcorpus.dir=/path/to/shared/corpus/zeek");
        }
        return new ZeekCorpus(root);
    }

    Path traces() {
        return root.resolve("traces");
    }

    /** Every capture file, as a path relative to traces/ ("tcp/single-rst.pcap"), sorted. */
    List<String> allTraces() {
        try (Stream<Path> files = Files.walk(traces())) {
            return files.filter(Files::isRegularFile).map(p -> traces().relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest's rows, in order. */
    List<Baseline> baselines() {
        try {
            List<Baseline> rows = new ArrayList<>();
            List<String> lines = Files.readAllLines(root.resolve("manifest.tsv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                if (f.length >= 3) {
                    String trace = TRACE_CORRECTIONS.getOrDefault(f[0] + "/" + f[1], f[2]);
                    rows.add(new Baseline(f[0], f[1], trace, f.length > 3 && "yes".equals(f[3]),
                            f.length > 4 ? f[4] : "", f.length > 5 ? f[5] : ""));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first baseline per trace (several btests may read the same trace with different scripts). */
    Map<String, Baseline> baselineByTrace() {
        Map<String, Baseline> byTrace = new LinkedHashMap<>();
        for (Baseline b : baselines()) {
            byTrace.putIfAbsent(b.trace(), b);
        }
        return byTrace;
    }

    Optional<Baseline> baselineOf(String test) {
        return baselines().stream().filter(b -> b.test().equals(test)).findFirst();
    }
}
