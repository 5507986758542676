package dev.synscope.streams.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.Evidence;
import dev.synscope.schema.Severity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The endpoint-aggregate rules as pure functions: they count aged conditions only (never the handshakes or
 * CLOSE_WAITs merely in flight), threshold, once per crossing, re-arm at half, evidence.
 */
class EndpointAggregateRulesTest {

    private static final long AT = 1_795_503_860_710_673L;
    private static final long WINDOW_START = 1_795_503_840_000_000L;
    private static final Duration SYN_AGE = Duration.ofSeconds(2);
    private static final Duration CW_AGE = Duration.ofSeconds(3);

    @Test
    void synFloodBelowThresholdRaisesNothing() {
        EndpointAggregateRules.Decision d = EndpointAggregateRules.synFlood(
                stats(Map.of("LISTEN", 30L, "SYN_RECEIVED", 19L), 49, 0, false, false), 50, SYN_AGE, AT, "Cuid");
        assertThat(d.raised()).isNull();
        assertThat(d.active()).isFalse();
    }

    @Test
    void handshakesInFlightNeverRaiseASynFloodHoweverMany() {
        // a busy healthy service: thousands incomplete at this instant, none of them old
        EndpointAggregateRules.Decision d = EndpointAggregateRules.synFlood(
                stats(Map.of("LISTEN", 3_000L, "SYN_RECEIVED", 2_000L), 0, 0, false, false), 50, SYN_AGE, AT, "C1");
        assertThat(d).isEqualTo(new EndpointAggregateRules.Decision(false, null));
    }

    @Test
    void synFloodAtThresholdRaisesOneEventWithItsEvidence() {
        EndpointStats stats = stats(Map.of("LISTEN", 1L, "SYN_RECEIVED", 60L, "ESTABLISHED", 7L), 50, 0, false, false);
        stats.setWindowTimeouts(22);
        stats.setWindowHalfOpen(3);
        EndpointAggregateRules.Decision d = EndpointAggregateRules.synFlood(stats, 50, SYN_AGE, AT, "CBW9zJXP6Y05");
        assertThat(d.active()).isTrue();
        AnomalyEvent e = d.raised();
        assertThat(e.getType()).isEqualTo(AnomalyType.SYN_FLOOD);
        assertThat(e.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(e.getCount()).isEqualTo(50);
        assertThat(e.getTsMicros()).isEqualTo(AT);
        assertThat(e.getRespH()).isEqualTo("198.51.100.10");
        assertThat(e.getRespP()).isEqualTo(80);
        assertThat(e.getEvidence()).extracting(Evidence::getDescription).containsExactly(
                "50 handshakes on 198.51.100.10:80 still incomplete 2 s after their SYN, threshold 50 "
                        + "(handshakes in flight do not count)",
                "incomplete now: 1 SYN unanswered, 60 SYN_RECEIVED; 7 established",
                "latest: connection CBW9zJXP6Y05",
                "this window: 22 connect timeouts, 3 half-open");
        assertThat(e.getEvidence()).extracting(Evidence::getTsMicros).containsExactly(AT, AT, AT, WINDOW_START);
        // the aggregate is only read
        assertThat(stats.getSynFloodActive()).isFalse();
    }

    @Test
    void handshakesEvictedFromAFullTableThisWindowCountTowardTheFlood() {
        // a flood beyond the table's capacity: its handshakes are evicted before they can age
        EndpointStats stats = stats(Map.of("LISTEN", 900L), 10, 0, false, false);
        stats.setWindowEvictedHandshakes(40);
        AnomalyEvent e = EndpointAggregateRules.synFlood(stats, 50, SYN_AGE, AT, "C1").raised();
        assertThat(e.getCount()).isEqualTo(50);
        assertThat(e.getEvidence().get(0).getDescription()).isEqualTo("50 handshakes on 198.51.100.10:80 still "
                + "incomplete 2 s after their SYN, threshold 50 (handshakes in flight do not count); 40 of them evicted "
                + "from the full connection table this window before they could age");
    }

    @Test
    void synFloodIsRaisedOncePerCrossingAndReArmsBelowHalfTheThreshold() {
        // active: no second event while the count stays up, nor at exactly half (25 of 50)
        assertThat(EndpointAggregateRules.synFlood(stats(Map.of(), 80, 0, true, false), 50, SYN_AGE, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(true, null));
        assertThat(EndpointAggregateRules.synFlood(stats(Map.of(), 25, 0, true, false), 50, SYN_AGE, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(true, null));
        // below half: re-armed, so the next crossing raises again
        assertThat(EndpointAggregateRules.synFlood(stats(Map.of("LISTEN", 500L), 24, 0, true, false), 50, SYN_AGE,
                AT, "C1")).isEqualTo(new EndpointAggregateRules.Decision(false, null));
    }

    @Test
    void closeWaitLeakBelowThresholdRaisesNothing() {
        EndpointAggregateRules.Decision d = EndpointAggregateRules.closeWaitLeak(
                stats(Map.of("CLOSE_WAIT", 40L, "LISTEN", 200L), 0, 4, false, false), 5, CW_AGE, AT, "Cuid");
        assertThat(d).isEqualTo(new EndpointAggregateRules.Decision(false, null));
    }

    @Test
    void closeWaitLeakAtThresholdRaisesOneEventWithItsEvidence() {
        EndpointAggregateRules.Decision d = EndpointAggregateRules.closeWaitLeak(
                stats(Map.of("CLOSE_WAIT", 9L), 0, 5, false, false), 5, CW_AGE, AT, "CfUvJZKzExR6");
        assertThat(d.active()).isTrue();
        AnomalyEvent e = d.raised();
        assertThat(e.getType()).isEqualTo(AnomalyType.CLOSE_WAIT_LEAK);
        assertThat(e.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(e.getCount()).isEqualTo(5);
        assertThat(e.getEvidence()).extracting(Evidence::getDescription).containsExactly(
                "5 connections on 198.51.100.10:80 in CLOSE_WAIT with no packet for 3 s or more, threshold 5 "
                        + "(9 in CLOSE_WAIT now)",
                "latest: connection CfUvJZKzExR6");
    }

    @Test
    void closeWaitLeakIsRaisedOncePerCrossingAndReArmsBelowHalfTheThreshold() {
        assertThat(EndpointAggregateRules.closeWaitLeak(stats(Map.of(), 0, 9, false, true), 5, CW_AGE, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(true, null));
        assertThat(EndpointAggregateRules.closeWaitLeak(stats(Map.of(), 0, 3, false, true), 5, CW_AGE, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(true, null));
        assertThat(EndpointAggregateRules.closeWaitLeak(stats(Map.of("CLOSE_WAIT", 90L), 0, 2, false, true), 5,
                CW_AGE, AT, "C1")).isEqualTo(new EndpointAggregateRules.Decision(false, null));
    }

    @Test
    void aHostAggregateWithoutAPortRaisesNeitherAndKeepsItsFlags() {
        EndpointStats host = stats(Map.of("LISTEN", 500L, "CLOSE_WAIT", 500L), 500, 500, false, false);
        host.setPort(null);
        assertThat(EndpointAggregateRules.synFlood(host, 50, SYN_AGE, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(false, null));
        assertThat(EndpointAggregateRules.closeWaitLeak(host, 5, CW_AGE, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(false, null));
        EndpointStats activeHost = stats(Map.of(), 0, 0, true, true);
        activeHost.setPort(null);
        assertThat(EndpointAggregateRules.synFlood(activeHost, 50, SYN_AGE, AT, "C1").active()).isTrue();
        assertThat(EndpointAggregateRules.closeWaitLeak(activeHost, 5, CW_AGE, AT, "C1").active()).isTrue();
    }

    private static EndpointStats stats(Map<String, Long> counts, long agedHandshakes, long agedCloseWaits,
                                       boolean synFloodActive, boolean closeWaitLeakActive) {
        return EndpointStats.newBuilder().setEndpoint("198.51.100.10:80").setHost("198.51.100.10").setPort(80)
                .setStateCounts(counts).setWindowStartMicros(WINDOW_START).setAgedHandshakes(agedHandshakes)
                .setAgedCloseWaits(agedCloseWaits)
                .setSynFloodActive(synFloodActive).setCloseWaitLeakActive(closeWaitLeakActive).build();
    }
}
