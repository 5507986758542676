package dev.synscope.lab.diagnosis;

import dev.synscope.schema.AnomalyEvent;
import java.util.List;
import java.util.Map;

/**
 * What SynScope said about a scenario.
 *
 * @param connections           its connection rows (all vantages) once the scenario is over; their
 *                              Zeek conn_state is judged
 * @param connectionsAtSnapshot its rows as of each kernel snapshot's moment, keyed like
 *                              {@link dev.synscope.lab.scenario.ScenarioRun#snapshots()}: states are
 *                              only comparable at the same instant (a SYN_SENT lasts 4 s)
 * @param anomalies             the anomalies it raised for the scenario
 * @param sightingsAtSnapshot   per snapshot, the connections its probes had seen on the wire by then;
 *                              a snapshot without an entry has every kernel socket judged
 */
public record Diagnosis(List<InferredConnection> connections,
                        Map<String, List<InferredConnection>> connectionsAtSnapshot,
                        List<AnomalyEvent> anomalies, Map<String, WireSightings> sightingsAtSnapshot) {

    public Diagnosis {
        connections = List.copyOf(connections);
        connectionsAtSnapshot = Map.copyOf(connectionsAtSnapshot);
        anomalies = List.copyOf(anomalies);
        sightingsAtSnapshot = Map.copyOf(sightingsAtSnapshot);
    }

    /** Without wire sightings: every kernel socket is judged. */
    public Diagnosis(List<InferredConnection> connections, Map<String, List<InferredConnection>> connectionsAtSnapshot,
                     List<AnomalyEvent> anomalies) {
        this(connections, connectionsAtSnapshot, anomalies, Map.of());
    }

    /** A diagnosis without per-snapshot views (nothing for the kernel to judge). */
    public Diagnosis(List<InferredConnection> connections, List<AnomalyEvent> anomalies) {
        this(connections, Map.of(), anomalies, Map.of());
    }
}
