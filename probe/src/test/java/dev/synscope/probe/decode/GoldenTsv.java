package dev.synscope.probe.decode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One row per frame of {@code tshark -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=,}.
 * A field with several occurrences (ICMP errors: outer and quoted IP header) is comma-separated,
 * outer first.
 */
record GoldenTsv(List<Row> rows) {

    record Row(Map<String, String> fields) {

        boolean has(String field) {
            String v = fields.get(field);
            return v != null && !v.isEmpty();
        }

        /** All occurrences of a field, empty list when absent. */
        List<String> all(String field) {
            return has(field) ? Arrays.asList(fields.get(field).split(",")) : List.of();
        }

        /** Occurrence {@code index} (0 = outermost). */
        String get(String field, int index) {
            List<String> values = all(field);
            if (index >= values.size()) {
                throw new IllegalArgumentException("field " + field + " has no occurrence " + index + " in " + fields);
            }
            return values.get(index);
        }

        String first(String field) {
            return get(field, 0);
        }

        long firstLong(String field) {
            String v = first(field);
            return v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        }

        /** frame.time_epoch "1795504449.401835000" as microseconds. */
        long epochMicros() {
            String[] parts = first("frame.time_epoch").split("\\.");
            String frac = (parts.length > 1 ? parts[1] : "") + "000000";
            return Long.parseLong(parts[0]) * 1_000_000L + Long.parseLong(frac.substring(0, 6));
        }

        @Override
        public String toString() {
            return fields.toString();
        }
    }

    static GoldenTsv parse(List<String> lines) {
        String[] header = lines.get(0).split("\t", -1);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) {
                fields.put(header[i], cells[i]);
            }
            rows.add(new Row(fields));
        }
        return new GoldenTsv(rows);
    }

    static GoldenTsv read(Path path) throws IOException {
        return parse(Files.readAllLines(path, StandardCharsets.UTF_8));
    }
}
