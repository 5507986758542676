package dev.synscope.streams.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.Evidence;
import dev.synscope.schema.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoint-aggregate rules as pure functions: threshold, once per crossing, re-arm at half, evidence. */
class EndpointAggregateRulesTest {

    private static final long AT = 1_795_503_860_710_673L;
    private static final long WINDOW_START = 1_795_503_840_000_000L;

    @Test
    void synFloodBelowThresholdRaisesNothing() {
        EndpointAggregateRules.Decision d = EndpointAggregateRules.synFlood(
                stats(Map.of("LISTEN", 30L, "SYN_RECEIVED", 19L), false, false), 50, AT, "Cuid");
        assertThat(d.raised()).isNull();
        assertThat(d.active()).isFalse();
    }

    @Test
    void synFloodAtThresholdRaisesOneEventWithItsEvidence() {
        EndpointStats stats = stats(Map.of("LISTEN", 1L, "SYN_RECEIVED", 49L, "ESTABLISHED", 7L), false, false);
        stats.setWindowTimeouts(22);
        stats.setWindowHalfOpen(3);
        EndpointAggregateRules.Decision d = EndpointAggregateRules.synFlood(stats, 50, AT, "CBW9zJXP6Y05");
        assertThat(d.active()).isTrue();
        AnomalyEvent e = d.raised();
        assertThat(e.getType()).isEqualTo(AnomalyType.SYN_FLOOD);
        assertThat(e.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(e.getCount()).isEqualTo(50);
        assertThat(e.getTsMicros()).isEqualTo(AT);
        assertThat(e.getRespH()).isEqualTo("198.51.100.10");
        assertThat(e.getRespP()).isEqualTo(80);
        assertThat(e.getEvidence()).extracting(Evidence::getDescription).containsExactly(
                "50 incomplete handshakes at once on 198.51.100.10:80 (1 SYN unanswered, 49 SYN_RECEIVED), threshold 50",
                "latest: connection CBW9zJXP6Y05",
                "this window: 22 connect timeouts, 3 half-open");
        assertThat(e.getEvidence()).extracting(Evidence::getTsMicros).containsExactly(AT, AT, WINDOW_START);
        // the aggregate is only read
        assertThat(stats.getSynFloodActive()).isFalse();
    }

    @Test
    void synFloodIsRaisedOncePerCrossingAndReArmsBelowHalfTheThreshold() {
        // active: no second event while the count stays up, nor at exactly half (25 of 50)
        assertThat(EndpointAggregateRules.synFlood(stats(Map.of("LISTEN", 80L), true, false), 50, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(true, null));
        assertThat(EndpointAggregateRules.synFlood(stats(Map.of("LISTEN", 25L), true, false), 50, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(true, null));
        // below half: re-armed, so the next crossing raises again
        assertThat(EndpointAggregateRules.synFlood(stats(Map.of("LISTEN", 24L), true, false), 50, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(false, null));
    }

    @Test
    void closeWaitLeakBelowThresholdRaisesNothing() {
        EndpointAggregateRules.Decision d = EndpointAggregateRules.closeWaitLeak(
                stats(Map.of("CLOSE_WAIT", 4L, "LISTEN", 200L), false, false), 5, AT, "Cuid");
        assertThat(d).isEqualTo(new EndpointAggregateRules.Decision(false, null));
    }

    @Test
    void closeWaitLeakAtThresholdRaisesOneEventWithItsEvidence() {
        EndpointAggregateRules.Decision d = EndpointAggregateRules.closeWaitLeak(
                stats(Map.of("CLOSE_WAIT", 5L), false, false), 5, AT, "CfUvJZKzExR6");
        assertThat(d.active()).isTrue();
        AnomalyEvent e = d.raised();
        assertThat(e.getType()).isEqualTo(AnomalyType.CLOSE_WAIT_LEAK);
        assertThat(e.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(e.getCount()).isEqualTo(5);
        assertThat(e.getEvidence()).extracting(Evidence::getDescription).containsExactly(
                "5 connections in CLOSE_WAIT at once on 198.51.100.10:80, threshold 5",
                "latest: connection CfUvJZKzExR6");
    }

    @Test
    void closeWaitLeakIsRaisedOncePerCrossingAndReArmsBelowHalfTheThreshold() {
        assertThat(EndpointAggregateRules.closeWaitLeak(stats(Map.of("CLOSE_WAIT", 9L), false, true), 5, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(true, null));
        assertThat(EndpointAggregateRules.closeWaitLeak(stats(Map.of("CLOSE_WAIT", 3L), false, true), 5, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(true, null));
        assertThat(EndpointAggregateRules.closeWaitLeak(stats(Map.of("CLOSE_WAIT", 2L), false, true), 5, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(false, null));
    }

    @Test
    void aHostAggregateWithoutAPortRaisesNeitherAndKeepsItsFlags() {
        EndpointStats host = stats(Map.of("LISTEN", 500L, "CLOSE_WAIT", 500L), false, false);
        host.setPort(null);
        assertThat(EndpointAggregateRules.synFlood(host, 50, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(false, null));
        assertThat(EndpointAggregateRules.closeWaitLeak(host, 5, AT, "C1"))
                .isEqualTo(new EndpointAggregateRules.Decision(false, null));
        EndpointStats activeHost = stats(Map.of(), true, true);
        activeHost.setPort(null);
        assertThat(EndpointAggregateRules.synFlood(activeHost, 50, AT, "C1").active()).isTrue();
        assertThat(EndpointAggregateRules.closeWaitLeak(activeHost, 5, AT, "C1").active()).isTrue();
    }

    private static EndpointStats stats(Map<String, Long> counts, boolean synFloodActive, boolean closeWaitLeakActive) {
        return EndpointStats.newBuilder().setEndpoint("198.51.100.10:80").setHost("198.51.100.10").setPort(80)
                .setStateCounts(counts).setWindowStartMicros(WINDOW_START)
                .setSynFloodActive(synFloodActive).setCloseWaitLeakActive(closeWaitLeakActive).build();
    }
}
