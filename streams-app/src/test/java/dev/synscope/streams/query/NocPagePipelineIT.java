package dev.synscope.streams.query;

import static dev.synscope.streams.topology.Conversations.all;
import static dev.synscope.streams.topology.Conversations.clientCloses;
import static dev.synscope.streams.topology.Conversations.exchange;
import static dev.synscope.streams.topology.Conversations.handshake;
import static dev.synscope.streams.topology.Conversations.syn;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.StreamsApp;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.topology.Conversations;
import dev.synscope.streams.topology.Packets;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NOC page on the whole pipeline: header observations (as a probe publishes them) into the
 * real streams app, its query server, a headless Chromium. The article's failures - a refused
 * connection, an unanswered SYN, a CLOSE_WAIT that stays - appear live in the feed, the CLOSE_WAIT
 * stands out in the endpoint table, and the CLOSE_WAIT anomaly opens its connection.
 * Screenshot: target/noc-page-pipeline.png.
 */
@ExtendWith(KafkaBrokerExtension.class)
class NocPagePipelineIT {

    private static final int PARTITIONS = 2;
    private static final Path SCREENSHOT = Path.of("target", "noc-page-pipeline.png");

    @Test
    void theArticlesFailuresAppearOnThePage(TestKafka kafka, @TempDir Path stateDir) throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.available(), "skipped: chromium or chromedriver is missing"
                + " (apt-get install chromium chromium-driver, see deploy/install-deps.sh)");
        String prefix = kafka.uniquePrefix("noc") + ".";
        QueryConfig query = QueryConfig.defaults(kafka.bootstrapServers(), prefix + TopicNames.defaults().anomalies())
                .withPort(QueryCluster.freePort());
        StreamsAppConfig d = StreamsAppConfig.defaults(kafka.bootstrapServers())
                .withApplicationId(prefix + "app").withStateDir(stateDir).withTopics(TopicNames.prefixed(prefix));
        // what StreamsApp's caller must do: application.server = the query server's address
        StreamsAppConfig config = new StreamsAppConfig(d.bootstrapServers(), d.applicationId(), d.stateDir(),
                d.processingGuarantee(), d.numStandbyReplicas(), d.numThreads(), query.applicationServer(),
                d.commitIntervalMs(), d.topics(), d.thresholds());
        StreamsApp.ensureTopics(config, PARTITIONS);
        try (StreamsApp app = StreamsApp.start(config);
             QueryServer server = QueryServer.start(app.streams(), query);
             HeadlessChromium browser = new HeadlessChromium()) {
            app.awaitRunning(Duration.ofMinutes(1));
            browser.open("http://127.0.0.1:" + server.port() + "/");
            QueryCluster.await("the page's event stream connected", Duration.ofSeconds(30),
                    () -> server.streamClients() >= 1);

            List<HeaderObservation> packets = new ArrayList<>();
            packets.add(syn(T0, 40001, 81));
            packets.add(Conversations.rstAnsweringSyn(T0 + 500, 40001, 81)); // refused
            packets.add(syn(T0 + 1_000, 40002, 82));                         // never answered
            packets.add(syn(T0 + seconds(1.2), 40002, 82));
            packets.addAll(List.of(all(handshake(T0 + seconds(2), 40003, 80), exchange(T0 + seconds(2.1), 40003, 80),
                    clientCloses(T0 + seconds(2.2), 40003, 80))));            // the server stays in CLOSE_WAIT
            packets.add(Packets.heartbeat(T0 + seconds(70)));                 // event time moves past the timeouts
            produce(kafka, config, packets);

            QueryCluster.await("the three anomalies in the feed", Duration.ofSeconds(90), () ->
                    !browser.find("#feed li[data-type='CONNECTION_REFUSED']").isEmpty()
                            && !browser.find("#feed li[data-type='CONNECT_TIMEOUT']").isEmpty()
                            && !browser.find("#feed li[data-type='CLOSE_WAIT_STUCK']").isEmpty());
            String endpoint = Packets.SERVER + ":80";
            QueryCluster.await("the CLOSE_WAIT in the endpoint table", Duration.ofSeconds(30), () -> !browser.find(
                    "tr[data-endpoint='" + endpoint + "'] td.pile[data-state='CLOSE_WAIT']").isEmpty());

            browser.click(browser.find("#feed li[data-type='CLOSE_WAIT_STUCK']").get(0));
            QueryCluster.await("the connection's detail", Duration.ofSeconds(30), () -> {
                List<String> detail = browser.find("#detail dl");
                return !detail.isEmpty() && browser.text(detail.get(0)).contains("responder state");
            });
            assertThat(browser.text(browser.find("#detail dl").get(0)))
                    .contains(Packets.CLIENT + ":40003-" + endpoint, "CLOSE_WAIT since");
            browser.screenshot(SCREENSHOT);
        }
        assertThat(SCREENSHOT).isNotEmptyFile();
    }

    /** As a probe publishes: keyed by tuple; heartbeats to every partition. */
    private static void produce(TestKafka kafka, StreamsAppConfig config, List<HeaderObservation> records) {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (HeaderObservation h : records) {
                byte[] value = SynScopeSerdes.HEADER_OBSERVATION.serialize(null, h);
                long now = System.currentTimeMillis(); // a 2023 Kafka timestamp would fall to retention at once
                if (h.getKind() == ObservationKind.HEARTBEAT) {
                    for (int partition = 0; partition < PARTITIONS; partition++) {
                        producer.send(new ProducerRecord<>(config.topics().headers(), partition, now, null, value));
                    }
                } else {
                    byte[] key = SynScopeSerdes.CONNECTION_KEY.serialize(null, CanonicalKeys.of(h));
                    producer.send(new ProducerRecord<>(config.topics().headers(), null, now, key, value));
                }
            }
            producer.flush();
        }
    }
}
