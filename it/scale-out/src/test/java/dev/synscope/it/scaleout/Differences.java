package dev.synscope.it.scaleout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Short, readable differences between two runs' outputs, for assertion messages: a failed
 * comparison of a few hundred Avro records otherwise prints megabytes.
 */
final class Differences {

    private Differences() {
    }

    /** Multiset difference: "only in A: ..., only in B: ..." naming each record by {@code label}; empty when equal. */
    static <T> List<String> ofMultisets(List<T> a, List<T> b, Function<T, String> label) {
        Map<T, Integer> counts = new HashMap<>();
        a.forEach(x -> counts.merge(x, 1, Integer::sum));
        b.forEach(x -> counts.merge(x, -1, Integer::sum));
        List<String> out = new ArrayList<>();
        counts.forEach((record, n) -> {
            if (n != 0) {
                out.add((n > 0 ? "only in multi x" + n : "only in single x" + (-n)) + ": " + label.apply(record));
            }
        });
        out.sort(null);
        return out;
    }

    /** The names of the top-level fields in which two records of one Avro type differ. */
    static List<String> fieldsDiffering(org.apache.avro.specific.SpecificRecord a,
                                        org.apache.avro.specific.SpecificRecord b) {
        List<String> out = new ArrayList<>();
        for (org.apache.avro.Schema.Field f : a.getSchema().getFields()) {
            if (!Objects.equals(a.get(f.pos()), b.get(f.pos()))) {
                out.add(f.name());
            }
        }
        return out;
    }

    /** Map difference by key: missing, extra, or different values, named by {@code label}. */
    static <K, V> List<String> ofMaps(Map<K, V> a, Map<K, V> b, Function<V, String> label) {
        List<String> out = new ArrayList<>();
        a.forEach((k, v) -> {
            V other = b.get(k);
            if (other == null) {
                out.add("only in multi: " + label.apply(v));
            } else if (!Objects.equals(v, other)) {
                String fields = v instanceof org.apache.avro.specific.SpecificRecord r
                        ? " in " + fieldsDiffering(r, (org.apache.avro.specific.SpecificRecord) other) : "";
                out.add("differs" + fields + ": multi " + label.apply(v) + " vs single " + label.apply(other));
            }
        });
        b.forEach((k, v) -> {
            if (!a.containsKey(k)) {
                out.add("only in single: " + label.apply(v));
            }
        });
        out.sort(null);
        return out;
    }
}
