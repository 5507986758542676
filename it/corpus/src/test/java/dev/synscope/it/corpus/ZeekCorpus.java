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
            return loads.contains("conn_key/vlan_fivetuple") || redefs.contains("CONNKEY_VLAN_FIVETUPLE");
        }
    }

    /**
     * Manifest rows whose btest read another trace than the manifest names (the btest runs Zeek more
     * than once); from the btest's own TEST-EXEC lines at the corpus's Zeek commit (SOURCE).
     */
    private static final Map<String, String> TRACE_CORRECTIONS = Map.of(
            // "zeek -b -r $TRACES/modbus/modbus.pcap ...; mv conn.log conn-first.log", then modbus-eit.pcap
            "scripts.base.protocols.modbus.events/conn-first.log", "modbus/modbus.pcap");

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
