package dev.synscope.testing.kafka;

import dev.synscope.kafka.embedded.LocalKafkaBroker;
import dev.synscope.kafka.embedded.LocalKafkaConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one way an integration test gets a real Kafka: {@code @ExtendWith(KafkaBrokerExtension.class)}
 * and a {@link TestKafka} parameter (constructor, lifecycle or test method).
 *
 * <p>Which Kafka, in order: the cluster named by {@code KAFKA_BOOTSTRAP_SERVERS} if set; otherwise
 * Testcontainers' Kafka container if a Docker engine answers; otherwise a KRaft broker started in
 * this JVM from the kafka_2.13 jars. Whichever it is, it starts once per test JVM, is shared by
 * every test class, and is stopped when the JVM's tests are done.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    /** Environment variable naming an external cluster. */
    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    /** Image used when Docker is present; the same Kafka release as our jars. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return shared(extensionContext);
    }

    private static TestKafka shared(ExtensionContext context) {
        // the root store outlives every test class and closes its resources when the JVM's tests end
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningKafka.class, key -> RunningKafka.start(), RunningKafka.class)
                .kafka();
    }

    /** Holds whichever Kafka was started, and stops it at the end. */
    static final class RunningKafka implements ExtensionContext.Store.CloseableResource {
        private final TestKafka kafka;
        private final AutoCloseable stopper;

        private RunningKafka(TestKafka kafka, AutoCloseable stopper) {
            this.kafka = kafka;
            this.stopper = stopper;
        }

        TestKafka kafka() {
            return kafka;
        }

        static RunningKafka start() {
            String external = System.getenv(BOOTSTRAP_ENV);
            if (external != null && !external.isBlank()) {
                LOG.info("tests use the external Kafka cluster at {} ({})", external, BOOTSTRAP_ENV);
                return new RunningKafka(new TestKafka(external.trim(), TestKafka.Source.EXTERNAL), () -> { });
            }
            if (dockerAvailable()) {
                KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
                container.start();
                LOG.info("tests use Testcontainers' Kafka at {}", container.getBootstrapServers());
                return new RunningKafka(new TestKafka(container.getBootstrapServers(), TestKafka.Source.TESTCONTAINERS),
                        container::stop);
            }
            LOG.info("no {} and no Docker engine: starting a local KRaft broker from the kafka_2.13 jars",
                    BOOTSTRAP_ENV);
            LocalKafkaBroker broker = LocalKafkaBroker.start(LocalKafkaConfig.defaults());
            return new RunningKafka(new TestKafka(broker.bootstrapServers(), TestKafka.Source.LOCAL_KRAFT), broker);
        }

        private static boolean dockerAvailable() {
            if ("false".equalsIgnoreCase(System.getenv("SYNSCOPE_TEST_DOCKER"))) {
                return false;
            }
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }

        @Override
        public void close() throws Exception {
            LOG.info("stopping the tests' Kafka ({})", kafka);
            stopper.close();
        }
    }
}
