package dev.synscope.probe;

import dev.synscope.probe.capture.LiveCaptureSettings;
import dev.synscope.probe.publish.PublishSettings;
import dev.synscope.schema.Topics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a probe run needs, with defaults. Either {@code iface} (live) or {@code pcapFiles}.
 *
 * @param probeId           vantage point id; empty = host name (live) or the file's base name (files)
 * @param iface             interface to capture on, {@code any} for all
 * @param pcapFiles         pcap/pcapng files to replay, each its own vantage point, in order
 * @param bootstrap         Kafka bootstrap servers
 * @param filter            BPF filter (live only)
 * @param snaplen           bytes captured per packet (live only)
 * @param promiscuous       promiscuous mode (live only)
 * @param captureBufferBytes kernel capture buffer (live only)
 * @param immediate         immediate mode (live only)
 * @param readTimeoutMillis libpcap read timeout (live only)
 * @param replaySpeed       1.0 = recorded speed, 0 = as fast as possible (files only)
 * @param statsInterval     wall-clock interval between ProbeStats records
 * @param heartbeatInterval heartbeat interval: of capture time for files, of wall-clock time live
 * @param vlanInKey         put the outer VLAN id in the connection key
 * @param validateChecksums skip TCP segments captured whole whose checksum is wrong, counted as bad_tcp_checksum
 *                          (Zeek without -C); off by default: a host's own outgoing segments are captured before
 *                          checksum offload fills the checksum in
 * @param producerOverrides Kafka producer properties overriding the probe's choices
 * @param maxBufferBytes    bound of the send buffer in bytes
 * @param maxBufferRecords  bound of the send buffer in records
 * @param headersTopic      headers topic (tests use their own)
 * @param statsTopic        stats topic
 * @param closeTimeout      how long closing waits for Kafka to acknowledge what is pending
 * @param senderThreads     Kafka sender threads (one producer each), partitions split among them
 */
public record ProbeConfig(Optional<String> probeId, Optional<String> iface, List<Path> pcapFiles, String bootstrap,
                          String filter, int snaplen, boolean promiscuous, int captureBufferBytes, boolean immediate,
                          int readTimeoutMillis, double replaySpeed, Duration statsInterval,
                          Duration heartbeatInterval, boolean vlanInKey, boolean validateChecksums,
                          Map<String, String> producerOverrides,
                          long maxBufferBytes, long maxBufferRecords, String headersTopic, String statsTopic,
                          Duration closeTimeout, int senderThreads) {

    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    public ProbeConfig {
        pcapFiles = List.copyOf(pcapFiles);
        producerOverrides = Map.copyOf(producerOverrides);
        if (iface.isPresent() == !pcapFiles.isEmpty()) {
            throw new IllegalArgumentException("give either an interface or capture files, not "
                    + (iface.isPresent() ? "both" : "neither"));
        }
        if (replaySpeed < 0 || Double.isNaN(replaySpeed)) {
            throw new IllegalArgumentException("replay speed must be >= 0, not " + replaySpeed);
        }
        if (statsInterval.isNegative() || statsInterval.isZero() || heartbeatInterval.isNegative()
                || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("stats and heartbeat intervals must be positive");
        }
        probeId.ifPresent(id -> {
            if (id.isBlank()) {
                throw new IllegalArgumentException("probe id must not be blank");
            }
        });
    }

    /** A live capture on {@code iface} with every default. */
    public static ProbeConfig live(String bootstrap, String iface) {
        return new ProbeConfig(Optional.empty(), Optional.of(iface), List.of(), bootstrap,
                LiveCaptureSettings.DEFAULT_FILTER, LiveCaptureSettings.DEFAULT_SNAPLEN, false,
                LiveCaptureSettings.DEFAULT_BUFFER_BYTES, true, LiveCaptureSettings.DEFAULT_TIMEOUT_MILLIS, 0,
                DEFAULT_STATS_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL, false, false, Map.of(),
                PublishSettings.DEFAULT_MAX_BUFFER_BYTES, PublishSettings.DEFAULT_MAX_BUFFER_RECORDS, Topics.HEADERS,
                Topics.PROBE_STATS, DEFAULT_CLOSE_TIMEOUT, PublishSettings.DEFAULT_SENDER_THREADS);
    }

    /** A replay of {@code files}, as fast as possible, with every default. */
    public static ProbeConfig files(String bootstrap, List<Path> files) {
        return new ProbeConfig(Optional.empty(), Optional.empty(), files, bootstrap,
                LiveCaptureSettings.DEFAULT_FILTER, LiveCaptureSettings.DEFAULT_SNAPLEN, false,
                LiveCaptureSettings.DEFAULT_BUFFER_BYTES, true, LiveCaptureSettings.DEFAULT_TIMEOUT_MILLIS, 0,
                DEFAULT_STATS_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL, false, false, Map.of(),
                PublishSettings.DEFAULT_MAX_BUFFER_BYTES, PublishSettings.DEFAULT_FILE_BUFFER_RECORDS, Topics.HEADERS,
                Topics.PROBE_STATS, DEFAULT_CLOSE_TIMEOUT, PublishSettings.DEFAULT_SENDER_THREADS);
    }

    public boolean isLive() {
        return iface.isPresent();
    }

    /** Probe id for a live capture: the configured one, else the host name. */
    public String liveProbeId() {
        return probeId.orElseGet(ProbeConfig::hostName);
    }

    /** Probe id for one file: the configured one, else the file's name without its extension. */
    public String fileProbeId(Path file) {
        return probeId.orElseGet(() -> {
            String name = String.valueOf(file.getFileName());
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        });
    }

    public LiveCaptureSettings captureSettings() {
        return new LiveCaptureSettings(iface.orElseThrow(), filter, snaplen, promiscuous, captureBufferBytes,
                immediate, readTimeoutMillis);
    }

    public PublishSettings publishSettings() {
        return new PublishSettings(bootstrap, headersTopic, statsTopic, producerOverrides, maxBufferBytes,
                maxBufferRecords, isLive(), vlanInKey, senderThreads);
    }

    public ProbeConfig withProbeId(String id) {
        return new ProbeConfig(Optional.ofNullable(id), iface, pcapFiles, bootstrap, filter, snaplen, promiscuous,
                captureBufferBytes, immediate, readTimeoutMillis, replaySpeed, statsInterval, heartbeatInterval,
                vlanInKey, validateChecksums, producerOverrides, maxBufferBytes, maxBufferRecords, headersTopic,
                statsTopic, closeTimeout, senderThreads);
    }

    public ProbeConfig withTopics(String headers, String stats) {
        return new ProbeConfig(probeId, iface, pcapFiles, bootstrap, filter, snaplen, promiscuous,
                captureBufferBytes, immediate, readTimeoutMillis, replaySpeed, statsInterval, heartbeatInterval,
                vlanInKey, validateChecksums,
                producerOverrides, maxBufferBytes, maxBufferRecords, headers, stats, closeTimeout,
                senderThreads);
    }

    public ProbeConfig withIntervals(Duration stats, Duration heartbeat) {
        return new ProbeConfig(probeId, iface, pcapFiles, bootstrap, filter, snaplen, promiscuous,
                captureBufferBytes, immediate, readTimeoutMillis, replaySpeed, stats, heartbeat, vlanInKey,
                validateChecksums, producerOverrides, maxBufferBytes, maxBufferRecords, headersTopic, statsTopic,
                closeTimeout, senderThreads);
    }

    public ProbeConfig withBuffer(long bytes, long records) {
        return new ProbeConfig(probeId, iface, pcapFiles, bootstrap, filter, snaplen, promiscuous,
                captureBufferBytes, immediate, readTimeoutMillis, replaySpeed, statsInterval, heartbeatInterval,
                vlanInKey, validateChecksums,
                producerOverrides, bytes, records, headersTopic, statsTopic, closeTimeout, senderThreads);
    }

    public ProbeConfig withProducerOverrides(Map<String, String> overrides) {
        return new ProbeConfig(probeId, iface, pcapFiles, bootstrap, filter, snaplen, promiscuous,
                captureBufferBytes, immediate, readTimeoutMillis, replaySpeed, statsInterval, heartbeatInterval,
                vlanInKey, validateChecksums,
                overrides, maxBufferBytes, maxBufferRecords, headersTopic, statsTopic, closeTimeout,
                senderThreads);
    }

    public ProbeConfig withReplaySpeed(double speed) {
        return new ProbeConfig(probeId, iface, pcapFiles, bootstrap, filter, snaplen, promiscuous,
                captureBufferBytes, immediate, readTimeoutMillis, speed, statsInterval, heartbeatInterval,
                vlanInKey, validateChecksums, producerOverrides, maxBufferBytes, maxBufferRecords, headersTopic,
                statsTopic, closeTimeout, senderThreads);
    }

    public ProbeConfig withCapture(String bpfFilter, int snapBytes, boolean promisc, int kernelBufferBytes,
                                   boolean immediateMode, int timeoutMillis) {
        return new ProbeConfig(probeId, iface, pcapFiles, bootstrap, bpfFilter, snapBytes, promisc,
                kernelBufferBytes, immediateMode, timeoutMillis, replaySpeed, statsInterval, heartbeatInterval,
                vlanInKey, validateChecksums, producerOverrides, maxBufferBytes, maxBufferRecords, headersTopic,
                statsTopic, closeTimeout, senderThreads);
    }

    public ProbeConfig withVlanInKey(boolean on) {
        return new ProbeConfig(probeId, iface, pcapFiles, bootstrap, filter, snaplen, promiscuous,
                captureBufferBytes, immediate, readTimeoutMillis, replaySpeed, statsInterval, heartbeatInterval, on,
                validateChecksums, producerOverrides, maxBufferBytes, maxBufferRecords, headersTopic, statsTopic,
                closeTimeout, senderThreads);
    }

    public ProbeConfig withValidateChecksums(boolean on) {
        return new ProbeConfig(probeId, iface, pcapFiles, bootstrap, filter, snaplen, promiscuous,
                captureBufferBytes, immediate, readTimeoutMillis, replaySpeed, statsInterval, heartbeatInterval,
                vlanInKey, on, producerOverrides, maxBufferBytes, maxBufferRecords, headersTopic, statsTopic,
                closeTimeout, senderThreads);
    }

    public ProbeConfig withCloseTimeout(Duration timeout) {
        return new ProbeConfig(probeId, iface, pcapFiles, bootstrap, filter, snaplen, promiscuous,
                captureBufferBytes, immediate, readTimeoutMillis, replaySpeed, statsInterval, heartbeatInterval,
                vlanInKey, validateChecksums,
                producerOverrides, maxBufferBytes, maxBufferRecords, headersTopic, statsTopic, timeout,
                senderThreads);
    }

    public ProbeConfig withSenderThreads(int threads) {
        return new ProbeConfig(probeId, iface, pcapFiles, bootstrap, filter, snaplen, promiscuous,
                captureBufferBytes, immediate, readTimeoutMillis, replaySpeed, statsInterval, heartbeatInterval,
                vlanInKey, validateChecksums,
                producerOverrides, maxBufferBytes, maxBufferRecords, headersTopic, statsTopic,
                closeTimeout, threads);
    }

    static String hostName() {
        String env = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return env != null && !env.isBlank() ? env : "probe";
        }
    }
}
