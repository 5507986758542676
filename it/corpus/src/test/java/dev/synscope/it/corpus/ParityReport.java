package dev.synscope.it.corpus;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The parity table: our conn-log against every Zeek baseline in the corpus. One TSV row per baseline
 * ({@code target/parity-report.tsv}), a sample of the differences ({@code target/parity-diffs.txt}) and
 * the totals ({@code target/parity-summary.txt}, also printed). The totals are held to the floors in
 * {@code parity-floor.properties}: a ratchet, raised when parity improves and never lowered.
 */
final class ParityReport {

    /** The baselines the totals count: those whose test conditions we can express. */
    private final List<BaselineParity> baselines;
    /** Baselines whose test's script does what no configuration of ours can (reported, counted apart). */
    private final List<BaselineParity> apart;
    /** Baselines not compared, with the reason (their trace is not in the corpus). */
    private final List<String> notCompared;

    ParityReport(List<BaselineParity> all, List<String> notCompared) {
        this.baselines = all.stream().filter(b -> b.unexpressible() == null).toList();
        this.apart = all.stream().filter(b -> b.unexpressible() != null).toList();
        this.notCompared = List.copyOf(notCompared);
    }

    /** The totals the floors hold, by name. */
    Map<String, Long> totals() {
        Map<String, Long> t = new LinkedHashMap<>();
        t.put("zeek_tcp_rows", sum(BaselineParity::zeekRows));
        t.put("paired_rows", sum(BaselineParity::paired));
        t.put("extra_rows", sum(BaselineParity::extra));
        t.put("state_history_equal_rows", sum(BaselineParity::stateHistoryEqual));
        t.put("all_columns_equal_rows", sum(BaselineParity::allEqual));
        t.put("state_history_equal_on_purpose_rows", sum(BaselineParity::stateHistoryEqualOnPurpose));
        t.put("all_columns_equal_on_purpose_rows", sum(BaselineParity::allEqualOnPurpose));
        return t;
    }

    private long sum(java.util.function.ToIntFunction<BaselineParity> f) {
        return baselines.stream().mapToLong(f::applyAsInt).sum();
    }

    /** Per column: Zeek rows with the column, and of them rows we match. */
    private Map<String, long[]> columns() {
        Map<String, long[]> c = new LinkedHashMap<>();
        for (String name : BaselineParity.COLUMNS) {
            long compared = baselines.stream().mapToLong(b -> b.compared().getOrDefault(name, 0)).sum();
            long equal = baselines.stream().mapToLong(b -> b.equal().getOrDefault(name, 0)).sum();
            c.put(name, new long[] {compared, equal});
        }
        return c;
    }

    /** Floors the totals fell below, as sentences; empty when the ratchet holds. */
    List<String> belowFloors(Path floorFile) throws IOException {
        Properties floors = new Properties();
        try (Reader in = Files.newBufferedReader(floorFile)) {
            floors.load(in);
        }
        List<String> below = new ArrayList<>();
        Map<String, Long> totals = totals();
        for (String name : floors.stringPropertyNames()) {
            long floor = Long.parseLong(floors.getProperty(name).trim());
            Long actual = totals.get(name);
            if (actual == null) {
                below.add(name + ": no such total (expected one of " + totals.keySet() + ")");
            } else if (actual < floor) {
                below.add(name + ": " + actual + " < floor " + floor);
            }
        }
        return below;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("test", "trace", "checksums_ignored", "zeek_tcp_rows", "paired",
                "extra", "state_history_equal", "all_equal", "state_history_equal_on_purpose", "all_equal_on_purpose"));
        BaselineParity.COLUMNS.forEach(c -> header.add(c + "_equal/compared"));
        rows.add(String.join("\t", header));
        List<String> diffs = new ArrayList<>();
        List<BaselineParity> every = new ArrayList<>(baselines);
        every.addAll(apart);
        for (BaselineParity b : every) {
            List<String> row = new ArrayList<>(List.of(b.test(), b.trace(), b.checksumsIgnored() ? "yes" : "no",
                    Integer.toString(b.zeekRows()), Integer.toString(b.paired()), Integer.toString(b.extra()),
                    Integer.toString(b.stateHistoryEqual()), Integer.toString(b.allEqual()),
                    Integer.toString(b.stateHistoryEqualOnPurpose()), Integer.toString(b.allEqualOnPurpose())));
            for (String c : BaselineParity.COLUMNS) {
                row.add(b.compared().containsKey(c) ? b.equal().get(c) + "/" + b.compared().get(c) : "-");
            }
            rows.add(String.join("\t", row));
            if (!b.diffs().isEmpty()) {
                diffs.add("## " + b.test() + " (" + b.trace() + ")"
                        + (b.unexpressible() == null ? "" : " [counted apart: " + b.unexpressible() + "]"));
                diffs.addAll(b.diffs());
            }
        }
        Files.write(dir.resolve("parity-report.tsv"), rows);
        Files.write(dir.resolve("parity-diffs.txt"), diffs);
        Files.writeString(dir.resolve("parity-summary.txt"), summary());
    }

    String summary() {
        Map<String, Long> t = totals();
        long zeek = t.get("zeek_tcp_rows");
        StringBuilder s = new StringBuilder(String.format("""
                Zeek parity: %d baselines, %,d Zeek TCP rows; paired %,d, Zeek's we lack %,d, ours Zeek lacks %,d
                  equal on conn_state and history: %,d (%s)
                  equal on every compared column:   %,d (%s)
                  with the differences we make on purpose set aside (Zeek's x, payload analysis):
                    conn_state and history %,d (%s), every column %,d (%s)
                  per column (rows equal / Zeek rows with the column):
                """, baselines.size(), zeek, t.get("paired_rows"), zeek - t.get("paired_rows"), t.get("extra_rows"),
                t.get("state_history_equal_rows"), percent(t.get("state_history_equal_rows"), zeek),
                t.get("all_columns_equal_rows"), percent(t.get("all_columns_equal_rows"), zeek),
                t.get("state_history_equal_on_purpose_rows"), percent(t.get("state_history_equal_on_purpose_rows"), zeek),
                t.get("all_columns_equal_on_purpose_rows"), percent(t.get("all_columns_equal_on_purpose_rows"), zeek)));
        columns().forEach((name, c) -> s.append(String.format("    %-14s %,6d / %,6d  %s%n", name, c[1], c[0],
                percent(c[1], c[0]))));
        long wholeBaselines = baselines.stream().filter(b -> b.zeekRows() > 0 && b.allEqual() == b.zeekRows()
                && b.extra() == 0).count();
        long withRows = baselines.stream().filter(b -> b.zeekRows() > 0).count();
        BaselineParity largest = baselines.stream().max(java.util.Comparator.comparingInt(BaselineParity::zeekRows))
                .orElse(null);
        if (largest != null) {
            long rest = zeek - largest.zeekRows();
            s.append(String.format("  baselines equal on every row and column, nothing extra: %d of the %d with TCP rows%n",
                    wholeBaselines, withRows));
            s.append(String.format("  without the largest baseline (%s, %,d rows): every column %,d of %,d (%s)%n",
                    largest.trace(), largest.zeekRows(), t.get("all_columns_equal_rows") - largest.allEqual(), rest,
                    percent(t.get("all_columns_equal_rows") - largest.allEqual(), rest)));
        }
        for (BaselineParity b : apart) {
            s.append(String.format("  counted apart, %s (%s): %d Zeek rows, %d equal on every column: %s%n", b.test(),
                    b.trace(), b.zeekRows(), b.allEqual(), b.unexpressible()));
        }
        for (String n : notCompared) {
            s.append("  not compared: ").append(n).append('\n');
        }
        long checksumRows = baselines.stream().filter(b -> !b.checksumsIgnored()).mapToLong(BaselineParity::zeekRows)
                .sum();
        long checksumEqual = baselines.stream().filter(b -> !b.checksumsIgnored())
                .mapToLong(BaselineParity::allEqual).sum();
        s.append(String.format("  baselines Zeek wrote validating checksums (no -C): %,d rows, %,d equal on every column%n",
                checksumRows, checksumEqual));
        return s.toString();
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format("%.1f%%", 100.0 * part / whole);
    }
}
