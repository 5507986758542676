package dev.synscope.it.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synscope.kafka.embedded.LocalKafkaCluster;
import dev.synscope.kafka.embedded.LocalKafkaClusterConfig;
import dev.synscope.probe.Probe;
import dev.synscope.probe.ProbeConfig;
import dev.synscope.probe.ProbeSummary;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.Topics;
import dev.synscope.streams.StreamsApp;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.report.OneShotAnalysis;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 7, "Scale-out, proven here": a real 3-node KRaft cluster (own JVMs), every SynScope topic
 * with 6 partitions and replication factor 3, two streams-app instances running the real
 * {@code synscope streams} command in their own JVMs (exactly_once_v2, one standby replica each),
 * and probes replaying the shipped demo captures (client and server vantage, as {@code synscope demo}).
 *
 * <p>The yardstick: a single-instance reference run of the same topology, in this JVM, reading the
 * <em>same</em> headers topic (so the same records in the same per-partition order) and writing to
 * its own output topics ({@code ref.*}). Every round compares, read back with read_committed:
 * the connections table (the compacted topic's content, latest value per key) at the last packet,
 * then — once a heartbeat 10 minutes later has timed every connection out — the conn-log and the
 * anomalies as multisets.
 * Equal multisets mean nothing lost and nothing duplicated by the multi-instance run, whatever
 * crashed in between. On top, absolute checks: no anomaly id and no final conn-log uid twice.
 *
 * <p>The tests are one story on one cluster, in order (each round's captures are shifted one hour
 * later and get new probe ids, see {@link DemoCaptures}): equal results; SIGKILL of an instance
 * mid-stream; SIGKILL of a broker mid-stream; everything stopped and restarted from disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleOutIT.class);
    private static final String APP = "scale-multi";
    private static final String REF_APP = "scale-ref";
    private static final TopicNames MULTI = TopicNames.defaults();
    private static final TopicNames REF = new TopicNames(Topics.HEADERS, Topics.PROBE_STATS, "ref." + Topics.CONNECTIONS,
            "ref." + Topics.CONN_LOG, "ref." + Topics.ANOMALIES, "ref." + Topics.DLQ);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /**
     * Both vantage points are replayed at twice the recorded speed (an 18 s capture in 9 s), so that
     * their records reach each partition roughly in capture-time order, as live probes' do. As fast as
     * possible, one probe runs seconds of capture time ahead of the other, and whether a 5 s timeout
     * fires before the other vantage's answer is processed then depends on where Kafka Streams'
     * poll batches end (stream-time punctuation runs between batches): two single-instance runs on
     * such input already differ. Reported to the lead.
     */
    private static final double REPLAY_SPEED = 2.0;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private LocalKafkaCluster cluster;
    private StreamsApp ref;
    private final List<StreamsInstance> instances = new ArrayList<>();
    private volatile List<CompletableFuture<ProbeSummary>> runningProbes = List.of();

    @BeforeAll
    void startEverything() {
        cluster = LocalKafkaCluster.start(LocalKafkaClusterConfig.defaults().withBaseDir(tmp.resolve("kafka"), true));
        List<NewTopic> topics = new ArrayList<>();
        topics.add(cluster.topic(Topics.HEADERS, Map.of()));
        topics.add(cluster.topic(Topics.PROBE_STATS, Map.of("cleanup.policy", "compact")));
        for (TopicNames names : List.of(MULTI, REF)) {
            names.outputs().forEach(spec -> topics.add(cluster.topic(spec.name(), spec.configs())));
        }
        cluster.createTopics(topics);
        ref = StreamsApp.start(refConfig());
        for (int i = 1; i <= 2; i++) {
            String name = "streams-" + i;
            instances.add(StreamsInstance.start(name, instanceFlags(name), Map.of(), tmp.resolve(name + ".log")));
        }
        instances.forEach(s -> s.awaitReady(TIMEOUT));
        ref.awaitRunning(TIMEOUT);
    }

    @AfterAll
    void stopEverything() {
        instances.forEach(StreamsInstance::close);
        if (ref != null) {
            ref.close(Duration.ofSeconds(10));
        }
        if (cluster != null) {
            // a crash, not a clean stop: the data is thrown away with the temporary directory
            cluster.nodeIds().stream().filter(cluster::isRunning).forEach(cluster::killNode);
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void twoInstancesProduceWhatOneInstanceProduces() throws Exception {
        Round round = replay(1, REPLAY_SPEED, () -> { });

        assertThat(round.connectionsAtLastPacket()).isNotEmpty();
        assertThat(round.apiTotal()).isEqualTo(round.connectionsAtLastPacket().size());
        assertEqualOutputs(round);
    }

    @Test
    @Order(2)
    void killingAStreamsInstanceMidStreamLosesAndDuplicatesNothing() throws Exception {
        StreamsInstance victim = instances.get(0);
        StreamsInstance survivor = instances.get(1);
        QueryWatch watch = new QueryWatch(survivor);
        long before = publishedHeaders();
        Round round = replay(2, REPLAY_SPEED, () -> {
            // mid-stream: 100 records of this round published, the probes still replaying
            awaitPublishedBeyond(before + 100);
            assertThat(probesRunning()).as("probes still replaying at the kill").isTrue();
            LOG.info("SIGKILL {} mid-stream", victim.name());
            watch.start();
            victim.kill();
        });
        watch.stop();

        // the survivor answered all along: rows, or the retryable 503 while partitions moved
        assertThat(watch.statuses()).isNotEmpty();
        assertThat(watch.statuses()).allMatch(s -> s == 200 || s == 503);
        assertThat(watch.retryableWithoutRetryAfter()).isZero();
        assertThat(watch.lastStatus()).isEqualTo(200);
        assertThat(round.apiTotal()).isEqualTo(round.connectionsAtLastPacket().size());
        assertEqualOutputs(round);

        // back to two instances for the next tests: restarts from its own state directory
        victim.restart(instanceFlags(victim.name()));
        victim.awaitReady(TIMEOUT);
    }

    @Test
    @Order(3)
    void killingABrokerMidStreamLosesNothingTheProbesSent() throws Exception {
        int victim = cluster.leaderOf(Topics.HEADERS, 0);
        long before = publishedHeaders();
        Round round = replay(3, REPLAY_SPEED, () -> {
            awaitPublishedBeyond(before + 100);
            assertThat(probesRunning()).as("probes still replaying at the kill").isTrue();
            LOG.info("SIGKILL Kafka node {} mid-stream", victim);
            cluster.killNode(victim);
        });

        // idempotent producers with acks=all: every acknowledged record is on the topic exactly once
        List<HeaderObservation> headers = Outputs.headers(cluster.bootstrapServers(), Topics.HEADERS);
        for (ProbeSummary s : round.probes()) {
            assertThat(s.sendErrors()).as("send errors of %s", s.probeId()).isZero();
            assertThat(s.bufferDrops().packets()).isZero();
            long onTopic = headers.stream().filter(h -> s.probeId().equals(h.getProbeId()))
                    .filter(h -> h.getKind() == ObservationKind.TCP || h.getKind() == ObservationKind.ICMP_ERROR)
                    .count();
            assertThat(onTopic).as("records of %s on the topic", s.probeId()).isEqualTo(s.packetsDecoded());
        }
        assertEqualOutputs(round);

        cluster.restartNode(victim);
        cluster.awaitFullyReplicated(List.of(Topics.HEADERS), TIMEOUT);
    }

    @Test
    @Order(4)
    void restartingEverythingFromDiskRestoresStateAndReEmitsNothing() throws Exception {
        // open connections in the tables (the round not ended yet), then everything goes down
        Round round = replayToLastPacket(4, REPLAY_SPEED, () -> { });
        Outputs before = Outputs.read(cluster.bootstrapServers(), MULTI);
        List<String> uidsBefore = apiUids(instances.get(0));
        assertThat(uidsBefore).hasSize(round.connectionsAtLastPacket().size()).isNotEmpty();

        // all at once, as a power cut of the whole deployment would (but cleanly: SIGTERM)
        instances.parallelStream().forEach(StreamsInstance::stop);
        ref.close(Duration.ofSeconds(30));
        cluster.close(); // keeps the data: started with keepData
        cluster = LocalKafkaCluster.start(LocalKafkaClusterConfig.defaults().withBaseDir(tmp.resolve("kafka"), true));
        ref = StreamsApp.start(refConfig());
        instances.forEach(s -> s.restart(instanceFlags(s.name())));
        instances.forEach(s -> s.awaitReady(TIMEOUT));
        ref.awaitRunning(TIMEOUT);
        awaitBothProcessed();

        // state restored: the same open connections are answered; nothing was written again
        assertThat(apiUids(instances.get(1))).containsExactlyInAnyOrderElementsOf(uidsBefore);
        Outputs after = Outputs.read(cluster.bootstrapServers(), MULTI);
        assertThat(after.connLog()).containsExactlyInAnyOrderElementsOf(before.connLog());
        assertThat(after.anomalies()).containsExactlyInAnyOrderElementsOf(before.anomalies());
        assertThat(after.connections()).containsExactlyInAnyOrderEntriesOf(before.connections());

        // and the story goes on from the restored state exactly as the reference's does
        endRound(round.lastPacketMicros());
        assertEqualOutputs(round);
    }

    // ---------------------------------------------------------------------------------------------

    /** What one round of replay produced. */
    private record Round(List<ProbeSummary> probes, long lastPacketMicros,
                         Map<java.nio.ByteBuffer, dev.synscope.schema.ConnectionState> connectionsAtLastPacket,
                         long apiTotal) {
    }

    /** One full round: replay, compare the tables at the last packet, then time every connection out. */
    private Round replay(int n, double speed, Runnable midStream) throws Exception {
        Round round = replayToLastPacket(n, speed, midStream);
        endRound(round.lastPacketMicros());
        // this round's connections all finished and were logged
        List<String> probes = round.probes().stream().map(ProbeSummary::probeId).toList();
        long logged = Outputs.read(cluster.bootstrapServers(), MULTI).connLog().stream()
                .filter(r -> !r.getInterim() && r.getVantages().stream()
                        .anyMatch(v -> probes.contains(v.getProbeId().toString())))
                .count();
        assertThat(logged).as("conn-log records of round %d", n).isPositive();
        return round;
    }

    /**
     * Replays round {@code n}'s captures with both probes at once ({@code speed} 0 = as fast as
     * possible), runs {@code midStream} while they are busy, sends a HEARTBEAT at the last packet's
     * time to every partition and waits until both apps have processed everything; then checks
     * that the connection tables are equal.
     */
    private Round replayToLastPacket(int n, double speed, Runnable midStream) throws Exception {
        List<Path> files = DemoCaptures.round(tmp.resolve("captures"), n);
        String bootstrap = cluster.bootstrapServers();
        List<CompletableFuture<ProbeSummary>> probes = new ArrayList<>();
        for (Path file : files) {
            ProbeConfig config = ProbeConfig.files(bootstrap, List.of(file)).withReplaySpeed(speed)
                    .withTopics(Topics.HEADERS, Topics.PROBE_STATS);
            probes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return Probe.runFile(config, file);
                } catch (Exception e) {
                    throw new IllegalStateException("probe on " + file + " failed", e);
                }
            }));
        }
        runningProbes = List.copyOf(probes);
        midStream.run();
        List<ProbeSummary> summaries = new ArrayList<>();
        for (CompletableFuture<ProbeSummary> p : probes) {
            summaries.add(p.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        for (ProbeSummary s : summaries) {
            assertThat(s.sendErrors()).as("send errors of probe %s", s.probeId()).isZero();
            assertThat(s.recordsPublished()).as("records published by %s", s.probeId()).isPositive();
        }
        long last = summaries.stream().mapToLong(ProbeSummary::lastTsMicros).max().orElseThrow();
        OneShotAnalysis.broadcast(refConfig(), ObservationKind.HEARTBEAT, last);
        awaitBothProcessed();

        var multi = Outputs.latestConnections(cluster.bootstrapServers(), MULTI.connections());
        var single = Outputs.latestConnections(cluster.bootstrapServers(), REF.connections());
        assertThat(Differences.ofMaps(comparable(multi), comparable(single), ScaleOutIT::label))
                .as("connections table at the last packet of round %d", n).isEmpty();
        assertThat(multi).as("open connections at the last packet of round %d", n).isNotEmpty();
        long apiTotal = apiConnections(instances.get(instances.size() - 1)).path("total").asLong(-1);
        return new Round(summaries, last, multi, apiTotal);
    }

    /**
     * Ends a round the way time ends it in production: a HEARTBEAT to every partition 10 minutes of
     * capture time after the last packet, past every timeout (inactivity 5 min), so every connection
     * of the round finishes through its timeouts and reaches the conn-log. (END_OF_CAPTURE is for
     * one-shot analyses: it ends the capture for good, and this pipeline goes on.)
     */
    private void endRound(long lastPacketMicros) {
        OneShotAnalysis.broadcast(refConfig(), ObservationKind.HEARTBEAT,
                lastPacketMicros + Duration.ofMinutes(10).toNanos() / 1000);
        awaitBothProcessed();
    }

    private void awaitBothProcessed() {
        assertThat(ref.awaitProcessed(TIMEOUT)).as("reference run processed its input").isTrue();
        GroupProgress.awaitCaughtUp(client(), APP, Topics.HEADERS, TIMEOUT);
    }

    /**
     * What the two runs wrote for this round (capture times from its first packet to the heartbeat
     * that ended it: rounds are hours apart) is the same multiset; and over the whole run so far
     * nothing is there twice. Per round, so that a difference is reported by the test that caused it.
     */
    private void assertEqualOutputs(Round round) {
        long from = round.probes().stream().mapToLong(ProbeSummary::firstTsMicros).min().orElseThrow();
        long to = round.lastPacketMicros() + Duration.ofMinutes(10).toNanos() / 1000;
        Outputs multi = Outputs.read(cluster.bootstrapServers(), MULTI);
        Outputs single = Outputs.read(cluster.bootstrapServers(), REF);
        List<ConnLogRecord> multiLog = multi.connLog().stream().filter(r -> r.getTs() >= from && r.getTs() <= to)
                .toList();
        List<ConnLogRecord> singleLog = single.connLog().stream().filter(r -> r.getTs() >= from && r.getTs() <= to)
                .toList();
        List<AnomalyEvent> multiAnomalies = multi.anomalies().stream()
                .filter(a -> a.getTsMicros() >= from && a.getTsMicros() <= to).toList();
        List<AnomalyEvent> singleAnomalies = single.anomalies().stream()
                .filter(a -> a.getTsMicros() >= from && a.getTsMicros() <= to).toList();

        assertThat(multiLog).as("conn-log records of this round").isNotEmpty();
        assertThat(multiAnomalies).as("anomalies of this round").isNotEmpty();
        assertThat(Differences.ofMultisets(multiLog, singleLog, ScaleOutIT::label)).as("conn-log").isEmpty();
        assertThat(Differences.ofMultisets(perConnection(multiAnomalies), perConnection(singleAnomalies),
                ScaleOutIT::label)).as("per-connection anomalies").isEmpty();
        assertThat(Differences.ofMultisets(endpointAnomalies(multiAnomalies), endpointAnomalies(singleAnomalies),
                x -> x)).as("endpoint anomalies (type, endpoint, count, severity)").isEmpty();
        assertThat(Differences.ofMaps(comparable(multi.connections()), comparable(single.connections()),
                ScaleOutIT::label)).as("connections table").isEmpty();
        assertThat(duplicates(multi.anomalies(), a -> a.getEventId().toString())).as("anomaly ids written twice")
                .isEmpty();
        assertThat(duplicates(multi.connLog().stream().filter(r -> !r.getInterim()).toList(),
                r -> r.getUid().toString())).as("final conn-log records written twice").isEmpty();
    }

    /*
     * Known nondeterminism of the streams app itself, found by this test with a second single-instance
     * reference on the same input (two single runs differ in exactly these; reported to the lead, see
     * docs/operations.md "Scale-out procedure"):
     *  - endpoint anomalies (SYN_FLOOD, CLOSE_WAIT_LEAK) fire when a count crosses the threshold; the
     *    counts arrive through a repartition topic from several tasks, so WHICH record crosses it, and
     *    therefore the event time and the event id, depends on the interleaving of those tasks. The
     *    endpoint, type, count and severity do not.
     *  - the live row's lastSeenMicros of a connection hit by a burst of ICMP errors (and its vantage's)
     *    differ by microseconds between runs.
     * Everything else is compared exactly.
     */
    private static Map<java.nio.ByteBuffer, dev.synscope.schema.ConnectionState> comparable(
            Map<java.nio.ByteBuffer, dev.synscope.schema.ConnectionState> table) {
        Map<java.nio.ByteBuffer, dev.synscope.schema.ConnectionState> out = new java.util.HashMap<>();
        table.forEach((k, c) -> {
            // what a published row carries as of its last publication, not of the last packet: its last-seen
            // time and the aged-condition marks the sweep stores without re-publishing (AgedConditions.MARKS)
            var copy = dev.synscope.schema.ConnectionState.newBuilder(c).setLastSeenMicros(0)
                    .setTrackerFlags(c.getTrackerFlags() & ~dev.synscope.streams.endpoint.AgedConditions.MARKS)
                    .build();
            copy.setVantages(c.getVantages().stream()
                    .map(v -> dev.synscope.schema.VantageStats.newBuilder(v).setLastSeenMicros(0).build()).toList());
            out.put(k, copy);
        });
        return out;
    }

    private static List<AnomalyEvent> perConnection(List<AnomalyEvent> all) {
        return all.stream().filter(a -> a.getUid() != null).toList();
    }

    private static List<String> endpointAnomalies(List<AnomalyEvent> all) {
        return all.stream().filter(a -> a.getUid() == null).map(a -> a.getType() + " " + a.getRespH() + ":"
                + a.getRespP() + " count " + a.getCount() + " " + a.getSeverity()).toList();
    }

    private static String label(dev.synscope.schema.ConnectionState c) {
        return c.getUid() + " " + c.getOrigAddr() + ":" + c.getOrigPort() + ">" + c.getRespAddr() + ":" + c.getRespPort()
                + " " + c.getOrigState() + "/" + c.getRespState() + " last " + c.getLastSeenMicros() + " raised "
                + c.getRaisedAnomalies() + " pkts " + c.getOrigPackets() + "/" + c.getRespPackets();
    }

    private static String label(ConnLogRecord r) {
        return r.getUid() + " " + r.getConnState() + " " + r.getHistory() + " " + r.getEndReason() + " interim="
                + r.getInterim() + " pkts " + r.getOrigPkts() + "/" + r.getRespPkts() + " dur " + r.getDurationMicros();
    }

    private static String label(AnomalyEvent a) {
        return a.getEventId() + " at " + a.getTsMicros() + " count " + a.getCount() + " probe " + a.getVantageProbe();
    }

    private static <T> List<String> duplicates(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.groupingBy(id, Collectors.counting())).entrySet().stream()
                .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    private StreamsAppConfig refConfig() {
        return StreamsAppConfig.defaults(cluster.bootstrapServers()).withApplicationId(REF_APP)
                .withStateDir(tmp.resolve("ref-state")).withTopics(REF)
                .withThresholds(Thresholds.defaults().withWallClockIdleAdvance(Duration.ZERO));
    }

    /**
     * The production command line of an instance. Wall-clock idle advance is off as in
     * {@code synscope demo}: a replay's partitions are never idle in capture time, and the reference
     * run must see the same event times. The consumer session timeout is the broker's minimum (6 s)
     * instead of 45 s, so that a killed instance's partitions move within seconds.
     */
    private List<String> instanceFlags(String name) {
        return List.of("--bootstrap", cluster.bootstrapServers(), "--application-id", APP,
                "--state-dir", tmp.resolve(name + "-state").toString(), "--standby-replicas", "1",
                "--wall-clock-idle-advance", "0s",
                "--streams-property", "session.timeout.ms=6000,heartbeat.interval.ms=1000");
    }

    private Map<String, Object> client() {
        return Map.of("bootstrap.servers", cluster.bootstrapServers());
    }

    /** Records on the headers topic now (sum of the partitions' end offsets). */
    private long publishedHeaders() throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(client())) {
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new java.util.HashMap<>();
            for (int p = 0; p < 6; p++) {
                request.put(new TopicPartition(Topics.HEADERS, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    private boolean probesRunning() {
        return runningProbes.stream().anyMatch(f -> !f.isDone());
    }

    private void awaitPublishedBeyond(long offsetSum) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (publishedHeaders() < offsetSum) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the probes did not publish " + offsetSum + " header records");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode apiConnections(StreamsInstance instance) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = instance.get("/connections?limit=1000");
            if (r != null && r.statusCode() == 200) {
                try {
                    return JSON.readTree(r.body());
                } catch (java.io.IOException e) {
                    throw new AssertionError("not JSON: " + r.body(), e);
                }
            }
            try {
                Thread.sleep(250); // 503 during a rebalance: retry, as its Retry-After asks
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(instance.name() + " did not answer /connections with 200 within " + TIMEOUT);
    }

    private static List<String> apiUids(StreamsInstance instance) {
        List<String> uids = new ArrayList<>();
        apiConnections(instance).path("items").forEach(item -> uids.add(item.path("uid").asText()));
        return uids;
    }

    /** Polls an instance's /connections while another one dies, and keeps every status. */
    private static final class QueryWatch {
        private final StreamsInstance instance;
        private final List<Integer> statuses = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean();
        private volatile int noRetryAfter;
        private Thread thread;

        QueryWatch(StreamsInstance instance) {
            this.instance = instance;
        }

        void start() {
            running.set(true);
            thread = new Thread(() -> {
                // bounded: at most 10 minutes of 4 queries a second
                for (int i = 0; i < 2400 && running.get(); i++) {
                    HttpResponse<String> r = instance.get("/connections?limit=1000");
                    int status = r == null ? 0 : r.statusCode();
                    statuses.add(status);
                    if (status == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
                        noRetryAfter++;
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "query-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(15_000);
            }
            LOG.info("queries to {} during the failover: {}", instance.name(), statuses.stream()
                    .collect(Collectors.groupingBy(s -> s, java.util.TreeMap::new, Collectors.counting())));
        }

        List<Integer> statuses() {
            return Collections.unmodifiableList(statuses);
        }

        int lastStatus() {
            return statuses.isEmpty() ? -1 : statuses.get(statuses.size() - 1);
        }

        int retryableWithoutRetryAfter() {
            return noRetryAfter;
        }
    }
}
