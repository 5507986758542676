package dev.synscope.testing.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Kafka cluster for an integration test, injected by {@link KafkaBrokerExtension}. One per
 * test JVM, shared by all tests; each test names its own topics with {@link #uniqueTopic}.
 */
public final class TestKafka {

    private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();

    private final String bootstrapServers;
    private final Source source;

    /** Where the broker comes from. */
    public enum Source {
        /** A KRaft broker started in this JVM from the kafka_2.13 jars. */
        LOCAL_KRAFT,
        /** Testcontainers' Kafka container, when a Docker engine answers. */
        TESTCONTAINERS,
        /** An external cluster named by KAFKA_BOOTSTRAP_SERVERS. */
        EXTERNAL
    }

    TestKafka(String bootstrapServers, Source source) {
        this.bootstrapServers = bootstrapServers;
        this.source = source;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Source source() {
        return source;
    }

    /** A topic name no other test in this JVM (or an earlier run on an external cluster) uses. */
    public String uniqueTopic(String base) {
        return base + "-" + ProcessHandle.current().pid() + "-" + TOPIC_SEQUENCE.incrementAndGet();
    }

    /** A prefix for a test's own set of topics or a Streams application id. */
    public String uniquePrefix(String base) {
        return uniqueTopic(base);
    }

    /** Creates a topic and waits until the cluster confirms it. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(java.util.List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers + ": "
                    + e.getMessage(), e);
        }
    }

    /** An admin client; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Client properties with the bootstrap servers set, to add producer/consumer settings to. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    @Override
    public String toString() {
        return source + " " + bootstrapServers;
    }
}
