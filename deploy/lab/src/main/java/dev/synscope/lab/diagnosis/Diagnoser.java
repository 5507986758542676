package dev.synscope.lab.diagnosis;

import dev.synscope.lab.scenario.ScenarioRun;

/**
 * The hook where SynScope meets the lab: given a scenario as it happened, return what SynScope
 * concluded. Two ways to implement it once the probe and the streams app exist:
 * <ul>
 *   <li><b>offline</b>: run one probe per {@link dev.synscope.lab.scenario.Vantage} on
 *       {@link ScenarioRun#captures()} (probe id {@link dev.synscope.lab.scenario.Vantage#probeId()})
 *       into the local broker; for each kernel snapshot, the state table as of
 *       {@code snapshot.takenAt()} is what the streams app holds after the packets captured up to
 *       that instant (feed in time order, query between);</li>
 *   <li><b>live</b>: probes capture in the namespaces while the scenario runs and the state table is
 *       queried through the public REST API right after each {@code ss} snapshot.</li>
 * </ul>
 * Either way: rows mapped with {@link InferredConnection#from}, anomalies read from the anomalies
 * topic, streams-app timeouts configured short for the lab (SYN timeout 3 s, CLOSE_WAIT age 2 s,
 * CLOSE_WAIT leak threshold below the scenario's pool). The lab judges the result with
 * {@link dev.synscope.lab.judge.ScenarioVerdict} and {@link dev.synscope.lab.judge.Agreement}
 * ({@link dev.synscope.lab.judge.LabSession} does all of it for the ten scenarios).
 */
@FunctionalInterface
public interface Diagnoser {

    Diagnosis diagnose(ScenarioRun run) throws Exception;
}
