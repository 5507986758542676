package dev.synscope.it.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conn.log as Zeek's btests keep it: either Zeek's own TSV ({@code #fields} names the columns) or
 * zeek-cut output (the first line not starting with '#' names them); times and uids may be masked.
 * Only what a comparison needs is read: each row's columns by name.
 */
record ZeekConnLog(List<String> fields, List<Map<String, String>> rows) {

    static ZeekConnLog read(Path file) {
        try {
            List<String> fields = null;
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("#fields\t")) {
                    fields = Arrays.asList(line.substring("#fields\t".length()).split("\t", -1));
                } else if (line.startsWith("#") || line.isBlank()) {
                    continue;
                } else if (fields == null) {
                    fields = Arrays.asList(line.split("\t", -1));
                } else {
                    String[] values = line.split("\t", -1);
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 0; i < Math.min(fields.size(), values.length); i++) {
                        row.putIfAbsent(fields.get(i), values[i]); // some btests cut a column twice
                    }
                    rows.add(row);
                }
            }
            return new ZeekConnLog(fields == null ? List.of() : List.copyOf(fields), List.copyOf(rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether rows carry their protocol; zeek-cut baselines often leave it out. */
    boolean hasProto() {
        return fields.contains("proto");
    }

    /** Whether rows carry the four-tuple. */
    boolean hasTuple() {
        return fields.containsAll(List.of("id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"));
    }

    /** TCP rows (every row when the baseline has no proto column). */
    List<Map<String, String>> tcpRows() {
        return hasProto() ? rows.stream().filter(r -> "tcp".equals(r.get("proto"))).toList() : rows;
    }

    /** The endpoints of a row as an unordered pair ("a:p b:q", sorted): who originated is a separate question. */
    static String endpoints(String origH, String origP, String respH, String respP) {
        String a = origH + ":" + origP;
        String b = respH + ":" + respP;
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }

    static String endpoints(Map<String, String> row) {
        return endpoints(row.get("id.orig_h"), row.get("id.orig_p"), row.get("id.resp_h"), row.get("id.resp_p"));
    }
}
