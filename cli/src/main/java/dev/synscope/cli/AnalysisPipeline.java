package dev.synscope.cli;

import dev.synscope.kafka.embedded.LocalKafkaBroker;
import dev.synscope.kafka.embedded.LocalKafkaConfig;
import dev.synscope.probe.Probe;
import dev.synscope.probe.ProbeConfig;
import dev.synscope.probe.ProbeSummary;
import dev.synscope.streams.StreamsApp;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.report.AnalysisResult;
import dev.synscope.streams.query.QueryServer;
import dev.synscope.streams.report.OneShotAnalysis;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole real pipeline over capture files, once: a Kafka (the embedded KRaft broker unless a
 * bootstrap is given), the streams app, and a probe per file (each file one vantage point, named
 * after it). {@link OneShotAnalysis} then drives the end of the capture through the app.
 *
 * <p>On an existing cluster the run uses its own topics ({@code synscope.analyze.<run>.*}) and
 * application id, so it never mixes with live data.
 */
final class AnalysisPipeline {

    /** What to analyse and where. */
    record Options(List<Path> files, Optional<String> bootstrap, int partitions, Duration timeout) {
        Options {
            files = List.copyOf(files);
            Objects.requireNonNull(bootstrap);
        }
    }

    private final Options options;
    private final PrintStream progress;

    AnalysisPipeline(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs the pipeline over the files and collects the result (see {@link OneShotAnalysis}). */
    AnalysisResult run() throws IOException, InterruptedException {
        return withPipeline(null, (app, analysis, lastPacketMicros) -> {
            AnalysisResult result = analysis.finish(lastPacketMicros, options.timeout());
            progress.println("Processed: " + result.connections().size() + " connections at the last packet, "
                    + result.finishedConnections().size() + " finished by the end of the capture");
            return result;
        });
    }

    /**
     * Runs the pipeline over the files up to their last packet (no end-of-capture expiry, so the
     * tables stay as they stood), then serves the query API and NOC page until Ctrl-C.
     */
    void serve(ApiOptions api) throws IOException, InterruptedException {
        withPipeline(api, (app, analysis, lastPacketMicros) -> {
            OneShotAnalysis.broadcast(app.config(), dev.synscope.schema.ObservationKind.HEARTBEAT, lastPacketMicros);
            if (!app.awaitProcessed(options.timeout())) {
                throw new IllegalStateException("the streams app did not process the capture within "
                        + options.timeout());
            }
            java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "demo-stop"));
            try (QueryServer server = QueryServer.start(app.streams(), api.queryConfig(app.config(), null))) {
                progress.println();
                progress.println("NOC page and query API: " + server.url() + "  (Ctrl-C stops the demo)");
                progress.println("  e.g. curl -s '" + server.url() + "connections?state=CLOSE_WAIT'");
                progress.println("       curl -s '" + server.url() + "anomalies?type=CONNECTION_REFUSED'");
                stop.await();
            }
            return null;
        });
    }

    /** What to do once the probes have published every file. */
    @FunctionalInterface
    private interface PipelineBody<T> {
        T afterProbes(StreamsApp app, OneShotAnalysis analysis, long lastPacketMicros) throws InterruptedException;
    }

    /** Runs broker, streams app and probes, then {@code body}; {@code api} non-null when serving queries. */
    private <T> T withPipeline(ApiOptions api, PipelineBody<T> body) throws IOException, InterruptedException {
        for (Path file : options.files()) {
            if (!Files.isReadable(file)) {
                throw new FailureHandler.UsageProblem("cannot read capture file " + file
                        + (Files.exists(file) ? " (permission denied)" : " (no such file)"));
            }
        }
        Path work = Files.createTempDirectory("synscope-analyze-");
        LocalKafkaBroker broker = null;
        try {
            String bootstrap;
            TopicNames topics;
            if (options.bootstrap().isPresent()) {
                bootstrap = options.bootstrap().get();
                String run = "synscope.analyze." + System.currentTimeMillis();
                topics = TopicNames.prefixed(run + ".");
                progress.println("Using the Kafka cluster at " + bootstrap + " (topics " + run + ".*)");
            } else {
                progress.print("Starting an embedded Kafka broker (KRaft)... ");
                progress.flush();
                broker = LocalKafkaBroker.start(LocalKafkaConfig.defaults().withPartitions(options.partitions())
                        .withDataDir(work.resolve("kafka"), false));
                bootstrap = broker.bootstrapServers();
                topics = TopicNames.defaults();
                progress.println("running at " + bootstrap);
            }
            StreamsAppConfig streamsConfig = StreamsAppConfig.defaults(bootstrap)
                    .withApplicationId("synscope-analyze-" + ProcessHandle.current().pid() + "-"
                            + System.currentTimeMillis())
                    .withStateDir(work.resolve("streams-state"))
                    .withTopics(topics)
                    // a capture's partitions are never idle in wall-clock terms: only capture time counts
                    .withThresholds(Thresholds.forFileAnalysis());
            if (api != null) {
                // interactive queries find this instance's stores through application.server
                streamsConfig = streamsConfig.withApplicationServer(api.queryConfig(streamsConfig, null)
                        .applicationServer());
            }
            StreamsApp.ensureTopics(streamsConfig, options.partitions(), true);

            try (StreamsApp app = StreamsApp.start(streamsConfig)) {
                app.awaitRunning(options.timeout());
                progress.println("Streams app running (" + streamsConfig.processingGuarantee() + ")");
                OneShotAnalysis analysis = OneShotAnalysis.begin(app);

                long lastPacketMicros = 0;
                ProbeConfig probeConfig = ProbeConfig.files(bootstrap, options.files())
                        .withTopics(topics.headers(), topics.probeStats());
                for (Path file : options.files()) {
                    ProbeSummary s = Probe.runFile(probeConfig, file);
                    progress.printf("Probe %-16s %,d packets read, %,d decoded, %,d skipped %s, %,d published%n",
                            s.probeId(), s.packetsSeen(), s.packetsDecoded(),
                            s.packetsSeen() - s.packetsDecoded(), s.skippedByReason(), s.recordsPublished());
                    if (s.lastTsMicros() != null) {
                        lastPacketMicros = Math.max(lastPacketMicros, s.lastTsMicros());
                    }
                }
                return body.afterProbes(app, analysis, lastPacketMicros);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is not worth failing an analysis for
        }
    }
}
