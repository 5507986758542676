package dev.synscope.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.Severity;
import dev.synscope.streams.query.anomalies.AnomalyFilter;
import dev.synscope.streams.query.anomalies.AnomalyRing;
import dev.synscope.streams.query.http.QueryParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyRingTest {

    @Test
    void keepsTheNewestUpToItsCapacityWithoutDuplicates() {
        AnomalyRing ring = new AnomalyRing(3);
        List<String> told = new ArrayList<>();
        ring.subscribe(e -> told.add(e.getEventId()));
        for (int i = 0; i < 5; i++) {
            ring.add(event("e" + i, AnomalyType.CONNECTION_REFUSED, 1_000L * i));
        }
        assertThat(ring.add(event("e4", AnomalyType.CONNECTION_REFUSED, 4_000L))).as("same id again").isFalse();
        assertThat(ring.size()).isEqualTo(3);
        assertThat(ring.recent(AnomalyFilter.NONE, 10)).extracting(AnomalyEvent::getEventId)
                .containsExactly("e4", "e3", "e2");
        assertThat(told).containsExactly("e0", "e1", "e2", "e3", "e4");
    }

    @Test
    void filtersByTypeSeverityHostPortAndTime() {
        AnomalyRing ring = new AnomalyRing(10);
        ring.add(event("refused", AnomalyType.CONNECTION_REFUSED, 1_700_000_000_000_000L));
        AnomalyEvent leak = event("leak", AnomalyType.CLOSE_WAIT_LEAK, 1_700_000_060_000_000L);
        leak.setSeverity(Severity.MAJOR);
        leak.setOrigH(null);
        leak.setOrigP(null);
        ring.add(leak);
        assertThat(ids(ring, "type=CONNECTION_REFUSED,HALF_OPEN")).containsExactly("refused");
        assertThat(ids(ring, "severity=MAJOR,CRITICAL")).containsExactly("leak");
        assertThat(ids(ring, "host=192.0.2.10")).containsExactly("refused");
        assertThat(ids(ring, "host=198.51.100.10&port=80")).containsExactly("leak", "refused");
        assertThat(ids(ring, "since=2023-11-14T22:14:00Z")).containsExactly("leak");
        assertThat(ids(ring, "until=1700000060000000")).containsExactly("refused");
    }

    private static List<String> ids(AnomalyRing ring, String query) {
        return ring.recent(AnomalyFilter.from(QueryParams.parse(query)), 100).stream().map(AnomalyEvent::getEventId)
                .toList();
    }

    private static AnomalyEvent event(String id, AnomalyType type, long ts) {
        return QueryCluster.anomaly(id, type, "C1", "192.0.2.10", 38608, "198.51.100.10", 80, ts);
    }
}
