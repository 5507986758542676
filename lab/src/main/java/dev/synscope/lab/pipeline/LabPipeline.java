package dev.synscope.lab.pipeline;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.probe.publish.PublishSettings;
import dev.synscope.streams.StreamsApp;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.query.QueryConfig;
import dev.synscope.streams.query.QueryServer;
import dev.synscope.streams.report.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * SynScope's back end as the lab runs it against a real Kafka: the streams app with the lab's
 * thresholds and its query server (REST API and NOC page) on a loopback address. The lab reads the
 * connection table through that API ({@link #connectionsApi()}) and the anomalies and conn-log
 * records from their topics, like any consumer.
 */
public final class LabPipeline implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final StreamsApp app;
    private final QueryServer server;
    private final String statsTopic;
    private final Map<Integer, Long> anomaliesStart;
    private final Map<Integer, Long> connLogStart;

    private LabPipeline(StreamsApp app, QueryServer server, String statsTopic, Map<Integer, Long> anomaliesStart,
                        Map<Integer, Long> connLogStart) {
        this.app = app;
        this.server = server;
        this.statsTopic = statsTopic;
        this.anomaliesStart = anomaliesStart;
        this.connLogStart = connLogStart;
    }

    /**
     * Where and how to run it.
     *
     * @param bootstrap   Kafka bootstrap servers
     * @param runId       unique per run: prefix of the topics and of the application id
     * @param stateDir    the streams app's state directory (a fresh one per run)
     * @param apiHost     loopback address the query server listens on
     * @param apiPort     its port; 0 picks a free one
     * @param thresholds  the streams app's thresholds ({@link LabThresholds#forLab})
     */
    public record Settings(String bootstrap, String runId, Path stateDir, String apiHost, int apiPort,
                           Thresholds thresholds) {
    }

    public static LabPipeline start(Settings s) {
        TopicNames topics = TopicNames.prefixed(s.runId() + ".");
        String statsTopic = topics.probeStats();
        int port = s.apiPort() == 0 ? freePort(s.apiHost()) : s.apiPort();
        StreamsAppConfig config = StreamsAppConfig.defaults(s.bootstrap())
                .withApplicationId(s.runId() + "-streams")
                .withStateDir(s.stateDir())
                .withTopics(topics)
                .withThresholds(s.thresholds());
        QueryConfig query = QueryConfig.forStreamsApp(config, s.apiHost(), port, null, null);
        config = config.withApplicationServer(query.applicationServer());
        // one partition: the lab's few hundred packets need no parallelism, and one task keeps one stream time
        StreamsApp.ensureTopics(config, 1);
        StreamsApp app = StreamsApp.start(config);
        QueryServer server = null;
        try {
            app.awaitRunning(TIMEOUT);
            server = QueryServer.start(app.streams(), query);
            return new LabPipeline(app, server, statsTopic,
                    TopicReader.endOffsets(s.bootstrap(), topics.anomalies(), TIMEOUT),
                    TopicReader.endOffsets(s.bootstrap(), topics.connLog(), TIMEOUT));
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            app.close();
            throw e;
        }
    }

    /** What the lab's probes publish with: this run's headers and stats topics. */
    public PublishSettings publishSettings() {
        return PublishSettings.defaults(app.config().bootstrapServers(), false)
                .withTopics(app.config().topics().headers(), statsTopic);
    }

    /** The NOC page and API root, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        return URI.create(server.url());
    }

    public ConnectionsApi connectionsApi() {
        return new ConnectionsApi(url());
    }

    public StreamsAppConfig config() {
        return app.config();
    }

    /** Blocks until the streams app has processed everything published so far. */
    public void awaitProcessed() {
        if (!app.awaitProcessed(TIMEOUT)) {
            throw new IllegalStateException("the streams app did not catch up within " + TIMEOUT);
        }
    }

    /** Every anomaly the streams app raised in this run so far (committed). */
    public List<AnomalyEvent> anomalies() {
        return TopicReader.readFrom(app.config().bootstrapServers(), app.config().topics().anomalies(), anomaliesStart,
                new ByteArrayDeserializer(), SynScopeSerdes.ANOMALY_EVENT, TIMEOUT).stream()
                .map(ConsumerRecord::value).toList();
    }

    /** Every conn-log record (finished connections) of this run so far (committed). */
    public List<ConnLogRecord> connLog() {
        return TopicReader.readFrom(app.config().bootstrapServers(), app.config().topics().connLog(), connLogStart,
                new ByteArrayDeserializer(), SynScopeSerdes.CONN_LOG_RECORD, TIMEOUT).stream()
                .map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        server.close();
        app.close();
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host + " for the query server", e);
        }
    }
}
