package dev.synscope.streams.state;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndReason;

import java.util.List;

/**
 * Result of applying one packet to one connection.
 *
 * @param current          the connection instance after the packet; never null after a TCP or ICMP_ERROR
 *                         observation (null only when a HEARTBEAT/END_OF_CAPTURE was passed with no previous state)
 * @param finalized        non-null when this packet ended an instance: the previous instance on tuple reuse
 *                         (then {@code current} is a new instance with a new uid), or {@code current} itself when
 *                         the packet closed it (both FINs acked, or an acceptable RST) - in that case
 *                         {@code finalized == current}; the topology decides whether to keep the row (TIME_WAIT)
 * @param finalizedReason  why {@code finalized} ended (TUPLE_REUSE, FIN, RST); null when finalized is null
 * @param events           what the packet did, in order; never null
 */
public record TrackerUpdate(ConnectionState current, ConnectionState finalized, EndReason finalizedReason,
                            List<ConnectionEvent> events) {

    public TrackerUpdate {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** History letters this packet did not record because the history was at its cap (0 almost always). */
    public long historyLettersCut() {
        long cut = 0;
        for (ConnectionEvent e : events) {
            if (e.type() == ConnectionEvent.Type.HISTORY_CUT) {
                cut += e.value();
            }
        }
        return cut;
    }

    /** True when this packet ended an instance. */
    public boolean hasFinalized() {
        return finalized != null;
    }
}
