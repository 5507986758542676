package dev.synscope.lab.diagnosis;

import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.scenario.Vantage;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Which connections had at least one packet on the wire at each vantage point up to a moment. A
 * socket whose packets never reached the wire (a SYN held in the neighbour queue because nobody
 * answers ARP) exists for the kernel but for no probe: the judge lists it apart instead of counting
 * it against SynScope.
 */
public record WireSightings(Map<Vantage, Set<Pair>> pairs) {

    /** Two endpoints in a fixed order, so both directions of a connection are one pair. */
    public record Pair(Endpoint low, Endpoint high) {
        public static Pair of(Endpoint a, Endpoint b) {
            return a.toString().compareTo(b.toString()) <= 0 ? new Pair(a, b) : new Pair(b, a);
        }
    }

    public WireSightings {
        Map<Vantage, Set<Pair>> copy = new EnumMap<>(Vantage.class);
        pairs.forEach((v, p) -> copy.put(v, Set.copyOf(p)));
        pairs = Map.copyOf(copy);
    }

    public boolean seen(Vantage vantage, Endpoint a, Endpoint b) {
        return pairs.getOrDefault(vantage, Set.of()).contains(Pair.of(a, b));
    }
}
