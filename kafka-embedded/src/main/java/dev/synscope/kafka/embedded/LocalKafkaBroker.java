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
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker + controller, one node), run inside
 * this JVM from the {@code kafka_2.13} jars: the storage is formatted with Kafka's own
 * {@code kafka-storage format} tool, the server is {@link KafkaRaftServer}, exactly what
 * {@code kafka-server-start.sh} runs. Both listeners bind to free ports on 127.0.0.1.
 *
 * <p>Lifecycle: {@link #start(LocalKafkaConfig)} formats, starts and waits until a client can
 * describe the cluster; {@link #close()} stops the server and deletes its data directory unless
 * the config asked to keep it.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final LocalKafkaConfig config;
    private final Path dataDir;
    private final int brokerPort;
    private final KafkaRaftServer server;
    private boolean closed;

    private LocalKafkaBroker(LocalKafkaConfig config, Path dataDir, int brokerPort, KafkaRaftServer server) {
        this.config = config;
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.server = server;
    }

    /** Formats storage, starts the broker and returns once it answers a metadata request. */
    public static LocalKafkaBroker start(LocalKafkaConfig config) {
        Instant begin = Instant.now();
        Path dataDir = config.dataDir().orElseGet(() -> DataDirs.createTemp("synscope-kafka-"));
        boolean fresh = !Files.exists(dataDir.resolve("meta.properties"));
        int brokerPort = config.brokerPort() > 0 ? config.brokerPort() : FreePorts.next();
        int controllerPort = FreePorts.next();
        Properties props = serverProperties(config, dataDir, brokerPort, controllerPort);
        if (fresh) {
            format(dataDir, props);
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        LocalKafkaBroker broker = new LocalKafkaBroker(config, dataDir, brokerPort, server);
        try {
            broker.awaitReady(config.startTimeout());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        LOG.info("local Kafka broker (KRaft) started on {} in {} ms, data in {}", broker.bootstrapServers(),
                Duration.between(begin, Instant.now()).toMillis(), dataDir);
        return broker;
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Where the log segments and KRaft metadata live. */
    public Path dataDir() {
        return dataDir;
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            TopicCreation.createMissing(admin, topics, bootstrapServers());
        }
    }

    /** A topic with the broker's default partition count and replication factor 1. */
    public NewTopic topic(String name, Map<String, String> configs) {
        return new NewTopic(name, config.partitions(), (short) 1).configs(configs);
    }

    /** An admin client on this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Instant begin = Instant.now();
        server.shutdown();
        server.awaitShutdown();
        if (!config.keepData()) {
            DataDirs.deleteRecursively(dataDir);
        }
        LOG.info("local Kafka broker on {} stopped in {} ms{}", bootstrapServers(),
                Duration.between(begin, Instant.now()).toMillis(), config.keepData() ? "" : ", data deleted");
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the broker", e);
                }
                sleepQuietly(100);
            }
        }
        throw new IllegalStateException("local Kafka broker on " + bootstrapServers() + " not ready within "
                + timeout.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    static Properties serverProperties(LocalKafkaConfig config, Path dataDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", Integer.toString(config.partitions()));
        p.put("auto.create.topics.enable", "false");
        // a single node: every internal topic has one replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // tests and the demo start consumers at once: do not wait 3 s for more group members
        p.put("group.initial.rebalance.delay.ms", "0");
        // small segments keep the demo's footprint small; compaction runs on our compacted topics
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // a replayed capture stamps its records with the capture time: time-based retention would
        // delete an old capture's records at the next check, so this local broker keeps everything
        p.put("log.retention.ms", "-1");
        p.putAll(config.overrides());
        return p;
    }

    private static void format(Path dataDir, Properties props) {
        Path propsFile = dataDir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
            try (Writer w = Files.newBufferedWriter(propsFile, StandardCharsets.UTF_8)) {
                props.store(w, "SynScope local KRaft broker");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + propsFile, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String clusterId = Uuid.randomUuid().toString();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            // the same code path as: kafka-storage.sh format -t <id> -c server.properties
            rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", propsFile.toString()}, ps);
        }
        if (rc != 0) {
            throw new IllegalStateException("kafka-storage format failed (" + rc + "): "
                    + out.toString(StandardCharsets.UTF_8).trim());
        }
        LOG.debug("formatted {}: {}", dataDir, out.toString(StandardCharsets.UTF_8).trim());
    }


    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Names of the topics that exist now. */
    public Set<String> topicNames() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics on " + bootstrapServers() + ": " + e.getMessage(), e);
        }
    }
}
