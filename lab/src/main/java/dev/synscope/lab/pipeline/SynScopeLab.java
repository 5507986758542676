package dev.synscope.lab.pipeline;

import dev.synscope.lab.exec.CommandRunner;
import dev.synscope.lab.judge.LabReport;
import dev.synscope.lab.judge.LabSession;
import dev.synscope.lab.net.LabScripts;
import dev.synscope.lab.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole lab judged end to end: namespaces, the ten scenarios, SynScope (probes at both vantage
 * points, Kafka, the streams app, its query API) diagnosing each one, the kernel judging its states.
 * One entry point for the integration test and {@code synscope lab}.
 */
public final class SynScopeLab {

    /** The sizes: the article's pool of 10, a burst of 50, 20 short connections. */
    public static final Map<String, String> SETTINGS = Map.of("CLOSE_WAIT_POOL", "10", "SHORT_CONNECTIONS", "20",
            "SYN_BURST", "50");

    private SynScopeLab() {
    }

    /** The pipeline settings for a lab with these scenario settings (thresholds follow the pool and burst). */
    public static LabPipeline.Settings pipelineSettings(String bootstrap, String runId, Path stateDir, String apiHost,
                                                        int apiPort, Map<String, String> settings) {
        return new LabPipeline.Settings(bootstrap, runId, stateDir, apiHost, apiPort, LabThresholds.forLab(
                Integer.parseInt(settings.getOrDefault("CLOSE_WAIT_POOL", "10")),
                Integer.parseInt(settings.getOrDefault("SYN_BURST", "50"))));
    }

    /**
     * Builds a lab under {@code prefix}, runs the scenarios with {@code pipeline} diagnosing them, and
     * tears the lab down; the pipeline stays up (its API still serves the final table).
     */
    public static LabReport run(LabPipeline pipeline, String prefix, LabScripts scripts, Map<String, String> settings,
                                List<Scenario> scenarios, Path workDir, LabSession.Progress progress) throws Exception {
        LabSession session = new LabSession(prefix, new CommandRunner(), scripts, settings);
        return session.run(scenarios, PipelineDiagnoser.factory(pipeline), false, workDir, progress);
    }
}
