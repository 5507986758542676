package dev.synscope.streams.anomaly;

import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.ConnectionState;
import java.util.ArrayList;
import java.util.List;

/**
 * The once-per-instance rule: a condition of a connection is reported once, recorded in
 * {@link ConnectionState#getRaisedAnomalies()}, so neither a later packet nor a replay after a
 * restart (the list is in the store) raises it again.
 */
public final class RaisedAnomalies {

    private RaisedAnomalies() {
    }

    public static boolean already(ConnectionState s, AnomalyType type) {
        return s.getRaisedAnomalies().contains(type);
    }

    /** Records the type; false when it was already raised (then the caller emits nothing). */
    public static boolean mark(ConnectionState s, AnomalyType type) {
        if (already(s, type)) {
            return false;
        }
        List<AnomalyType> raised = new ArrayList<>(s.getRaisedAnomalies());
        raised.add(type);
        s.setRaisedAnomalies(raised);
        return true;
    }
}
