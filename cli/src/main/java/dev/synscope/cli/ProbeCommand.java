package dev.synscope.cli;

import dev.synscope.probe.LiveProbe;
import dev.synscope.probe.Probe;
import dev.synscope.probe.ProbeConfig;
import dev.synscope.probe.ProbeSummary;
import dev.synscope.probe.capture.CaptureFormatException;
import dev.synscope.probe.capture.CaptureSetupException;
import dev.synscope.probe.capture.LiveCaptureSettings;
import dev.synscope.probe.metrics.ProbeMetricsServer;
import dev.synscope.schema.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synscope probe}: capture live on an interface, or replay capture files, and publish the
 * TCP headers to Kafka. Every flag has an environment variable {@code SYNSCOPE_<FLAG>}.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Capture TCP headers from an interface (--iface) or pcap/pcapng files (--pcap) and publish them to "
                    + "Kafka topic " + Topics.HEADERS + ", with probe stats on " + Topics.PROBE_STATS + ".",
            "Live capture needs root or CAP_NET_RAW,CAP_NET_ADMIN. Only headers are captured (snaplen) and "
                    + "published: never a payload byte.",
            "Every flag can also be set by the environment variable named in its description."})
final class ProbeCommand implements Runnable {

    @Option(names = "--iface", defaultValue = "${env:SYNSCOPE_IFACE}", paramLabel = "NAME",
            description = "Interface to capture on live, or 'any' for all (env SYNSCOPE_IFACE).")
    String iface;

    @Option(names = "--pcap", split = ",", defaultValue = "${env:SYNSCOPE_PCAP}", paramLabel = "FILE",
            description = "pcap or pcapng file(s) to replay, each its own vantage point; repeat or separate by "
                    + "commas (env SYNSCOPE_PCAP).")
    List<Path> pcapFiles;

    @Option(names = "--bootstrap", defaultValue = "${env:SYNSCOPE_BOOTSTRAP:-127.0.0.1:9092}", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env SYNSCOPE_BOOTSTRAP; default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--probe-id", defaultValue = "${env:SYNSCOPE_PROBE_ID}", paramLabel = "ID",
            description = "Vantage point id on every record (env SYNSCOPE_PROBE_ID; default: the host name live, "
                    + "the file's base name for files).")
    String probeId;

    @Option(names = "--filter", defaultValue = "${env:SYNSCOPE_FILTER:-" + LiveCaptureSettings.DEFAULT_FILTER + "}",
            paramLabel = "BPF", description = "BPF capture filter, tcpdump syntax (env SYNSCOPE_FILTER; default "
                    + "'${DEFAULT-VALUE}').")
    String filter;

    @Option(names = "--snaplen", defaultValue = "${env:SYNSCOPE_SNAPLEN:-128}", paramLabel = "BYTES",
            description = "Bytes captured per packet: enough for headers, never the payload (env SYNSCOPE_SNAPLEN; "
                    + "default ${DEFAULT-VALUE}).")
    int snaplen;

    @Option(names = "--promisc", negatable = true, defaultValue = "${env:SYNSCOPE_PROMISC:-false}",
            fallbackValue = "true", description = "Put the interface in promiscuous mode (env SYNSCOPE_PROMISC; "
                    + "default ${DEFAULT-VALUE}).")
    boolean promiscuous;

    @Option(names = "--capture-buffer", defaultValue = "${env:SYNSCOPE_CAPTURE_BUFFER:-134217728}", paramLabel = "BYTES",
            description = "Kernel capture buffer size: ~3 s of 200k packets/s at snaplen 128, so a busy host does not "
                    + "drop (env SYNSCOPE_CAPTURE_BUFFER; default ${DEFAULT-VALUE}).")
    int captureBuffer;

    @Option(names = "--immediate", negatable = true, defaultValue = "${env:SYNSCOPE_IMMEDIATE:-true}",
            fallbackValue = "true", description = "Immediate mode: hand packets over as they arrive "
                    + "(env SYNSCOPE_IMMEDIATE; default ${DEFAULT-VALUE}).")
    boolean immediate;

    @Option(names = "--read-timeout", defaultValue = "${env:SYNSCOPE_READ_TIMEOUT:-100ms}", paramLabel = "DURATION",
            converter = DurationConverter.class, description = "libpcap read timeout (env SYNSCOPE_READ_TIMEOUT; "
                    + "default ${DEFAULT-VALUE}).")
    Duration readTimeout;

    @Option(names = "--replay-speed", defaultValue = "${env:SYNSCOPE_REPLAY_SPEED:-0}", paramLabel = "FACTOR",
            description = "Files: 1.0 replays at recorded speed, 2.0 twice as fast, 0 as fast as possible "
                    + "(env SYNSCOPE_REPLAY_SPEED; default ${DEFAULT-VALUE}).")
    double replaySpeed;

    @Option(names = "--stats-interval", defaultValue = "${env:SYNSCOPE_STATS_INTERVAL:-10s}", paramLabel = "DURATION",
            converter = DurationConverter.class, description = "Interval between probe stats records "
                    + "(env SYNSCOPE_STATS_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration statsInterval;

    @Option(names = "--heartbeat-interval", defaultValue = "${env:SYNSCOPE_HEARTBEAT_INTERVAL:-1s}",
            paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Heartbeat to every headers partition this often: of capture time for files, of wall-clock "
                    + "time live (env SYNSCOPE_HEARTBEAT_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--vlan-in-key", negatable = true, defaultValue = "${env:SYNSCOPE_VLAN_IN_KEY:-false}",
            fallbackValue = "true", description = "Put the outer VLAN id in the connection key; off because "
                    + "asymmetric tagging would split a connection in two (env SYNSCOPE_VLAN_IN_KEY; default "
                    + "${DEFAULT-VALUE}).")
    boolean vlanInKey;

    @Option(names = "--validate-checksums", negatable = true,
            defaultValue = "${env:SYNSCOPE_VALIDATE_CHECKSUMS:-false}", fallbackValue = "true",
            description = "Skip TCP segments captured whole whose checksum is wrong, counted as bad_tcp_checksum "
                    + "(Zeek without -C); off because a host's own outgoing segments are captured before checksum "
                    + "offload fills the checksum in (env SYNSCOPE_VALIDATE_CHECKSUMS; default ${DEFAULT-VALUE}).")
    boolean validateChecksums;

    @Option(names = "--max-buffer-bytes", defaultValue = "${env:SYNSCOPE_MAX_BUFFER_BYTES:-67108864}",
            paramLabel = "BYTES", description = "Bound of the send buffer while Kafka is slow or down; live capture "
                    + "drops and counts beyond it, files wait (env SYNSCOPE_MAX_BUFFER_BYTES; default "
                    + "${DEFAULT-VALUE}).")
    long maxBufferBytes;

    @Option(names = "--max-buffer-records", defaultValue = "${env:SYNSCOPE_MAX_BUFFER_RECORDS}",
            paramLabel = "N", description = "Bound of the send buffer in records (env SYNSCOPE_MAX_BUFFER_RECORDS; "
                    + "default 1000000 live, 65536 for files, where back-pressure makes depth useless).")
    Long maxBufferRecords;

    @Option(names = "--sender-threads", defaultValue = "${env:SYNSCOPE_SENDER_THREADS:-2}", paramLabel = "N",
            description = "Kafka sender threads, each with its own producer; the headers topic's partitions are "
                    + "split among them (partition p goes to thread p mod N), so each partition keeps capture order. "
                    + "More than the number of cores does not help (env SYNSCOPE_SENDER_THREADS; default "
                    + "${DEFAULT-VALUE}).")
    int senderThreads;

    @Option(names = "--producer-property", split = ",", defaultValue = "${env:SYNSCOPE_PRODUCER_PROPERTY}",
            paramLabel = "KEY=VALUE", description = "Kafka producer setting overriding the probe's (e.g. "
                    + "compression.type=zstd, security.protocol=SSL); repeat or separate by commas "
                    + "(env SYNSCOPE_PRODUCER_PROPERTY).")
    Map<String, String> producerProperties;

    @Option(names = "--headers-topic", defaultValue = "${env:SYNSCOPE_HEADERS_TOPIC:-" + Topics.HEADERS + "}",
            paramLabel = "TOPIC", description = "Topic for header observations (env SYNSCOPE_HEADERS_TOPIC; default "
                    + "${DEFAULT-VALUE}).")
    String headersTopic;

    @Option(names = "--stats-topic", defaultValue = "${env:SYNSCOPE_STATS_TOPIC:-" + Topics.PROBE_STATS + "}",
            paramLabel = "TOPIC", description = "Topic for probe stats (env SYNSCOPE_STATS_TOPIC; default "
                    + "${DEFAULT-VALUE}).")
    String statsTopic;

    @Option(names = "--metrics-bind", defaultValue = "${env:SYNSCOPE_METRICS_BIND:-off}", paramLabel = "HOST:PORT",
            description = "Serve GET /health and /metrics (Prometheus) here while capturing live; 'off' disables "
                    + "(env SYNSCOPE_METRICS_BIND; default ${DEFAULT-VALUE}). Read-only counters, no packet data; "
                    + "not served for --pcap replays.")
    String metricsBind;

    @CommandLine.Mixin
    KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        ProbeConfig config = config();
        Optional<InetSocketAddress> metrics = metricsAddress();
        var out = spec.commandLine().getOut();
        out.println("config: " + describe(config));
        out.println("kafka security: " + kafkaSecurity.security());
        if (metrics.isPresent() && !config.isLive()) {
            out.println("metrics: --metrics-bind " + metricsBind.trim() + " applies to live capture only; "
                    + "not served for --pcap");
        }
        out.flush();
        if (config.isLive()) {
            runLive(config, metrics);
        } else {
            runFiles(config);
        }
    }

    ProbeConfig config() {
        boolean live = iface != null && !iface.isBlank();
        boolean files = pcapFiles != null && !pcapFiles.isEmpty();
        if (live == files) {
            throw new FailureHandler.UsageProblem(live ? "give --iface or --pcap, not both"
                    : "give --iface NAME (live) or --pcap FILE (replay); see synscope probe --help");
        }
        if (files) {
            for (Path file : pcapFiles) {
                if (!Files.isRegularFile(file)) {
                    throw new FailureHandler.UsageProblem("cannot read capture file " + file + ": "
                            + (Files.exists(file) ? "not a regular file" : "no such file"));
                }
                if (!Files.isReadable(file)) {
                    throw new FailureHandler.UsageProblem("cannot read capture file " + file + ": permission denied");
                }
            }
        }
        try {
            ProbeConfig base = live ? ProbeConfig.live(bootstrap, iface) : ProbeConfig.files(bootstrap, pcapFiles);
            return base.withProbeId(probeId == null || probeId.isBlank() ? null : probeId)
                    .withCapture(filter, snaplen, promiscuous, captureBuffer, immediate,
                            (int) Math.max(1, readTimeout.toMillis()))
                    .withReplaySpeed(replaySpeed)
                    .withIntervals(statsInterval, heartbeatInterval)
                    .withVlanInKey(vlanInKey)
                    .withValidateChecksums(validateChecksums)
                    .withBuffer(maxBufferBytes, maxBufferRecords != null ? maxBufferRecords : base.maxBufferRecords())
                    .withProducerOverrides(producerOverrides())
                    .withSenderThreads(senderThreads)
                    .withTopics(headersTopic, statsTopic);
        } catch (IllegalArgumentException e) {
            throw new FailureHandler.UsageProblem(e.getMessage());
        }
    }

    /**
     * The Kafka security settings (secrets read now; see KafkaSecurityOptions), then --producer-property,
     * which as the low-level escape hatch wins.
     */
    private Map<String, String> producerOverrides() {
        Map<String, String> all = new LinkedHashMap<>(KafkaSecurityOptions.clientProperties(kafkaSecurity.security()));
        all.putAll(producerProperties == null ? Map.of() : producerProperties);
        return all;
    }

    /**
     * {@code --metrics-bind} as an address, empty for {@code off}. Any address may be bound: the
     * endpoint serves read-only counters, and the DaemonSet has Prometheus scrape it on the host IP.
     */
    Optional<InetSocketAddress> metricsAddress() {
        String value = metricsBind == null ? "off" : metricsBind.trim();
        if (value.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        ApiOptions.HostPort hp = ApiOptions.HostPort.parse("--metrics-bind", value);
        if (hp.host().isBlank()) {
            throw new FailureHandler.UsageProblem("--metrics-bind wants HOST:PORT (e.g. 127.0.0.1:9464), not '"
                    + value + "'");
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port()));
        } catch (UnknownHostException e) {
            throw new FailureHandler.UsageProblem("--metrics-bind: unknown host '" + hp.host() + "'");
        }
    }

    private void runLive(ProbeConfig config, Optional<InetSocketAddress> metricsBindAddress) {
        LiveProbe probe;
        try {
            probe = Probe.start(config);
        } catch (CaptureSetupException e) {
            throw new FailureHandler.UsageProblem(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new FailureHandler.UsageProblem(e.getMessage());
        }
        ProbeMetricsServer metrics = metricsBindAddress.map(a -> startMetrics(probe, a)).orElse(null);
        spec.commandLine().getOut().println("capturing on " + config.iface().orElseThrow() + " as probe '"
                + probe.probeId() + "' - Ctrl-C stops");
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop(probe, metrics);
            print(probe.summary());
            stopped.countDown();
        }, "probe-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            probe.ended().join();
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            stop(probe, metrics);
            throw new IllegalStateException("capture stopped: " + e.getCause().getMessage(), e);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Serves /health and /metrics for {@code probe}; a bind failure stops the probe and is a usage error. */
    private ProbeMetricsServer startMetrics(LiveProbe probe, InetSocketAddress address) {
        try {
            ProbeMetricsServer server = ProbeMetricsServer.start(probe, address);
            InetSocketAddress bound = server.address();
            String where = bound.getAddress().getHostAddress() + ":" + bound.getPort();
            var out = spec.commandLine().getOut();
            out.println("metrics: GET /health and /metrics on http://" + where);
            if (!bound.getAddress().isLoopbackAddress()) {
                out.println("notice: --metrics-bind " + where + " is not loopback: the probe's counters "
                        + "(no packet data) are readable from the network");
            }
            out.flush();
            return server;
        } catch (IOException | RuntimeException e) {
            probe.close();
            throw new FailureHandler.UsageProblem("cannot serve metrics on --metrics-bind " + metricsBind.trim()
                    + ": " + e.getMessage());
        }
    }

    /** Stops the capture first (so /health reports DOWN while Kafka drains), then the endpoint. */
    private static void stop(LiveProbe probe, ProbeMetricsServer metrics) {
        try {
            probe.close();
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    private void runFiles(ProbeConfig config) {
        for (Path file : config.pcapFiles()) {
            try {
                print(Probe.runFile(config, file));
            } catch (CaptureFormatException e) {
                throw new FailureHandler.UsageProblem(e.getMessage()
                        + " (packets before that offset were published)");
            } catch (IOException e) {
                throw new FailureHandler.UsageProblem("cannot read capture file " + file + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replaying " + file, e);
            }
        }
    }

    private void print(ProbeSummary s) {
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s [%s]: %d packets seen, %d decoded, skipped %s; %d published, %d send errors, "
                        + "%d dropped (buffer full); kernel drops %d of %d received; capture time %s .. %s; "
                        + "%.1f bytes/record to Kafka; %.0f packets/s%n",
                s.source(), s.probeId(), s.packetsSeen(), s.packetsDecoded(), s.skippedByReason(),
                s.recordsPublished(), s.sendErrors(), s.bufferDrops().packets(), s.kernel().dropped(),
                s.kernel().received(),
                time(s.firstTsMicros()), time(s.lastTsMicros()), s.bytesPerRecord(), s.packetsPerSecond());
        out.flush();
    }

    private static String time(Long micros) {
        return micros == null ? "-" : Instant.EPOCH.plusNanos(micros * 1000).toString();
    }

    /** The effective configuration, one line, only what applies to this mode. */
    static String describe(ProbeConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", c.isLive() ? "live" : "files");
        c.iface().ifPresent(i -> m.put("iface", i));
        if (!c.isLive()) {
            m.put("pcap", c.pcapFiles());
        }
        m.put("probeId", c.isLive() ? c.liveProbeId() : c.probeId().orElse("<file base name>"));
        m.put("bootstrap", c.bootstrap());
        if (c.isLive()) {
            m.put("filter", c.filter());
            m.put("snaplen", c.snaplen());
            m.put("promisc", c.promiscuous());
            m.put("captureBuffer", c.captureBufferBytes());
            m.put("immediate", c.immediate());
            m.put("readTimeoutMs", c.readTimeoutMillis());
        } else {
            m.put("replaySpeed", c.replaySpeed());
        }
        m.put("statsInterval", c.statsInterval());
        m.put("heartbeatInterval", c.heartbeatInterval());
        m.put("vlanInKey", c.vlanInKey());
        m.put("validateChecksums", c.validateChecksums());
        m.put("maxBufferBytes", c.maxBufferBytes());
        m.put("maxBufferRecords", c.maxBufferRecords());
        m.put("senderThreads", c.senderThreads());
        m.put("whenBufferFull", c.isLive() ? "drop and count" : "wait (back-pressure)");
        // the Kafka security settings are among the overrides: never print a password or the JAAS line
        m.put("producerOverrides", KafkaSecurityOptions.masked(c.producerOverrides()));
        m.put("headersTopic", c.headersTopic());
        m.put("statsTopic", c.statsTopic());
        return m.toString();
    }
}
