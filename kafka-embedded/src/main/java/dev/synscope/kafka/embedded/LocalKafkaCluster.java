package dev.synscope.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import dev.synscope.kafka.embedded.process.ChildJvm;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real multi-node Apache Kafka cluster in KRaft mode on 127.0.0.1, for scale-out and fault tests.
 *
 * <p>Each node is broker and controller at once (KRaft "combined" mode) and a voter of a static
 * quorum ({@code controller.quorum.voters}); three nodes by default, so the quorum and the ISR
 * ({@code min.insync.replicas=2}) both survive one failed node. Every node runs in <em>its own
 * JVM</em> ({@link ChildJvm}: {@code kafka.Kafka server.properties} on this JVM's class path, the
 * {@code kafka_2.13} jars) — that is what makes {@link #killNode} a real SIGKILL rather than a
 * polite in-process shutdown. A node's output goes to {@code node.log} in its directory. The storage of all
 * nodes is formatted with Kafka's own {@code kafka-storage format} code and one shared cluster id.
 *
 * <p>Nodes are addressed by their Kafka node id, {@code 1..nodes}, the same ids Kafka reports as
 * partition leaders and replicas.
 *
 * <p>Lifecycle: {@link #start} formats, launches all nodes in parallel (a controller quorum needs a
 * majority before any broker can register) and returns when every broker is registered;
 * {@link #close} ends every node and deletes the data unless the config keeps it.
 */
public final class LocalKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration CLEAN_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 200;

    private final LocalKafkaClusterConfig config;
    private final Path baseDir;
    private final Map<Integer, NodeSpec> specs;
    private final Map<Integer, ChildJvm> running = new HashMap<>();
    private final Thread reaper = new Thread(this::killAllNow, "local-kafka-cluster-reaper");
    private boolean closed;

    /** Where one node lives: its ports and directory never change, so it can restart from its data. */
    private record NodeSpec(int id, int brokerPort, int controllerPort, int securePort, Path dir) {
        Path dataDir() {
            return dir.resolve("data");
        }

        Path propertiesFile() {
            return dir.resolve("server.properties");
        }

        Path logFile() {
            return dir.resolve("node.log");
        }
    }

    private LocalKafkaCluster(LocalKafkaClusterConfig config, Path baseDir, Map<Integer, NodeSpec> specs) {
        this.config = config;
        this.baseDir = baseDir;
        this.specs = specs;
    }

    /**
     * Formats every node's storage (unless it already holds data), starts all nodes and returns once
     * all brokers are registered with the controller quorum.
     */
    public static LocalKafkaCluster start(LocalKafkaClusterConfig config) {
        Instant begin = Instant.now();
        Path baseDir = config.baseDir().orElseGet(() -> DataDirs.createTemp("synscope-kafka-cluster-"));
        int portsPerNode = config.secureListener().isPresent() ? 3 : 2;
        java.util.Iterator<Integer> ports = distinctFreePorts(config.nodes() * portsPerNode).iterator();
        Map<Integer, NodeSpec> specs = new LinkedHashMap<>();
        for (int id = 1; id <= config.nodes(); id++) {
            specs.put(id, new NodeSpec(id, ports.next(), ports.next(), portsPerNode == 3 ? ports.next() : 0,
                    baseDir.resolve("node-" + id)));
        }
        LocalKafkaCluster cluster = new LocalKafkaCluster(config, baseDir, specs);
        Runtime.getRuntime().addShutdownHook(cluster.reaper);
        try {
            String clusterId = Uuid.randomUuid().toString();
            for (NodeSpec spec : specs.values()) {
                cluster.writeProperties(spec);
                if (!Files.exists(spec.dataDir().resolve("meta.properties"))) {
                    cluster.format(spec, clusterId);
                }
            }
            // all at once: a lone node waits for a quorum that is not there yet
            for (NodeSpec spec : specs.values()) {
                cluster.launch(spec);
            }
            cluster.awaitRegistered(specs.keySet(), config.startTimeout());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        LOG.info("local Kafka cluster (KRaft, {} nodes) started on {} in {} ms, data in {}", config.nodes(),
                cluster.bootstrapServers(), Duration.between(begin, Instant.now()).toMillis(), baseDir);
        return cluster;
    }

    /** PLAINTEXT {@code host:port} of every node, for clients. */
    public String bootstrapServers() {
        return specs.values().stream().map(s -> "127.0.0.1:" + s.brokerPort()).collect(Collectors.joining(","));
    }

    /** {@code host:port} of every node's TLS/SASL listener; only with a {@link SecureListener}. */
    public String secureBootstrapServers() {
        if (config.secureListener().isEmpty()) {
            throw new IllegalStateException("this cluster was started without a secure listener");
        }
        return specs.values().stream().map(s -> "127.0.0.1:" + s.securePort()).collect(Collectors.joining(","));
    }

    /** The node ids, {@code 1..nodes}. */
    public List<Integer> nodeIds() {
        return List.copyOf(specs.keySet());
    }

    /** The node's output (its JVM's stdout and stderr), for diagnosing a failed test. */
    public Path nodeLogFile(int nodeId) {
        return spec(nodeId).logFile();
    }

    /** Where all nodes' data lives. */
    public Path baseDir() {
        return baseDir;
    }

    public synchronized boolean isRunning(int nodeId) {
        ChildJvm node = running.get(spec(nodeId).id());
        return node != null && node.isAlive();
    }

    /** A topic with the cluster's partition count, replication factor 3 and min.insync.replicas 2. */
    public NewTopic topic(String name, Map<String, String> configs) {
        Map<String, String> all = new HashMap<>();
        all.put("min.insync.replicas", Integer.toString(config.minInSyncReplicas()));
        all.putAll(configs);
        return new NewTopic(name, config.partitions(), config.replicationFactor()).configs(all);
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            TopicCreation.createMissing(admin, topics, "the local cluster");
        }
    }

    /** An admin client on the PLAINTEXT listeners; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** The node that leads the partition now. */
    public int leaderOf(String topic, int partition) {
        TopicPartitionInfo info = describe(List.of(topic)).get(topic).partitions().get(partition);
        if (info.leader() == null || info.leader().isEmpty()) {
            throw new IllegalStateException(topic + "-" + partition + " has no leader now");
        }
        return info.leader().id();
    }

    /**
     * Clean shutdown: SIGTERM, so Kafka's shutdown hook hands leadership over (controlled shutdown)
     * and closes its logs; SIGKILL only if that takes longer than 30 s. Returns once the process is gone.
     */
    public synchronized void stopNode(int nodeId) {
        ChildJvm node = runningNode(nodeId);
        boolean clean = node.terminate(CLEAN_SHUTDOWN_TIMEOUT);
        running.remove(nodeId);
        LOG.info("local Kafka node {} stopped{}", nodeId, clean ? "" : " (forcibly: shutdown took too long)");
    }

    /**
     * A crash: SIGKILL to the node's JVM. No shutdown hook runs, nothing is flushed, no leadership is
     * handed over; the controllers notice when the node's heartbeats stop (broker session timeout)
     * and move leadership to in-sync replicas. Returns as soon as the process is gone.
     */
    public synchronized void killNode(int nodeId) {
        ChildJvm node = runningNode(nodeId);
        node.kill();
        running.remove(nodeId);
        LOG.info("local Kafka node {} killed (SIGKILL, pid {})", nodeId, node.pid());
    }

    /** Waits until the controllers no longer count the node as a live broker (after stop or kill). */
    public void awaitFenced(int nodeId, Duration timeout) {
        await("node " + nodeId + " fenced", timeout, () -> !liveBrokerIds().contains(nodeId));
    }

    /**
     * Starts a stopped or killed node again from its own data directory, with the same id and ports,
     * and returns once it is registered again. Its replicas then catch up in the background; use
     * {@link #awaitFullyReplicated} to wait for that.
     */
    public void restartNode(int nodeId) {
        synchronized (this) {
            if (isRunning(nodeId)) {
                throw new IllegalStateException("node " + nodeId + " is running; stop or kill it first");
            }
        }
        // the old registration must be gone first, else "registered" below could mean the old one
        awaitFenced(nodeId, config.startTimeout());
        synchronized (this) {
            launch(spec(nodeId));
        }
        awaitRegistered(Set.of(nodeId), config.startTimeout());
        LOG.info("local Kafka node {} restarted from {}", nodeId, spec(nodeId).dataDir());
    }

    /** Waits until every partition of the topics has all its replicas in sync. */
    public void awaitFullyReplicated(Collection<String> topics, Duration timeout) {
        await("all replicas of " + topics + " in sync", timeout, () -> describe(topics).values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && p.isr().size() == p.replicas().size()));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Instant begin = Instant.now();
        List<ChildJvm> nodes = new ArrayList<>(running.values());
        if (config.keepData()) {
            stopForRestart(nodes);
        } else {
            nodes.forEach(ChildJvm::kill); // the data is deleted next: nothing to save
        }
        running.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
        if (!config.keepData()) {
            DataDirs.deleteRecursively(baseDir);
        }
        LOG.info("local Kafka cluster on {} stopped in {} ms{}", bootstrapServers(),
                Duration.between(begin, Instant.now()).toMillis(), config.keepData() ? "" : ", data deleted");
    }

    /**
     * Stops the nodes so that the cluster can start again from its data: one after the other with a
     * controlled shutdown while a controller quorum remains to acknowledge it, and the last one with
     * SIGKILL — with the quorum gone no controller can acknowledge its controlled shutdown, and Kafka
     * would wait minutes for one. The kill loses nothing written: the records are in the page cache
     * (this is a process, not a machine, ending), and Kafka recovers the log on the next start.
     */
    private static void stopForRestart(List<ChildJvm> nodes) {
        for (int i = 0; i < nodes.size() - 1; i++) {
            nodes.get(i).terminate(CLEAN_SHUTDOWN_TIMEOUT);
        }
        if (!nodes.isEmpty()) {
            nodes.get(nodes.size() - 1).kill();
        }
    }

    private void killAllNow() {
        List<ChildJvm> nodes;
        synchronized (this) {
            nodes = new ArrayList<>(running.values());
        }
        nodes.forEach(ChildJvm::kill);
    }

    private void launch(NodeSpec spec) {
        // exactly what kafka-server-start.sh runs: kafka.Kafka server.properties
        List<String> jvm = new ArrayList<>(config.jvmOptions());
        jvm.add("-Djava.awt.headless=true");
        running.put(spec.id(), ChildJvm.start("kafka-node-" + spec.id(), "kafka.Kafka",
                List.of(spec.propertiesFile().toString()), jvm, Map.of(), spec.logFile()));
    }

    private void awaitRegistered(Set<Integer> ids, Duration timeout) {
        try {
            await("brokers " + ids + " registered", timeout, () -> {
                failIfAnyDied(ids);
                // ask the controllers only once the listeners are up: an admin client polling closed
                // ports fills the log with connection warnings
                return ids.stream().allMatch(this::brokerPortOpen) && liveBrokerIds().containsAll(ids);
            });
        } catch (IllegalStateException e) {
            if (e.getMessage().contains("exited during start-up")) {
                throw e; // already carries the node's output
            }
            StringBuilder tails = new StringBuilder(e.getMessage());
            for (int id : ids) {
                ChildJvm node;
                synchronized (this) {
                    node = running.get(id);
                }
                if (node != null) {
                    tails.append("\n--- node ").append(id).append(", last output:\n").append(node.logTail(15));
                }
            }
            throw new IllegalStateException(tails.toString(), e);
        }
    }

    private void failIfAnyDied(Set<Integer> ids) {
        for (int id : ids) {
            ChildJvm node;
            synchronized (this) {
                node = running.get(id);
            }
            if (node != null && !node.isAlive()) {
                throw new IllegalStateException("local Kafka node " + id + " exited during start-up; last output:\n"
                        + node.logTail(30));
            }
        }
    }

    private boolean brokerPortOpen(int nodeId) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", spec(nodeId).brokerPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ids of the brokers the controllers count as alive (registered and not fenced). */
    private Set<Integer> liveBrokerIds() {
        try (Admin admin = admin()) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                    .get(5, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet());
        } catch (ExecutionException | TimeoutException e) {
            return Set.of(); // no node answers yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the cluster for its brokers", e);
        }
    }

    private Map<String, TopicDescription> describe(Collection<String> topics) {
        try (Admin admin = admin()) {
            return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topics + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topics, e);
        }
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("local Kafka cluster: not " + what + " within " + timeout.toSeconds()
                        + " s");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    private ChildJvm runningNode(int nodeId) {
        ChildJvm node = running.get(spec(nodeId).id());
        if (node == null || !node.isAlive()) {
            throw new IllegalStateException("node " + nodeId + " is not running");
        }
        return node;
    }

    private NodeSpec spec(int nodeId) {
        NodeSpec spec = specs.get(nodeId);
        if (spec == null) {
            throw new IllegalArgumentException("no node " + nodeId + "; nodes are " + specs.keySet());
        }
        return spec;
    }

    private void writeProperties(NodeSpec spec) {
        Properties props = serverProperties(spec);
        try {
            Files.createDirectories(spec.dataDir());
            try (Writer w = Files.newBufferedWriter(spec.propertiesFile(), StandardCharsets.UTF_8)) {
                props.store(w, "SynScope local KRaft cluster, node " + spec.id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spec.propertiesFile(), e);
        }
    }

    private Properties serverProperties(NodeSpec spec) {
        String voters = specs.values().stream().map(s -> s.id() + "@127.0.0.1:" + s.controllerPort())
                .collect(Collectors.joining(","));
        String listeners = "PLAINTEXT://127.0.0.1:" + spec.brokerPort() + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + spec.controllerPort();
        String advertised = "PLAINTEXT://127.0.0.1:" + spec.brokerPort();
        String protocols = "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT";
        if (config.secureListener().isPresent()) {
            SecureListener secure = config.secureListener().get();
            String endpoint = SecureListener.LISTENER_NAME + "://127.0.0.1:" + spec.securePort();
            listeners += "," + endpoint;
            advertised += "," + endpoint;
            protocols += "," + SecureListener.LISTENER_NAME + ":" + secure.protocol();
        }
        String rf = Short.toString(config.replicationFactor());
        String minIsr = Integer.toString(config.minInSyncReplicas());
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(spec.id()));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", listeners);
        p.put("advertised.listeners", advertised);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", protocols);
        p.put("log.dirs", spec.dataDir().toString());
        p.put("num.partitions", Integer.toString(config.partitions()));
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", minIsr);
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        // fail over within seconds, not the production default of 9 s: fault tests stay short
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        config.secureListener().ifPresent(secure -> p.putAll(secure.serverProperties()));
        p.putAll(config.overrides());
        return p;
    }

    private void format(NodeSpec spec, String clusterId) {
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", spec.propertiesFile().toString()));
        config.secureListener().ifPresent(secure -> secure.scramUsers().forEach(user -> {
            args.add("--add-scram");
            args.add(user.formatArgument(SecureListener.SCRAM_MECHANISM));
        }));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            // the same code path as: kafka-storage.sh format -t <id> -c server.properties [--add-scram ...]
            rc = StorageTool.execute(args.toArray(String[]::new), ps);
        }
        if (rc != 0) {
            // the output names the failing option, never a password (StorageTool does not echo them)
            throw new IllegalStateException("kafka-storage format of node " + spec.id() + " failed (" + rc + "): "
                    + out.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /** The kernel may hand out a just-released port again: ask until there are {@code n} different ones. */
    private static java.util.Set<Integer> distinctFreePorts(int n) {
        java.util.Set<Integer> ports = new java.util.LinkedHashSet<>();
        for (int attempt = 0; ports.size() < n && attempt < n * 10; attempt++) {
            ports.add(FreePorts.next());
        }
        if (ports.size() < n) {
            throw new IllegalStateException("could not find " + n + " distinct free ports on 127.0.0.1");
        }
        return ports;
    }

}
