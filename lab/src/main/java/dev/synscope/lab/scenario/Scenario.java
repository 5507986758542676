package dev.synscope.lab.scenario;

import static dev.synscope.schema.AnomalyType.CLOSE_WAIT_LEAK;
import static dev.synscope.schema.AnomalyType.CLOSE_WAIT_STUCK;
import static dev.synscope.schema.AnomalyType.CONNECTION_REFUSED;
import static dev.synscope.schema.AnomalyType.CONNECT_TIMEOUT;
import static dev.synscope.schema.AnomalyType.HALF_OPEN;
import static dev.synscope.schema.AnomalyType.HOST_UNREACHABLE;
import static dev.synscope.schema.AnomalyType.ONE_SIDED_FLOW;
import static dev.synscope.schema.AnomalyType.SEQUENCE_MISMATCH;
import static dev.synscope.schema.AnomalyType.SYN_FLOOD;

import dev.synscope.schema.AnomalyType;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Issue 6's ten scenarios with the diagnosis SynScope must give for each. The traffic of each one
 * is the shell function {@code scenario_<scriptName>} in {@code lab/lib/scenarios.sh}
 * ({@code lab.sh scenario <scriptName>}), which also says what the kernel shows.
 */
public enum Scenario {

    NORMAL_CLOSE(1, "normal-close", "Normal HTTP request and four-way close",
            EnumSet.noneOf(AnomalyType.class), "SF", Set.of(), true,
            "states through ESTABLISHED to TIME_WAIT (client) / CLOSED (server); bytes = HTTP request and response sizes"),
    SYN_DROPPED(2, "syn-dropped", "Firewall drops the SYN",
            EnumSet.of(CONNECT_TIMEOUT), "S0", Set.of(), false,
            "SYN retransmissions counted"),
    HOST_UNREACHABLE_ARP(3, "host-unreachable", "Server down on the same subnet (no ARP answer)",
            EnumSet.of(HOST_UNREACHABLE), "S0", Set.of(), false,
            "ICMP host unreachable correlated to the connection attempt"),
    SERVER_ROUTE_BROKEN(4, "server-route-broken", "Server's default route broken",
            EnumSet.of(HALF_OPEN, CONNECT_TIMEOUT), null, Set.of(), false,
            "server side stuck in SYN_RECEIVED (server vantage), client times out (client vantage)"),
    SERVICE_DOWN(5, "service-down", "Service down: RST",
            EnumSet.of(CONNECTION_REFUSED), "REJ", Set.of(), false,
            "RST from the server's kernel, TTL as the server's other packets"),
    FORGED_RST(6, "forged-rst", "Firewall answers with a forged RST",
            EnumSet.of(CONNECTION_REFUSED), "REJ", Set.of("middlebox_suspected"), false,
            "the RST's TTL (64) differs from the server's (63)"),
    ASYMMETRIC(7, "asymmetric", "Asymmetric routing",
            EnumSet.of(SEQUENCE_MISMATCH, ONE_SIDED_FLOW), null, Set.of(), false,
            "SYN+ACK not acking ISN+1 answered by the client's RST; one direction only at the server vantage"),
    CLOSE_WAIT_LEAK_POOL(8, "close-wait-leak", "CLOSE_WAIT leak",
            EnumSet.of(CLOSE_WAIT_STUCK, CLOSE_WAIT_LEAK), null, Set.of(), false,
            "CLOSE_WAIT_STUCK per connection, CLOSE_WAIT_LEAK for 198.51.100.10:9000 past the threshold"),
    SYN_FLOOD_BURST(9, "syn-flood", "SYN flood",
            EnumSet.of(SYN_FLOOD), null, Set.of(), false,
            "bounded hping3 burst from a spoofed on-link source"),
    MANY_SHORT(10, "many-short", "Many short connections",
            EnumSet.noneOf(AnomalyType.class), "SF", Set.of(), true,
            "TIME_WAIT counted on the client, no anomaly raised");

    private final int number;
    private final String scriptName;
    private final String title;
    private final Set<AnomalyType> expectedAnomalies;
    private final String expectedConnState;
    private final Set<String> expectedTags;
    private final boolean noAnomalyAllowed;
    private final String expectation;

    Scenario(int number, String scriptName, String title, EnumSet<AnomalyType> expectedAnomalies,
             String expectedConnState, Set<String> expectedTags, boolean noAnomalyAllowed, String expectation) {
        this.number = number;
        this.scriptName = scriptName;
        this.title = title;
        this.expectedAnomalies = Set.copyOf(expectedAnomalies);
        this.expectedConnState = expectedConnState;
        this.expectedTags = Set.copyOf(expectedTags);
        this.noAnomalyAllowed = noAnomalyAllowed;
        this.expectation = expectation;
    }

    /** The number, 1-10. */
    public int number() {
        return number;
    }

    /** The name {@code lab.sh scenario} takes. */
    public String scriptName() {
        return scriptName;
    }

    public String title() {
        return title;
    }

    /** Anomaly types SynScope must raise (at some vantage) for this scenario; empty for none. */
    public Set<AnomalyType> expectedAnomalies() {
        return expectedAnomalies;
    }

    /** Zeek conn_state of the scenario's connections, when the issue fixes one. */
    public Optional<String> expectedConnState() {
        return Optional.ofNullable(expectedConnState);
    }

    /** Tags the expected anomalies must carry (e.g. {@code middlebox_suspected}). */
    public Set<String> expectedTags() {
        return expectedTags;
    }

    /** True when raising any anomaly is wrong (normal traffic). */
    public boolean noAnomalyAllowed() {
        return noAnomalyAllowed;
    }

    /** The rest of the expectation, in words, for the report. */
    public String expectation() {
        return expectation;
    }

    public static Optional<Scenario> byScriptName(String name) {
        for (Scenario s : values()) {
            if (s.scriptName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
