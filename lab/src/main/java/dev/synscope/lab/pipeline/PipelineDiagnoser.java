package dev.synscope.lab.pipeline;

import dev.synscope.lab.diagnosis.Diagnoser;
import dev.synscope.lab.diagnosis.Diagnosis;
import dev.synscope.lab.diagnosis.InferredConnection;
import dev.synscope.lab.diagnosis.WireSightings;
import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.kernel.KernelSnapshot;
import dev.synscope.lab.scenario.ScenarioRun;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.VantageStats;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SynScope diagnosing the lab: the session's captures fed through the probe's decoder and publisher
 * into Kafka, the streams app, and its public query API. For each kernel snapshot, everything both
 * probes captured before the snapshot's instant is published, then a heartbeat at that instant; once
 * the streams app has processed it, {@code GET /connections} is the table as it stood when the
 * kernel was asked (the same clock: tcpdump and {@code ss} both read the kernel's).
 *
 * <p>At the end of a scenario the diagnoser lets the real clock run until every lab timer of the
 * scenario could have come due ({@link LabThresholds#longestTimer()}), feeds what was captured up to
 * then, and collects the scenario's part of SynScope's output: the rows and conn-log records of the
 * connections that began during the scenario, the anomalies about those connections, and the
 * endpoint anomalies (no connection) raised during it.
 */
public final class PipelineDiagnoser implements Diagnoser {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineDiagnoser.class);
    /** tcpdump -U writes a packet within this of capturing it: a cut this far in the past misses nothing. */
    private static final Duration WRITE_MARGIN = Duration.ofMillis(150);

    private final LabPipeline pipeline;
    private final LabProbes probes;
    private final ConnectionsApi api;
    private final Duration settle;

    PipelineDiagnoser(LabPipeline pipeline, LabProbes probes, Duration settle) {
        this.pipeline = pipeline;
        this.probes = probes;
        this.api = pipeline.connectionsApi();
        this.settle = settle;
    }

    /** Probes attached to each lab the session builds, publishing to {@code pipeline}. */
    public static Diagnoser.Factory factory(LabPipeline pipeline) {
        return (lab, workDir) -> new PipelineDiagnoser(pipeline,
                LabProbes.start(lab, workDir, pipeline.publishSettings()), LabThresholds.longestTimer());
    }

    @Override
    public Diagnosis diagnose(ScenarioRun run) throws IOException, InterruptedException {
        Map<String, List<InferredConnection>> atSnapshot = new HashMap<>();
        Map<String, WireSightings> sightings = new HashMap<>();
        List<Map.Entry<String, KernelSnapshot>> snapshots = new ArrayList<>(run.snapshots().entrySet());
        snapshots.sort(Comparator.comparing(e -> e.getValue().takenAt()));
        for (Map.Entry<String, KernelSnapshot> snapshot : snapshots) {
            feedUntil(micros(snapshot.getValue().takenAt()));
            List<InferredConnection> rows = new ArrayList<>();
            api.all().forEach(r -> rows.addAll(r.asSeenFrom()));
            atSnapshot.put(snapshot.getKey(), rows);
            sightings.put(snapshot.getKey(), probes.sightings());
        }

        Instant due = run.endedAt().plus(settle).plus(WRITE_MARGIN);
        long wait = Duration.between(Instant.now(), due).toMillis();
        if (wait > 0) {
            TimeUnit.MILLISECONDS.sleep(wait);
        }
        long from = micros(run.startedAt());
        long end = micros(Instant.now().minus(WRITE_MARGIN));
        feedUntil(end);

        List<InferredConnection> connections = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        for (ApiConnection row : api.all()) {
            if (row.firstSeenMicros() >= from) {
                connections.addAll(row.asSeenFrom());
                uids.add(row.uid());
            }
        }
        for (ConnLogRecord log : pipeline.connLog()) {
            if (log.getTs() >= from && log.getTs() <= end) {
                connections.addAll(finished(log));
                uids.add(log.getUid().toString());
            }
        }
        List<AnomalyEvent> anomalies = pipeline.anomalies().stream()
                .filter(a -> a.getUid() != null ? uids.contains(a.getUid().toString())
                        : a.getTsMicros() >= from && a.getTsMicros() <= end)
                .toList();
        anomalies.forEach(a -> LOG.info("scenario {}: {} {}:{} -> {}:{} at {} {}", run.scenario().number(), a.getType(),
                a.getOrigH(), a.getOrigP(), a.getRespH(), a.getRespP(), a.getVantageProbe(), a.getTags()));
        LOG.info("scenario {}: {} connections, {} anomalies, published so far {}", run.scenario().number(),
                uids.size(), anomalies.size(), probes.published());
        return new Diagnosis(connections, atSnapshot, anomalies, sightings);
    }

    private void feedUntil(long cutMicros) throws IOException, InterruptedException {
        probes.feedUntil(cutMicros);
        pipeline.awaitProcessed();
    }

    /** A finished connection (conn-log record) as seen from each vantage that saw it. */
    private static List<InferredConnection> finished(ConnLogRecord log) {
        List<InferredConnection> out = new ArrayList<>();
        Set<String> probes = new HashSet<>();
        for (VantageStats v : log.getVantages()) {
            probes.add(v.getProbeId().toString());
        }
        for (Vantage v : Vantage.values()) {
            if (probes.contains(v.probeId())) {
                out.add(new InferredConnection(v, Endpoint.of(log.getOrigH().toString(), log.getOrigP()),
                        log.getOrigFinalState(), Endpoint.of(log.getRespH().toString(), log.getRespP()),
                        log.getRespFinalState(), log.getConnState().toString()));
            }
        }
        return out;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000L;
    }

    @Override
    public void close() {
        probes.close();
    }
}
