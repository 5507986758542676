package dev.synscope.streams;

import static dev.synscope.streams.topology.Conversations.all;
import static dev.synscope.streams.topology.Conversations.clientCloses;
import static dev.synscope.streams.topology.Conversations.exchange;
import static dev.synscope.streams.topology.Conversations.handshake;
import static dev.synscope.streams.topology.Conversations.serverCloses;
import static dev.synscope.streams.topology.Conversations.syn;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.report.AnalysisResult;
import dev.synscope.streams.report.OneShotAnalysis;
import dev.synscope.streams.report.TopicReader;
import dev.synscope.streams.topology.Conversations;
import dev.synscope.streams.topology.Packets;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The streams app on a real broker: a short scenario end to end, and a restart in the middle of it. */
@ExtendWith(KafkaBrokerExtension.class)
class StreamsAppIT {

    private static final int PARTITIONS = 2;
    private static final Duration WAIT = Duration.ofMinutes(2);

    /** Normal connections, a refusal, an unanswered SYN, a CLOSE_WAIT that gets stuck, then quiet time. */
    static List<HeaderObservation> scenario() {
        List<HeaderObservation> packets = new ArrayList<>();
        packets.addAll(List.of(all(handshake(T0, 38608, 80), exchange(T0 + 10_000, 38608, 80),
                clientCloses(T0 + 20_000, 38608, 80), serverCloses(T0 + 30_000, 38608, 80))));
        packets.add(syn(T0 + 100_000, 40001, 81));
        packets.add(Conversations.rstAnsweringSyn(T0 + 100_500, 40001, 81));
        packets.add(syn(T0 + 200_000, 40002, 82));
        packets.add(syn(T0 + seconds(1.2), 40002, 82));
        packets.addAll(List.of(all(handshake(T0 + seconds(2), 40003, 80), exchange(T0 + seconds(2.1), 40003, 80),
                clientCloses(T0 + seconds(2.2), 40003, 80))));
        packets.addAll(List.of(all(handshake(T0 + seconds(3), 40004, 80), exchange(T0 + seconds(3.1), 40004, 80))));
        return packets;
    }

    @Test
    void scenarioEndToEnd(TestKafka kafka, @TempDir Path stateDir) {
        StreamsAppConfig config = config(kafka, "e2e", stateDir);
        try (StreamsApp app = StreamsApp.start(config)) {
            app.awaitRunning(WAIT);
            OneShotAnalysis analysis = OneShotAnalysis.begin(app);
            produce(kafka, config, scenario());
            AnalysisResult result = analysis.finish(T0 + seconds(70), WAIT);

            List<ConnectionState> table = result.connections();
            // 40002's SYN was retransmitted once and then never again: its originator gave up (GiveUpInference),
            // so the attempt left the table with its conn-log record (S0, TIMEOUT) after its CONNECT_TIMEOUT
            assertThat(table).extracting(ConnectionState::getOrigPort).containsExactlyInAnyOrder(40003, 40004);
            assertThat(result.connLog()).filteredOn(r -> r.getOrigP() == 40002).singleElement().satisfies(r -> {
                assertThat(r.getConnState()).isEqualTo("S0");
                assertThat(r.getEndReason()).isEqualTo(EndReason.TIMEOUT);
            });
            assertThat(table).filteredOn(s -> s.getOrigPort() == 40003)
                    .singleElement().satisfies(s -> assertThat(s.getRespState()).isEqualTo(TcpState.CLOSE_WAIT));
            assertThat(result.connLog()).extracting(ConnLogRecord::getOrigP)
                    .containsExactlyInAnyOrder(38608, 40001, 40002, 40003, 40004);
            assertThat(result.connLog()).filteredOn(r -> r.getOrigP() == 38608).singleElement()
                    .satisfies(r -> assertThat(r.getConnState()).isEqualTo("SF"));
            assertThat(result.connLog()).filteredOn(r -> r.getOrigP() == 40001).singleElement()
                    .satisfies(r -> assertThat(r.getConnState()).isEqualTo("REJ"));
            assertThat(result.connLog()).filteredOn(r -> r.getOrigP() == 40004).singleElement()
                    .satisfies(r -> assertThat(r.getEndReason()).isEqualTo(EndReason.CAPTURE_END));
            assertThat(result.anomalies()).extracting(AnomalyEvent::getType).containsExactlyInAnyOrder(
                    AnomalyType.CONNECTION_REFUSED, AnomalyType.CONNECT_TIMEOUT, AnomalyType.CLOSE_WAIT_STUCK);

            // a second analysis on the same app only collects its own records
            OneShotAnalysis again = OneShotAnalysis.begin(app);
            produce(kafka, config, List.of(syn(T0 + seconds(80), 40100, 81),
                    Conversations.rstAnsweringSyn(T0 + seconds(80) + 300, 40100, 81)));
            AnalysisResult second = again.finish(T0 + seconds(81), WAIT);
            assertThat(second.connLog()).extracting(ConnLogRecord::getOrigP).containsExactly(40100);
            assertThat(second.anomalies()).extracting(AnomalyEvent::getType)
                    .containsExactly(AnomalyType.CONNECTION_REFUSED);
        }
    }

    @Test
    void restartMidStreamLosesAndDuplicatesNothing(TestKafka kafka, @TempDir Path dirA, @TempDir Path dirB) {
        List<HeaderObservation> packets = scenario();
        int half = packets.size() / 2;

        StreamsAppConfig uninterrupted = config(kafka, "once", dirA);
        AnalysisResult expected;
        try (StreamsApp app = StreamsApp.start(uninterrupted)) {
            app.awaitRunning(WAIT);
            produce(kafka, uninterrupted, packets);
            produce(kafka, uninterrupted, heartbeats(T0 + seconds(70)));
            produce(kafka, uninterrupted, endOfCapture(T0 + seconds(70)));
            assertThat(app.awaitProcessed(WAIT)).isTrue();
            expected = collect(kafka, uninterrupted, List.of());
        }

        StreamsAppConfig restarted = config(kafka, "twice", dirB);
        try (StreamsApp first = StreamsApp.start(restarted)) {
            first.awaitRunning(WAIT);
            produce(kafka, restarted, packets.subList(0, half));
            assertThat(first.awaitProcessed(WAIT)).isTrue();
        }
        try (StreamsApp second = StreamsApp.start(restarted)) {
            second.awaitRunning(WAIT);
            produce(kafka, restarted, packets.subList(half, packets.size()));
            produce(kafka, restarted, heartbeats(T0 + seconds(70)));
            produce(kafka, restarted, endOfCapture(T0 + seconds(70)));
            assertThat(second.awaitProcessed(WAIT)).isTrue();
            AnalysisResult actual = collect(kafka, restarted, List.of());
            assertThat(sortedLogs(actual)).isEqualTo(sortedLogs(expected));
            assertThat(sortedAnomalies(actual)).isEqualTo(sortedAnomalies(expected));
            assertThat(expected.connLog()).hasSize(5);
        }
    }

    @Test
    void twoInstancesShareTheWorkAndEndpointCountsStayWhole(TestKafka kafka, @TempDir Path dirA, @TempDir Path dirB) {
        StreamsAppConfig config = config(kafka, "pair", dirA);
        List<HeaderObservation> packets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // ports chosen so the connections hash to both partitions, hence to both instances
            int port = 42000 + i * 7;
            long t = T0 + i * 100_000L;
            packets.addAll(List.of(all(handshake(t, port, 8080), clientCloses(t + 10_000, port, 8080))));
        }
        try (StreamsApp a = StreamsApp.start(config); StreamsApp b = StreamsApp.start(config.withStateDir(dirB))) {
            a.awaitRunning(WAIT);
            b.awaitRunning(WAIT);
            OneShotAnalysis analysis = OneShotAnalysis.begin(a);
            produce(kafka, config, packets);
            // past closeWaitLeakMinAge (3 s): the six CLOSE_WAITs have stayed, idle, long enough to be a leak
            AnalysisResult result = analysis.finish(T0 + seconds(5), WAIT);
            assertThat(result.connLog()).hasSize(6);
            assertThat(result.anomalies()).extracting(AnomalyEvent::getType)
                    .containsExactly(AnomalyType.CLOSE_WAIT_LEAK);
            assertThat(result.anomalies().get(0).getCount()).isEqualTo(5L);
            assertThat(a.streams().metadataForLocalThreads()).flatExtracting(t -> t.activeTasks()).isNotEmpty();
            assertThat(b.streams().metadataForLocalThreads()).flatExtracting(t -> t.activeTasks()).isNotEmpty();
        }
    }

    private static List<String> sortedLogs(AnalysisResult r) {
        return r.connLog().stream().map(Object::toString).sorted().toList();
    }

    private static List<String> sortedAnomalies(AnalysisResult r) {
        return r.anomalies().stream().sorted(Comparator.comparing(AnomalyEvent::getEventId))
                .map(Object::toString).toList();
    }

    private static StreamsAppConfig config(TestKafka kafka, String name, Path stateDir) {
        String prefix = kafka.uniquePrefix("streams-" + name) + ".";
        StreamsAppConfig config = StreamsAppConfig.defaults(kafka.bootstrapServers())
                .withApplicationId(prefix + "app")
                .withStateDir(stateDir)
                .withTopics(TopicNames.prefixed(prefix))
                .withThresholds(Thresholds.defaults().withWallClockIdleAdvance(Duration.ZERO));
        kafka.createTopic(config.topics().headers(), PARTITIONS, Map.of());
        config.topics().outputs().forEach(t -> kafka.createTopic(t.name(), PARTITIONS, t.configs()));
        return config;
    }

    private static List<HeaderObservation> heartbeats(long ts) {
        return List.of(Packets.heartbeat(ts));
    }

    private static List<HeaderObservation> endOfCapture(long ts) {
        return List.of(Packets.endOfCapture(ts));
    }

    private static void produce(TestKafka kafka, StreamsAppConfig config, List<HeaderObservation> records) {
        ProbeLikeProducer.produce(kafka, config.topics().headers(), PARTITIONS, records);
    }

    private static AnalysisResult collect(TestKafka kafka, StreamsAppConfig config, List<ConnectionState> table) {
        List<ConnLogRecord> logs = TopicReader.readAll(kafka.bootstrapServers(), config.topics().connLog(),
                new ByteArrayDeserializer(), SynScopeSerdes.CONN_LOG_RECORD, WAIT).stream().map(r -> r.value()).toList();
        List<AnomalyEvent> anomalies = TopicReader.readAll(kafka.bootstrapServers(), config.topics().anomalies(),
                new ByteArrayDeserializer(), SynScopeSerdes.ANOMALY_EVENT, WAIT).stream().map(r -> r.value()).toList();
        return new AnalysisResult(table, logs, anomalies);
    }
}
