package dev.synscope.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows printed the way {@code --output} asks: {@code csv} (RFC 4180, header row) or {@code table}
 * (aligned columns for a terminal). JSON is printed by each command from its own objects.
 */
final class TabularOutput {

    /** The values of {@code --output}. */
    enum Format { json, csv, table }

    private TabularOutput() {
    }

    static void print(PrintWriter out, Format format, List<String> header, List<List<String>> rows) {
        if (format == Format.csv) {
            out.println(csvRow(header));
            rows.forEach(r -> out.println(csvRow(r)));
        } else {
            table(out, header, rows);
        }
        out.flush();
    }

    static String csvRow(List<String> values) {
        List<String> quoted = new ArrayList<>(values.size());
        for (String v : values) {
            String s = v == null ? "" : v;
            boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
            quoted.add(quote ? '"' + s.replace("\"", "\"\"") + '"' : s);
        }
        return String.join(",", quoted);
    }

    private static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], String.valueOf(r.get(i)).length());
            }
        }
        out.println(line(header, width));
        rows.forEach(r -> out.println(line(r, width)));
    }

    private static String line(List<String> values, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String v = String.valueOf(values.get(i));
            b.append(v);
            if (i < width.length - 1) {
                b.append(" ".repeat(width[i] - v.length() + 2));
            }
        }
        return b.toString().stripTrailing();
    }
}
