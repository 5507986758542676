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
 * {@link dev.synscope.lab.pipeline.PipelineDiagnoser} is the offline one, over captures that
 * last the whole session. Either way: rows mapped with {@link InferredConnection#from}, anomalies read from the anomalies
 * topic, streams-app timeouts configured short for the lab
 * ({@link dev.synscope.lab.pipeline.LabThresholds}). The lab judges the result with
 * {@link dev.synscope.lab.judge.ScenarioVerdict} and {@link dev.synscope.lab.judge.Agreement}
 * ({@link dev.synscope.lab.judge.LabSession} does all of it for the ten scenarios).
 */
@FunctionalInterface
public interface Diagnoser extends AutoCloseable {

    Diagnosis diagnose(ScenarioRun run) throws Exception;

    /** Releases what the diagnoser holds (probes, captures); nothing by default. */
    @Override
    default void close() throws Exception {
    }

    /**
     * Makes the diagnoser for a lab once its namespaces exist, so that it can attach to them (e.g.
     * probes that capture for the whole session). {@link dev.synscope.lab.judge.LabSession} closes it
     * before the lab is torn down.
     */
    @FunctionalInterface
    interface Factory {
        Diagnoser open(dev.synscope.lab.net.LabNetwork lab, java.nio.file.Path workDir) throws Exception;
    }
}
