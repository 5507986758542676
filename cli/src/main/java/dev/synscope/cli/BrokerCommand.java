package dev.synscope.cli;

import dev.synscope.kafka.embedded.LocalKafkaBroker;
import dev.synscope.kafka.embedded.LocalKafkaConfig;
import dev.synscope.schema.Topics;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the embedded KRaft broker with SynScope's topics until interrupted. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a local Apache Kafka broker (KRaft, from the kafka_2.13 jars) with SynScope's topics, "
                + "until Ctrl-C.")
final class BrokerCommand implements Runnable {

    @Option(names = "--port", defaultValue = "${env:SYNSCOPE_PORT:-9092}",
            description = "Client port on 127.0.0.1 (env SYNSCOPE_PORT; default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--partitions", defaultValue = "${env:SYNSCOPE_PARTITIONS:-4}",
            description = "Partitions of each topic (env SYNSCOPE_PARTITIONS; default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--data-dir", defaultValue = "${env:SYNSCOPE_DATA_DIR}",
            description = "Keep the broker's data here across restarts (env SYNSCOPE_DATA_DIR; default: a temporary "
                    + "directory deleted on exit).")
    Path dataDir;

    @Override
    public void run() {
        LocalKafkaConfig config = LocalKafkaConfig.defaults().withPartitions(partitions).withBrokerPort(port);
        if (dataDir != null) {
            config = config.withDataDir(dataDir, true);
        }
        System.out.println("config: " + config);
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(config)) {
            EmbeddedTopics.create(broker);
            System.out.println("Kafka is running at " + broker.bootstrapServers() + " with topics "
                    + Topics.ALL.stream().map(Topics.TopicSpec::name).toList() + " - Ctrl-C stops it");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "broker-stop"));
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
