package dev.synscope.lab.scenario;

import dev.synscope.lab.kernel.KernelSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One scenario as it happened: when, what the traffic makers printed, the kernel snapshots taken at
 * the telling moments (keyed by snapshot name, e.g. {@code close-wait-leak-server}) and the
 * captures per vantage point (empty when the run was not captured).
 */
public record ScenarioRun(Scenario scenario, Instant startedAt, Instant endedAt, String output,
                          Map<String, KernelSnapshot> snapshots, Map<Vantage, Path> captures) {

    public ScenarioRun {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        snapshots = Map.copyOf(snapshots);
        captures = Map.copyOf(captures);
    }

    /** The snapshot of a namespace taken under a name, e.g. {@code snapshot("close-wait-leak", Vantage.SERVER)}. */
    public KernelSnapshot snapshot(String name, Vantage vantage) {
        String key = name + "-" + vantage.label();
        KernelSnapshot snapshot = snapshots.get(key);
        if (snapshot == null) {
            throw new IllegalArgumentException("no snapshot '" + key + "' in run of " + scenario + "; have " + snapshots.keySet());
        }
        return snapshot;
    }
}
