package dev.synscope.it.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synscope.kafka.embedded.LocalKafkaCluster;
import dev.synscope.kafka.embedded.LocalKafkaClusterConfig;
import dev.synscope.probe.Probe;
import dev.synscope.probe.ProbeConfig;
import dev.synscope.probe.ProbeSummary;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.Topics;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.report.OneShotAnalysis;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The scale-out demo ({@code it/scale-out/scale-demo.sh}), the runnable twin of {@link ScaleOutIT}:
 * a 3-node KRaft cluster (own JVMs), every topic with 6 partitions and replication factor 3, two
 * {@code synscope streams} instances (own JVMs, one standby replica each) with their query API on
 * loopback, and probes replaying the shipped demo captures from the client and the server vantage.
 * It then shows who owns which partitions, that both instances give the same answer to the same
 * query (each routes to the key's owner), the anomalies by type, and — unless {@code --no-kill} — a
 * SIGKILL of one instance while the other keeps answering (503 with Retry-After during the move,
 * then 200 with the same answers).
 *
 * <p>Everything runs on 127.0.0.1; data and state live in one temporary directory that is deleted
 * at the end, also on Ctrl-C or failure (shutdown hook). Logs stay in {@code target/scale-demo/}.
 *
 * <p>Arguments: {@code [--kill|--no-kill] [--keep-running]}.
 */
public final class ScaleDemo {

    private static final String APP = "scale-demo";
    private static final List<String> NAMES = List.of("streams-1", "streams-2");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Duration KEEP_RUNNING_AT_MOST = Duration.ofHours(1);
    /** Twice the recorded speed, as {@link ScaleOutIT}: both vantages stay close in capture time. */
    private static final double REPLAY_SPEED = 2.0;
    private static final String ENDPOINT_QUERY = "/endpoints/198.51.100.10:80";
    private static final String CLOSE_WAIT_QUERY = "/connections?state=CLOSE_WAIT";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path tmp;
    private final Path logs;
    private final List<StreamsInstance> instances = new ArrayList<>();
    private LocalKafkaCluster cluster;
    private volatile boolean stopping;
    /** Answers that should have been equal and were not: the demo then ends with a failure. */
    private int differences;
    private boolean stopped;

    private ScaleDemo(Path tmp, Path logs) {
        this.tmp = tmp;
        this.logs = logs;
    }

    public static void main(String[] args) throws Exception {
        boolean kill = true;
        boolean keepRunning = false;
        for (String a : args) {
            switch (a) {
                case "--kill" -> kill = true;
                case "--no-kill" -> kill = false;
                case "--keep-running" -> keepRunning = true;
                default -> {
                    System.err.println("scale-demo: unknown argument '" + a
                            + "'; usage: scale-demo.sh [--kill|--no-kill] [--keep-running]");
                    System.exit(2);
                }
            }
        }
        Path logs = Path.of(System.getProperty("scale.demo.logs", "target/scale-demo")).toAbsolutePath();
        Files.createDirectories(logs);
        ScaleDemo demo = new ScaleDemo(Files.createTempDirectory("synscope-scale-demo-"), logs);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::stopOnExit, "scale-demo-stop"));
        long begin = System.nanoTime();
        int status = 0;
        try {
            demo.run(kill, keepRunning);
        } catch (Exception | AssertionError e) {
            if (!demo.stopping) {
                System.err.println("scale-demo: FAILED: " + firstLine(e) + " (logs in " + logs + ")");
                status = 1;
            }
        } finally {
            demo.stopAll();
        }
        if (status == 0 && demo.differences > 0) {
            System.err.println("scale-demo: FAILED: " + demo.differences + " answer(s) differed, see above (logs in "
                    + logs + ")");
            status = 1;
        }
        if (status == 0) {
            System.out.printf("%nscale-demo: done in %.0f s (logs in %s)%n", (System.nanoTime() - begin) / 1e9, logs);
        }
        System.exit(status);
    }

    private void run(boolean kill, boolean keepRunning) throws Exception {
        step("1. Kafka: 3-node KRaft cluster (own JVMs), topics with 6 partitions, replication factor 3");
        cluster = LocalKafkaCluster.start(LocalKafkaClusterConfig.defaults().withBaseDir(tmp.resolve("kafka"), false));
        List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
        topics.add(cluster.topic(Topics.HEADERS, Map.of()));
        topics.add(cluster.topic(Topics.PROBE_STATS, Map.of("cleanup.policy", "compact")));
        TopicNames.defaults().outputs().forEach(s -> topics.add(cluster.topic(s.name(), s.configs())));
        cluster.createTopics(topics);
        say("bootstrap " + cluster.bootstrapServers() + "; topics " + topics.stream()
                .map(org.apache.kafka.clients.admin.NewTopic::name).toList());

        step("2. two streams-app instances (synscope streams, own JVMs, standby replicas 1)");
        for (String name : NAMES) {
            instances.add(StreamsInstance.start(name, flags(name), Map.of(), logs.resolve(name + ".log")));
        }
        for (StreamsInstance s : instances) {
            s.awaitReady(TIMEOUT);
            say(s.name() + " ready: NOC page and API at " + s.api("/"));
        }

        step("3. probes replay deploy/demo's captures (client + server vantage, " + REPLAY_SPEED + "x speed)");
        List<ProbeSummary> probes = replay();
        probes.forEach(p -> say("probe " + p.probeId() + ": " + p.packetsDecoded() + " packets, "
                + p.recordsPublished() + " records published, " + p.sendErrors() + " send errors"));
        long last = probes.stream().mapToLong(ProbeSummary::lastTsMicros).max().orElseThrow();
        // time moves to the last packet on every partition (as in ScaleOutIT), then wait until processed
        OneShotAnalysis.broadcast(StreamsAppConfig.defaults(cluster.bootstrapServers()), ObservationKind.HEARTBEAT,
                last);
        GroupProgress.awaitCaughtUp(client(), APP, Topics.HEADERS, TIMEOUT);
        say("every record processed and committed (exactly_once_v2)");

        step("4. who owns what, and the same queries asked of both instances");
        printOwnership();
        for (StreamsInstance s : instances) {
            HttpResponse<String> h = s.get("/health");
            say(s.name() + " /health: " + (h == null ? "no answer" : h.statusCode() + " " + JSON.readTree(h.body())));
        }
        Map<String, JsonNode> before = new TreeMap<>();
        for (String query : List.of(ENDPOINT_QUERY, CLOSE_WAIT_QUERY)) {
            before.put(query, askBoth(query));
        }
        printAnomalies();

        if (kill) {
            StreamsInstance victim = instances.get(0);
            StreamsInstance survivor = instances.get(1);
            step("5. SIGKILL " + victim.name() + "; " + survivor.name() + " keeps answering " + CLOSE_WAIT_QUERY);
            FailoverWatch.run(victim, survivor, CLOSE_WAIT_QUERY, () -> onlyMember(survivor.name()), TIMEOUT);
            printOwnership();
            for (String query : before.keySet()) {
                JsonNode after = comparable(answer(survivor, query));
                differences += after.equals(before.get(query)) ? 0 : 1;
                say(survivor.name() + " " + query + " after the kill: "
                        + (after.equals(before.get(query)) ? "same answer as before the kill" : "DIFFERENT: " + after));
            }
            if (keepRunning) {
                say("restarting " + victim.name() + " from its state directory, so both NOC pages can be opened");
                victim.restart(flags(victim.name()));
                victim.awaitReady(TIMEOUT);
            }
        }
        if (keepRunning) {
            step("running until Ctrl-C (at most " + KEEP_RUNNING_AT_MOST.toMinutes() + " minutes)");
            instances.stream().filter(StreamsInstance::isAlive)
                    .forEach(s -> say(s.name() + " NOC page: " + s.api("/")));
            new CountDownLatch(1).await(KEEP_RUNNING_AT_MOST.toMinutes(), TimeUnit.MINUTES);
        }
        step("6. stopping everything, deleting " + tmp);
    }

    /** The production command line of an instance, as {@link ScaleOutIT} runs it; client.id names its members. */
    private List<String> flags(String name) {
        return List.of("--bootstrap", cluster.bootstrapServers(), "--application-id", APP,
                "--state-dir", tmp.resolve(name + "-state").toString(), "--standby-replicas", "1",
                "--wall-clock-idle-advance", "0s",
                "--streams-property", "session.timeout.ms=6000,heartbeat.interval.ms=1000,client.id=" + name);
    }

    private List<ProbeSummary> replay() throws Exception {
        List<CompletableFuture<ProbeSummary>> running = new ArrayList<>();
        for (Path file : DemoCaptures.recent(tmp.resolve("captures"), System.currentTimeMillis() / 1000)) {
            ProbeConfig config = ProbeConfig.files(cluster.bootstrapServers(), List.of(file))
                    .withReplaySpeed(REPLAY_SPEED).withTopics(Topics.HEADERS, Topics.PROBE_STATS);
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return Probe.runFile(config, file);
                } catch (Exception e) {
                    throw new IllegalStateException("probe on " + file.getFileName() + " failed: " + e.getMessage(), e);
                }
            }));
        }
        List<ProbeSummary> out = new ArrayList<>();
        for (CompletableFuture<ProbeSummary> p : running) {
            out.add(p.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        return out;
    }

    /** Active partitions of the headers topic per instance, from the consumer group (members named by client.id). */
    private void printOwnership() throws Exception {
        ConsumerGroupDescription group = describeGroup();
        Map<String, TreeSet<Integer>> owned = new TreeMap<>();
        group.members().forEach(m -> owned.computeIfAbsent(instanceOf(m.clientId()), k -> new TreeSet<>())
                .addAll(m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(Topics.HEADERS))
                        .map(TopicPartition::partition).toList()));
        say("consumer group " + APP + " (" + group.groupState() + "), active " + Topics.HEADERS + " partitions:");
        owned.forEach((name, partitions) -> say("  " + name + " owns " + partitions));
    }

    private boolean onlyMember(String name) {
        try {
            ConsumerGroupDescription g = describeGroup();
            return g.groupState() == org.apache.kafka.common.GroupState.STABLE && !g.members().isEmpty()
                    && g.members().stream().allMatch(m -> instanceOf(m.clientId()).equals(name));
        } catch (Exception e) {
            return false;
        }
    }

    private ConsumerGroupDescription describeGroup() throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.describeConsumerGroups(List.of(APP)).all().get(30, TimeUnit.SECONDS).get(APP);
        }
    }

    /** {@code streams-1-StreamThread-1-consumer} -> {@code streams-1}. */
    private static String instanceOf(String clientId) {
        int i = clientId.indexOf("-StreamThread-");
        return i < 0 ? clientId : clientId.substring(0, i);
    }

    /** Asks every instance the same query and prints whether the answers are the same; returns the answer. */
    private JsonNode askBoth(String query) {
        // the anomaly feed of each instance reads the anomalies topic on its own: allow it a moment to catch up
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<JsonNode> answers;
        do {
            answers = instances.stream().map(s -> comparable(answer(s, query))).toList();
        } while (answers.stream().distinct().count() > 1 && System.nanoTime() < deadline && pause(500));
        say("GET " + query);
        for (int i = 0; i < instances.size(); i++) {
            say("  " + instances.get(i).name() + ": " + summary(answers.get(i)));
        }
        differences += answers.stream().distinct().count() == 1 ? 0 : 1;
        say("  -> " + (answers.stream().distinct().count() == 1 ? "identical answers from both instances"
                : "answers DIFFER"));
        return answers.get(0);
    }

    /** The instance's 200 answer; retried while it answers 503 (a rebalance), within the timeout. */
    private static JsonNode answer(StreamsInstance s, String query) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = s.get(query);
            if (r != null && r.statusCode() == 200) {
                try {
                    return JSON.readTree(r.body());
                } catch (IOException e) {
                    throw new IllegalStateException(s.name() + " answered " + query + " with no JSON: " + r.body());
                }
            }
            if (r != null && r.statusCode() != 503) {
                throw new IllegalStateException(s.name() + " answered " + query + " with " + r.statusCode() + ": "
                        + r.body());
            }
            last = r == null ? "no answer" : "503";
            pause(500);
        }
        throw new IllegalStateException(s.name() + " did not answer " + query + " with 200 within " + TIMEOUT
                + " (last: " + last + ")");
    }

    /** One line of an answer: the CLOSE_WAIT connections' ids, or an endpoint's tally. */
    private static String summary(JsonNode answer) {
        if (answer.has("items")) {
            List<String> ids = new ArrayList<>();
            answer.path("items").forEach(item -> ids.add(item.path("id").asText()));
            return "total " + answer.path("total").asText() + ": " + ids;
        }
        return "connections " + answer.path("connections").asText() + ", states " + answer.path("stateCounts")
                + ", recent failures " + answer.path("recentFailures") + ", recent anomalies "
                + answer.path("recentAnomalies").size() + ", stats row " + (answer.path("stats").isNull() ? "none"
                : "present");
    }

    /** Without {@code instances}: how many instances took part in a fan-out is not part of the answer. */
    private static JsonNode comparable(JsonNode answer) {
        if (answer instanceof ObjectNode o && o.has("instances")) {
            ObjectNode copy = o.deepCopy();
            copy.remove("instances");
            return copy;
        }
        return answer;
    }

    /** Anomalies by type, as a downstream consumer reads the topic (read_committed). */
    private void printAnomalies() {
        List<AnomalyEvent> anomalies = Outputs.read(cluster.bootstrapServers(), TopicNames.defaults()).anomalies();
        Map<String, Long> byType = anomalies.stream().collect(Collectors.groupingBy(a -> a.getType().name(),
                TreeMap::new, Collectors.counting()));
        say("topic " + Topics.ANOMALIES + " (read_committed): " + anomalies.size() + " anomalies: " + byType);
    }

    private Map<String, Object> client() {
        return Map.of("bootstrap.servers", cluster.bootstrapServers());
    }

    /** Ctrl-C, or a JVM ending any other way than through main's end. */
    private void stopOnExit() {
        if (!stopping) {
            System.out.println();
            System.out.println("scale-demo: stopping everything and deleting " + tmp);
        }
        stopAll();
    }

    /** Idempotent: from the end of main and from the shutdown hook (Ctrl-C, failure). */
    private synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopping = true;
        stopped = true;
        instances.forEach(StreamsInstance::close);
        if (cluster != null) {
            cluster.close(); // kills the nodes and deletes their data
        }
        try (Stream<Path> paths = Files.walk(tmp)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("scale-demo: could not delete " + tmp + ": " + e.getMessage());
        }
    }

    private static void step(String text) {
        System.out.println();
        System.out.println("== " + text);
    }

    static void say(String text) {
        System.out.println("   " + text);
    }

    static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String firstLine(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
