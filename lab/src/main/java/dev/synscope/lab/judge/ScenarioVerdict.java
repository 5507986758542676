package dev.synscope.lab.judge;

import dev.synscope.lab.diagnosis.Diagnosis;
import dev.synscope.lab.diagnosis.InferredConnection;
import dev.synscope.lab.scenario.Scenario;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether SynScope's diagnosis of a scenario is the one issue 6 expects: every expected anomaly
 * type raised (with the expected tags on at least one event of those types), no anomaly at all for
 * normal traffic, and the expected Zeek conn_state on at least one of the scenario's connections
 * (the Diagnoser returns only the scenario's connections; all states seen are reported). Other anomalies
 * raised alongside are reported, not failed: a scenario may legitimately show more than one symptom.
 */
public record ScenarioVerdict(Scenario scenario, Set<AnomalyType> raised, Set<String> tagsSeen,
                              Set<String> connStatesSeen, Set<AnomalyType> missing, Set<String> missingTags,
                              boolean connStateMissing, boolean passed) {

    public ScenarioVerdict {
        raised = Set.copyOf(raised);
        tagsSeen = Set.copyOf(tagsSeen);
        connStatesSeen = Set.copyOf(connStatesSeen);
        missing = Set.copyOf(missing);
        missingTags = Set.copyOf(missingTags);
    }

    public static ScenarioVerdict judge(Scenario scenario, Diagnosis diagnosis) {
        List<AnomalyEvent> events = diagnosis.anomalies();
        Set<AnomalyType> raised = EnumSet.noneOf(AnomalyType.class);
        events.forEach(e -> raised.add(e.getType()));

        Set<AnomalyType> missing = EnumSet.noneOf(AnomalyType.class);
        missing.addAll(scenario.expectedAnomalies());
        missing.removeAll(raised);

        Set<String> tagsOnExpected = events.stream()
                .filter(e -> scenario.expectedAnomalies().contains(e.getType()))
                .flatMap(e -> e.getTags().stream()).map(CharSequence::toString)
                .collect(Collectors.toSet());
        Set<String> missingTags = new TreeSet<>(scenario.expectedTags());
        missingTags.removeAll(tagsOnExpected);
        Set<String> tagsSeen = events.stream().flatMap(e -> e.getTags().stream()).map(CharSequence::toString)
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> connStates = diagnosis.connections().stream().map(InferredConnection::connState)
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        boolean connStateMissing = scenario.expectedConnState().map(s -> !connStates.contains(s)).orElse(false);

        boolean unwantedAnomaly = scenario.noAnomalyAllowed() && !raised.isEmpty();
        boolean passed = missing.isEmpty() && missingTags.isEmpty() && !connStateMissing && !unwantedAnomaly;
        return new ScenarioVerdict(scenario, raised, tagsSeen, connStates, missing, missingTags, connStateMissing, passed);
    }

    /** What the issue expects, in one cell. */
    public String expectedText() {
        StringBuilder s = new StringBuilder(scenario.expectedAnomalies().isEmpty()
                ? "no anomaly"
                : scenario.expectedAnomalies().stream().map(Enum::name).sorted().collect(Collectors.joining("+")));
        scenario.expectedTags().forEach(t -> s.append(" [").append(t).append(']'));
        scenario.expectedConnState().ifPresent(c -> s.append(" conn_state ").append(c));
        return s.toString();
    }

    /** What SynScope said, in one cell. */
    public String saidText() {
        StringBuilder s = new StringBuilder(raised.isEmpty()
                ? "no anomaly"
                : raised.stream().map(Enum::name).sorted().collect(Collectors.joining("+")));
        tagsSeen.forEach(t -> s.append(" [").append(t).append(']'));
        if (!connStatesSeen.isEmpty()) {
            s.append(" conn_state ").append(String.join("/", connStatesSeen));
        }
        return s.toString();
    }
}
