package dev.synscope.streams;

import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.Topics;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.state.ConnectionTracker;
import dev.synscope.streams.state.TrackerConfig;
import dev.synscope.streams.topology.SynScopeTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the streams app: builds the topology, starts {@link KafkaStreams}, and offers what a one-shot
 * analysis needs: wait until every input record is processed, read the live connection table, close.
 *
 * <pre>
 *   try (StreamsApp app = StreamsApp.start(config)) {
 *       app.awaitRunning(Duration.ofMinutes(1));
 *       ... produce ...
 *       app.awaitProcessed(Duration.ofMinutes(5));
 *       List&lt;ConnectionState&gt; table = app.connectionTable();
 *   }
 * </pre>
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final StreamsAppConfig config;
    private final Topology topology;
    private final KafkaStreams streams;

    private StreamsApp(StreamsAppConfig config, Topology topology, KafkaStreams streams) {
        this.config = config;
        this.topology = topology;
        this.streams = streams;
    }

    /** Builds the topology and starts the app (does not wait for RUNNING; see {@link #awaitRunning}). */
    public static StreamsApp start(StreamsAppConfig config) {
        LOG.info("{}", config.describe());
        Topology topology = SynScopeTopology.build(config.topics(), config.thresholds(),
                new ConnectionTracker(TrackerConfig.defaults()));
        KafkaStreams streams = new KafkaStreams(topology, config.toProperties());
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it (its tasks restart from the last commit)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        return new StreamsApp(config, topology, streams);
    }

    /** Creates the pipeline's topics that do not exist yet (partitions for new ones, replication 1). */
    public static void ensureTopics(StreamsAppConfig config, int partitions) {
        ensureTopics(config, partitions, false);
    }

    /**
     * As {@link #ensureTopics(StreamsAppConfig, int)}; {@code keepAll} turns time-based retention off, for a
     * capture file's analysis (its records' timestamps are capture times).
     */
    public static void ensureTopics(StreamsAppConfig config, int partitions, boolean keepAll) {
        try (Admin admin = admin(config)) {
            Topics.ensure(admin, config.topics().all(), partitions, (short) 1, keepAll);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("on " + config.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public Topology topology() {
        return topology;
    }

    public StreamsAppConfig config() {
        return config;
    }

    /** Waits until the app is RUNNING; throws if it fails or the timeout passes. */
    public void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
                    || streams.state() == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException("streams app stopped: " + streams.state());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("streams app not RUNNING after " + timeout + ": " + streams.state());
            }
            pause(50);
        }
    }

    /**
     * Waits until the app has processed everything written to its input so far: for every partition
     * of the headers topic and then of its internal repartition topics, the application's committed
     * offset reaches the end of the partition (transaction markers after the last record, which
     * exactly-once writes to internal topics, are recognised by a read_committed look past the committed
     * offset). Returns false if the timeout passes first.
     */
    public boolean awaitProcessed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (CommittedProgress progress = new CommittedProgress(config.clientProperties(), config.applicationId())) {
            while (System.nanoTime() < deadline) {
                if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException("streams app stopped: " + streams.state());
                }
                if (progress.lagging(List.of(config.topics().headers())).findAny().isEmpty()
                        && progress.lagging(progress.repartitionTopics()).findAny().isEmpty()) {
                    return true;
                }
                pause(100);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read offsets: " + e.getMessage(), e);
        }
    }

    /**
     * The connection table held by this instance's tasks (interactive query of the connections
     * store). For a one-instance analysis this is the whole table.
     */
    public List<ConnectionState> connectionTable() {
        ReadOnlyKeyValueStore<ConnectionKey, ConnectionState> store = streams.store(
                StoreQueryParameters.fromNameAndType(SynScopeTopology.CONNECTIONS_STORE,
                        QueryableStoreTypes.keyValueStore()));
        List<ConnectionState> out = new ArrayList<>();
        try (KeyValueIterator<ConnectionKey, ConnectionState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<ConnectionKey, ConnectionState> kv = it.next();
                out.add(kv.value);
            }
        }
        return out;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public void close(Duration timeout) {
        streams.close(timeout);
    }

    private static Admin admin(StreamsAppConfig config) {
        return Admin.create(config.clientProperties());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
