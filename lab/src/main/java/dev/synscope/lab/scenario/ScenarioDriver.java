package dev.synscope.lab.scenario;

import dev.synscope.lab.exec.CommandResult;
import dev.synscope.lab.exec.LabCommandException;
import dev.synscope.lab.kernel.KernelSnapshot;
import dev.synscope.lab.net.LabNetwork;
import dev.synscope.lab.net.PacketCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a scenario's traffic in a {@link LabNetwork}. The recipes are the shell functions of
 * {@code lab/lib/scenarios.sh}, so {@code lab.sh} and the Java tests provoke exactly the
 * same failures; they run against this lab's namespaces through {@code LAB_PREFIX}.
 */
public final class ScenarioDriver {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioDriver.class);
    /** The longest scenario (asymmetric) takes ~12 s; the bound only guards against a hang. */
    private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(90);
    private static final String SNAPSHOT_SUFFIX = ".txt";
    private static final String SNAPSHOT_PREFIX = "ss-";

    private final LabNetwork lab;
    private final Map<String, String> settings;

    /**
     * @param settings overrides of the scenario knobs (CLOSE_WAIT_POOL, SHORT_CONNECTIONS,
     *                 SYN_BURST, ROUTE_BROKEN_MODE), passed as environment variables
     */
    public ScenarioDriver(LabNetwork lab, Map<String, String> settings) {
        this.lab = lab;
        this.settings = Map.copyOf(settings);
    }

    /** Runs the scenario; kernel snapshots land in {@code workDir}. Without captures. */
    public ScenarioRun run(Scenario scenario, Path workDir) {
        return run(scenario, workDir, false);
    }

    /**
     * Runs the scenario, optionally capturing at both vantage points into
     * {@code workDir/<scenario>-<vantage>.pcap}.
     */
    public ScenarioRun run(Scenario scenario, Path workDir, boolean capture) {
        Path snapDir = workDir.resolve("snapshots-" + scenario.scriptName());
        createDirectories(snapDir);
        Map<Vantage, Path> captures = new EnumMap<>(Vantage.class);
        Map<Vantage, PacketCapture> running = new EnumMap<>(Vantage.class);
        Instant start = Instant.now();
        CommandResult result;
        try {
            if (capture) {
                for (Vantage v : Vantage.values()) {
                    Path file = workDir.resolve(scenario.scriptName() + "-" + v.label() + ".pcap");
                    running.put(v, lab.capture(v.role(), v.device(), file));
                    captures.put(v, file);
                }
            }
            result = runScript(scenario, snapDir);
        } finally {
            running.values().forEach(PacketCapture::close);
        }
        Instant end = Instant.now();
        LOG.info("scenario {} ({}) done in {} ms", scenario.number(), scenario.scriptName(),
                Duration.between(start, end).toMillis());
        return new ScenarioRun(scenario, start, end, result.stdout(), readSnapshots(snapDir), captures);
    }

    private CommandResult runScript(Scenario scenario, Path snapDir) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("SNAP_DIR", snapDir.toString());
        List<String> command = List.of("bash", "-c",
                "set -uo pipefail; source \"$1\"; source \"$2\"; run_scenario \"$3\"", "lab-scenario",
                lab.scripts().lib("topology.sh").toString(), lab.scripts().lib("scenarios.sh").toString(),
                scenario.scriptName());
        CommandResult result = lab.runner().withEnvironment(env).run(SCENARIO_TIMEOUT, command);
        if (!result.succeeded()) {
            throw new LabCommandException(command, result.exitCode(), result.stderr());
        }
        return result;
    }

    private static Map<String, KernelSnapshot> readSnapshots(Path dir) {
        Map<String, KernelSnapshot> snapshots = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(SNAPSHOT_PREFIX) && n.endsWith(SNAPSHOT_SUFFIX);
            }).forEach(f -> {
                String n = f.getFileName().toString();
                snapshots.put(n.substring(SNAPSHOT_PREFIX.length(), n.length() - SNAPSHOT_SUFFIX.length()),
                        KernelSnapshot.read(f));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshots in " + dir, e);
        }
        return snapshots;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
