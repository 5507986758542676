package dev.synscope.lab.judge;

import dev.synscope.lab.diagnosis.Diagnoser;
import dev.synscope.lab.diagnosis.Diagnosis;
import dev.synscope.lab.diagnosis.InferredConnection;
import dev.synscope.lab.diagnosis.WireSightings;
import dev.synscope.lab.exec.CommandRunner;
import dev.synscope.lab.net.LabAddresses;
import dev.synscope.lab.net.LabNetwork;
import dev.synscope.lab.net.LabScripts;
import dev.synscope.lab.scenario.Scenario;
import dev.synscope.lab.scenario.ScenarioDriver;
import dev.synscope.lab.scenario.ScenarioRun;
import dev.synscope.lab.scenario.Vantage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole lab in one call: build the namespaces, run the scenarios with captures at both vantage
 * points, ask the {@link Diagnoser} what SynScope concluded, judge each scenario and each kernel
 * snapshot, tear everything down. {@link LabReport#render()} is the table issue 6 asks for.
 */
public final class LabSession {

    private static final Logger LOG = LoggerFactory.getLogger(LabSession.class);

    private final String prefix;
    private final CommandRunner runner;
    private final LabScripts scripts;
    private final Map<String, String> settings;

    public LabSession(String prefix, CommandRunner runner, LabScripts scripts, Map<String, String> settings) {
        this.prefix = prefix;
        this.runner = runner;
        this.scripts = scripts;
        this.settings = Map.copyOf(settings);
    }

    public LabReport run(List<Scenario> scenarios, Diagnoser diagnoser, Path workDir) throws Exception {
        return run(scenarios, (lab, dir) -> diagnoser, true, workDir, (scenario, row) -> { });
    }

    /** What the session reports as it goes: each scenario's row once judged. */
    @FunctionalInterface
    public interface Progress {
        void judged(Scenario scenario, LabReport.Row row);
    }

    /**
     * Runs the scenarios with a diagnoser made for this lab (see {@link Diagnoser.Factory}).
     *
     * @param perScenarioCaptures whether each scenario also gets its own capture files (not needed
     *                            by a diagnoser that captures the whole session)
     */
    public LabReport run(List<Scenario> scenarios, Diagnoser.Factory factory, boolean perScenarioCaptures, Path workDir,
                         Progress progress) throws Exception {
        LabReport report = new LabReport();
        try (LabNetwork lab = LabNetwork.create(prefix, runner, scripts)) {
            lab.startServers(workDir);
            ScenarioDriver driver = new ScenarioDriver(lab, settings);
            try (Diagnoser diagnoser = factory.open(lab, workDir)) {
                for (Scenario scenario : scenarios) {
                    ScenarioRun run = driver.run(scenario, workDir, perScenarioCaptures);
                    Diagnosis diagnosis = diagnoser.diagnose(run);
                    report.add(ScenarioVerdict.judge(scenario, diagnosis), judgeSnapshots(run, diagnosis));
                    LabReport.Row row = report.rows().get(report.rows().size() - 1);
                    LOG.info("scenario {} judged", scenario.number());
                    progress.judged(scenario, row);
                }
            }
        }
        return report;
    }

    /** Every kernel snapshot of the run against SynScope's rows as of that snapshot. */
    static List<AgreementReport> judgeSnapshots(ScenarioRun run, Diagnosis diagnosis) {
        List<AgreementReport> reports = new ArrayList<>();
        run.snapshots().forEach((name, snapshot) -> vantageOf(name).ifPresent(vantage -> {
            List<InferredConnection> rows = diagnosis.connectionsAtSnapshot().getOrDefault(name, List.of());
            WireSightings sightings = diagnosis.sightingsAtSnapshot().get(name);
            reports.add(Agreement.compare(snapshot, vantage, rows,
                    socket -> sightings == null || sightings.seen(vantage, socket.local(), socket.peer()),
                    addressesOf(vantage)));
        }));
        return reports;
    }

    /**
     * The addresses of the namespace a vantage's kernel judges: SynScope's claims about endpoints
     * there count against it when that kernel has no such socket (issue 13), even with no socket at all.
     */
    static Set<String> addressesOf(Vantage vantage) {
        return switch (vantage) {
            case CLIENT -> Set.of(LabAddresses.CLIENT_IP);
            case SERVER -> Set.of(LabAddresses.SERVER_IP, LabAddresses.SERVER_ALT_IP);
        };
    }

    /** Snapshot names end in the namespace role: {@code syn-dropped-client}, {@code syn-flood-server}. */
    static Optional<Vantage> vantageOf(String snapshotName) {
        for (Vantage v : Vantage.values()) {
            if (snapshotName.endsWith("-" + v.label())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
