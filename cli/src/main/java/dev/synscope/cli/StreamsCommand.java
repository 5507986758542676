package dev.synscope.cli;

import dev.synscope.streams.StreamsApp;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.query.QueryConfig;
import dev.synscope.streams.query.QueryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the streams app against a Kafka cluster until interrupted. Every setting is a flag and an
 * environment variable SYNSCOPE_&lt;FLAG&gt;; durations are written like 5s, 250ms, 10m, 1h, 1d (or ISO-8601).
 */
@Command(name = "streams", mixinStandardHelpOptions = true, defaultValueProvider = ThresholdDefaults.class,
        description = "Run the Kafka Streams app: connection state tables, conn log, anomalies.")
final class StreamsCommand implements Runnable {

    @Option(names = "--bootstrap", defaultValue = "${env:SYNSCOPE_BOOTSTRAP:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env SYNSCOPE_BOOTSTRAP; default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--application-id", defaultValue = "${env:SYNSCOPE_APPLICATION_ID:-synscope-streams}",
            description = "Kafka Streams application id (env SYNSCOPE_APPLICATION_ID; default ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", defaultValue = "${env:SYNSCOPE_STATE_DIR:-${sys:java.io.tmpdir}/synscope-streams}",
            description = "RocksDB state directory; keep it across restarts (env SYNSCOPE_STATE_DIR; default "
                    + "${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--processing-guarantee", defaultValue = "${env:SYNSCOPE_PROCESSING_GUARANTEE:-exactly_once_v2}",
            description = "exactly_once_v2 or at_least_once (env SYNSCOPE_PROCESSING_GUARANTEE; default "
                    + "${DEFAULT-VALUE}).")
    String processingGuarantee;

    @Option(names = "--standby-replicas", defaultValue = "${env:SYNSCOPE_STANDBY_REPLICAS:-0}",
            description = "Standby replicas of each state store (env SYNSCOPE_STANDBY_REPLICAS; default ${DEFAULT-VALUE}).")
    int standbyReplicas;

    @Option(names = "--threads", defaultValue = "${env:SYNSCOPE_THREADS:-1}",
            description = "Stream threads (env SYNSCOPE_THREADS; default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--application-server", defaultValue = "${env:SYNSCOPE_APPLICATION_SERVER}",
            description = "host:port other instances reach this one's API at, when it differs from --api-bind "
                    + "(e.g. the pod's DNS name) (env SYNSCOPE_APPLICATION_SERVER).")
    String applicationServer;

    @Option(names = "--commit-interval-ms", defaultValue = "${env:SYNSCOPE_COMMIT_INTERVAL_MS:-100}",
            description = "Commit interval (env SYNSCOPE_COMMIT_INTERVAL_MS; default ${DEFAULT-VALUE}).")
    long commitIntervalMs;

    @Option(names = "--create-topics", defaultValue = "${env:SYNSCOPE_CREATE_TOPICS:-0}",
            description = "Create missing topics with this many partitions; 0 = do not (env SYNSCOPE_CREATE_TOPICS).")
    int createTopicsPartitions;

    @Option(names = "--syn-timeout", converter = DurationConverter.class,
            description = "SYN unanswered -> CONNECT_TIMEOUT (env SYNSCOPE_SYN_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration synTimeout;

    @Option(names = "--half-open-timeout",
            converter = DurationConverter.class,
            description = "SYN_RECEIVED without final ACK -> HALF_OPEN (env SYNSCOPE_HALF_OPEN_TIMEOUT; default "
                    + "${DEFAULT-VALUE}).")
    Duration halfOpenTimeout;

    @Option(names = "--close-wait-stuck",
            converter = DurationConverter.class,
            description = "CLOSE_WAIT age -> CLOSE_WAIT_STUCK (env SYNSCOPE_CLOSE_WAIT_STUCK; default ${DEFAULT-VALUE}).")
    Duration closeWaitStuck;

    @Option(names = "--time-wait", converter = DurationConverter.class,
            description = "TIME_WAIT (2*MSL) before a closed connection is finalized (env SYNSCOPE_TIME_WAIT; default "
                    + "${DEFAULT-VALUE}).")
    Duration timeWait;

    @Option(names = "--close-linger", converter = DurationConverter.class,
            description = "How long a connection closed on both sides (RST, or FINs without TIME_WAIT) keeps "
                    + "trailing packets before it is finalized; Zeek's tcp_close_delay (env SYNSCOPE_CLOSE_LINGER; "
                    + "default ${DEFAULT-VALUE}).")
    Duration closeLinger;

    @Option(names = "--inactivity", converter = DurationConverter.class,
            description = "Inactivity expiry (env SYNSCOPE_INACTIVITY; default ${DEFAULT-VALUE}).")
    Duration inactivity;

    @Option(names = "--interim-interval",
            converter = DurationConverter.class,
            description = "Interim conn-log record of long connections every ...; 0s = never (env "
                    + "SYNSCOPE_INTERIM_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration interimInterval;

    @Option(names = "--zero-window-stall",
            converter = DurationConverter.class,
            description = "Zero window this long -> ZERO_WINDOW_STALL (env SYNSCOPE_ZERO_WINDOW_STALL; default "
                    + "${DEFAULT-VALUE}).")
    Duration zeroWindowStall;

    @Option(names = "--retransmission-storm-count",
            description = "Retransmissions in one direction for RETRANSMISSION_STORM (env "
                    + "SYNSCOPE_RETRANSMISSION_STORM_COUNT; default ${DEFAULT-VALUE}).")
    long retransmissionStormCount;

    @Option(names = "--retransmission-storm-ratio",
            description = "... and at least this share of that direction's packets (env "
                    + "SYNSCOPE_RETRANSMISSION_STORM_RATIO; default ${DEFAULT-VALUE}).")
    double retransmissionStormRatio;

    @Option(names = "--syn-flood-threshold",
            description = "Handshakes on one host:port still incomplete --syn-flood-min-age after their SYN, at once, "
                    + "for SYN_FLOOD (env SYNSCOPE_SYN_FLOOD_THRESHOLD; default ${DEFAULT-VALUE}).")
    long synFloodThreshold;

    @Option(names = "--syn-flood-min-age",
            converter = DurationConverter.class,
            description = "A handshake counts toward SYN_FLOOD once incomplete this long; in-flight ones never do "
                    + "(env SYNSCOPE_SYN_FLOOD_MIN_AGE; default ${DEFAULT-VALUE}).")
    Duration synFloodMinAge;

    @Option(names = "--close-wait-leak-threshold",
            description = "Connections on one host:port idle in CLOSE_WAIT for --close-wait-leak-min-age, at once, "
                    + "for CLOSE_WAIT_LEAK (env SYNSCOPE_CLOSE_WAIT_LEAK_THRESHOLD; default ${DEFAULT-VALUE}).")
    long closeWaitLeakThreshold;

    @Option(names = "--close-wait-leak-min-age",
            converter = DurationConverter.class,
            description = "A CLOSE_WAIT counts toward CLOSE_WAIT_LEAK once idle this long (env "
                    + "SYNSCOPE_CLOSE_WAIT_LEAK_MIN_AGE; default ${DEFAULT-VALUE}).")
    Duration closeWaitLeakMinAge;

    @Option(names = "--max-connections-per-task",
            description = "Connections one task keeps at once; past it embryonic ones are evicted first, then new "
                    + "ones refused (env SYNSCOPE_MAX_CONNECTIONS_PER_TASK; default ${DEFAULT-VALUE}).")
    long maxConnectionsPerTask;

    @Option(names = "--initial-rto", converter = DurationConverter.class,
            description = "Retransmission timeout assumed for a SYN or SYN+ACK not yet retransmitted, for the give-up"
                    + " inference (env SYNSCOPE_INITIAL_RTO; default ${DEFAULT-VALUE}).")
    Duration initialRto;

    @Option(names = "--give-up-margin",
            description = "An endpoint whose next SYN (SYN+ACK) retransmission is this many times overdue gave up:"
                    + " CLOSED, attempt finalized; 0 = off (env SYNSCOPE_GIVE_UP_MARGIN; default ${DEFAULT-VALUE}).")
    double giveUpMargin;

    @Option(names = "--endpoint-window",
            converter = DurationConverter.class,
            description = "Window of the endpoint refusal/timeout counters (env SYNSCOPE_ENDPOINT_WINDOW; default "
                    + "${DEFAULT-VALUE}).")
    Duration endpointWindow;

    @Option(names = "--max-clock-skew",
            converter = DurationConverter.class,
            description = "A capture time further than this from stream time goes to the DLQ (env "
                    + "SYNSCOPE_MAX_CLOCK_SKEW; default ${DEFAULT-VALUE}).")
    Duration maxClockSkew;

    @Option(names = "--max-clock-ahead",
            converter = DurationConverter.class,
            description = "A capture time further than this ahead of the wall clock goes to the DLQ: a probe "
                    + "whose clock runs ahead is quarantined (env SYNSCOPE_MAX_CLOCK_AHEAD; default ${DEFAULT-VALUE}).")
    Duration maxClockAhead;

    @Option(names = "--connections-emit-interval",
            converter = DurationConverter.class,
            description = "Re-publish an unchanged connection row at most this often; 0s = every packet (env "
                    + "SYNSCOPE_CONNECTIONS_EMIT_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration connectionsEmitInterval;

    @Option(names = "--sweep-interval",
            converter = DurationConverter.class,
            description = "Stream-time period of the timeout sweep (env SYNSCOPE_SWEEP_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration sweepInterval;

    @Option(names = "--wall-clock-idle-advance",
            converter = DurationConverter.class,
            description = "A partition with no record (not even a heartbeat) for this long has its event time advanced "
                    + "by the wall time elapsed; 0s = off (env SYNSCOPE_WALL_CLOCK_IDLE_ADVANCE; default "
                    + "${DEFAULT-VALUE}).")
    Duration wallClockIdleAdvance;

    @Option(names = "--wall-clock-check-interval",
            converter = DurationConverter.class,
            description = "How often that rule is checked (env SYNSCOPE_WALL_CLOCK_CHECK_INTERVAL; default "
                    + "${DEFAULT-VALUE}).")
    Duration wallClockCheckInterval;

    @CommandLine.ArgGroup(exclusive = false, heading = "Query API and NOC page%n")
    ApiOptions api = new ApiOptions();

    @CommandLine.Mixin
    KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Option(names = "--streams-property", split = ",", defaultValue = "${env:SYNSCOPE_STREAMS_PROPERTY}",
            paramLabel = "KEY=VALUE", description = "Kafka Streams or client setting applied last (e.g. "
                    + "replication.factor=3, session.timeout.ms=10000); repeat or separate by commas "
                    + "(env SYNSCOPE_STREAMS_PROPERTY).")
    java.util.Map<String, String> streamsProperties;

    @Override
    public void run() {
        StreamsAppConfig config = config();
        QueryConfig queryConfig = null;
        if (api.enabled()) {
            queryConfig = api.queryConfig(config, applicationServer);
            config = config.withApplicationServer(queryConfig.applicationServer());
        }
        System.out.println(config.describe());
        if (queryConfig != null) {
            System.out.println(queryConfig.describe());
        }
        if (createTopicsPartitions > 0) {
            StreamsApp.ensureTopics(config, createTopicsPartitions);
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C: the hook wakes the main thread and waits until it has closed the app (committed, stores flushed)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "streams-stop"));
        try (StreamsApp app = StreamsApp.start(config);
             QueryServer server = queryConfig == null ? null : QueryServer.start(app.streams(), queryConfig)) {
            app.awaitRunning(Duration.ofMinutes(5));
            System.out.println("streams app running (application id " + config.applicationId() + ")"
                    + (server == null ? "" : ", NOC page and API at " + server.url()) + " - Ctrl-C stops it");
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed.countDown();
        }
    }

    StreamsAppConfig config() {
        try {
            Thresholds thresholds = Thresholds.builder()
                    .synTimeout(synTimeout).halfOpenTimeout(halfOpenTimeout).closeWaitStuck(closeWaitStuck)
                    .timeWait(timeWait).closeLinger(closeLinger).inactivity(inactivity).interimInterval(interimInterval)
                    .zeroWindowStall(zeroWindowStall).retransmissionStormCount(retransmissionStormCount)
                    .retransmissionStormRatio(retransmissionStormRatio).synFloodThreshold(synFloodThreshold)
                    .synFloodMinAge(synFloodMinAge).closeWaitLeakThreshold(closeWaitLeakThreshold)
                    .closeWaitLeakMinAge(closeWaitLeakMinAge).endpointWindow(endpointWindow)
                    .maxClockSkew(maxClockSkew).maxClockAhead(maxClockAhead).connectionsEmitInterval(connectionsEmitInterval)
                    .sweepInterval(sweepInterval).wallClockIdleAdvance(wallClockIdleAdvance)
                    .wallClockCheckInterval(wallClockCheckInterval).maxConnectionsPerTask(maxConnectionsPerTask)
                    .initialRto(initialRto).giveUpMargin(giveUpMargin)
                    .build();
            return new StreamsAppConfig(bootstrap, applicationId, stateDir, processingGuarantee, standbyReplicas,
                    threads, applicationServer, commitIntervalMs, TopicNames.defaults(), thresholds,
                    kafkaSecurity.security(), streamsProperties);
        } catch (IllegalArgumentException e) {
            throw new FailureHandler.UsageProblem(e.getMessage());
        }
    }
}
