package dev.synscope.it.scaleout;

import dev.synscope.kafka.embedded.LocalKafkaCluster;
import dev.synscope.kafka.embedded.LocalKafkaClusterConfig;
import dev.synscope.probe.Probe;
import dev.synscope.probe.ProbeConfig;
import dev.synscope.probe.ProbeSummary;
import dev.synscope.schema.Topics;
import dev.synscope.streams.config.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The scale-out benchmark (not a test; run by {@code bench/scale-bench.sh}): how the streams app's
 * throughput grows with 1, 2, 3 instances on the same input, the headers topic's 6 partitions being
 * the bound.
 *
 * <p>The capture is published once to the headers topic; then, for each instance count, a fresh
 * application id (so the same input, from offset 0) runs with that many {@code synscope streams}
 * instances in their own JVMs, each limited to {@code coresPerInstance} cores: pinned with
 * {@code taskset} to its own cores (round robin over the machine's cores; on a machine with fewer
 * cores than instances x cores, instances share) and told so with {@code -XX:ActiveProcessorCount}.
 * Measured per run: wall time from all instances RUNNING until every input record is committed
 * (exactly-once), the header records processed in that time, and the instances' CPU time (user +
 * system from /proc) per record, which does not depend on how busy the machine is.
 *
 * <p>Arguments: {@code capture.pcap outDir instanceCounts(1,2,3) coresPerInstance brokers}.
 */
public final class ScaleBench {

    private static final int PARTITIONS = 6;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        Path capture = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Integer> counts = java.util.Arrays.stream(args[2].split(",")).map(Integer::parseInt).toList();
        int cores = Integer.parseInt(args[3]);
        int brokers = Integer.parseInt(args[4]);
        int machineCores = Runtime.getRuntime().availableProcessors();
        Files.createDirectories(out);
        List<String> results = new ArrayList<>();
        say(results, "machine: " + machineCores + " cores; capture " + capture.getFileName() + "; " + brokers
                + " broker(s), " + PARTITIONS + " partitions; each instance: " + cores + " core(s) (taskset), "
                + cores + " stream thread(s), exactly_once_v2, no standby; load average at start: " + loadAverage());
        for (int n : counts) {
            results.add(run(n, capture, out.resolve("run-" + n), cores, brokers, machineCores));
            System.out.println(results.get(results.size() - 1));
        }
        Files.write(out.resolve("scale-results.txt"), results);
    }

    /**
     * One measurement on a fresh cluster: N instances started and settled (group stable with N
     * members) before any input exists, then the capture is published and the clock runs until every
     * record is committed. Startup and rebalancing are thereby outside the measured time.
     */
    private static String run(int n, Path capture, Path dir, int cores, int brokers, int machineCores)
            throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(LocalKafkaClusterConfig.defaults()
                .withNodes(brokers).withPartitions(PARTITIONS).withBaseDir(dir.resolve("kafka"), false)
                .withJvmOptions(List.of("-Xms512m", "-Xmx1g", "-XX:+UseG1GC")))) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(cluster.topic(Topics.HEADERS, Map.of()));
            topics.add(cluster.topic(Topics.PROBE_STATS, Map.of("cleanup.policy", "compact")));
            TopicNames.defaults().outputs().forEach(s -> topics.add(cluster.topic(s.name(), s.configs())));
            cluster.createTopics(topics);
            String bootstrap = cluster.bootstrapServers();
            String app = "bench-" + n;
            List<StreamsInstance> instances = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    String name = "bench-" + n + "-" + (i + 1);
                    List<String> flags = List.of("--bootstrap", bootstrap, "--application-id", app,
                            "--state-dir", dir.resolve("state").resolve(name).toString(),
                            "--threads", Integer.toString(cores), "--wall-clock-idle-advance", "0s",
                            "--streams-property", "session.timeout.ms=6000,heartbeat.interval.ms=1000");
                    StreamsInstance s = StreamsInstance.start(name, flags, Map.of(), dir.resolve(name + ".log"),
                            List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:ActiveProcessorCount=" + cores));
                    pin(s.pid(), cpuList(i, cores, machineCores));
                    instances.add(s);
                }
                for (StreamsInstance s : instances) {
                    s.awaitReady(Duration.ofMinutes(5));
                }
                awaitStableGroup(bootstrap, app, n);
                long cpuBefore = cpuTicks(instances);
                long begin = System.nanoTime();
                ProbeSummary probe = Probe.runFile(ProbeConfig.files(bootstrap, List.of(capture))
                        .withTopics(Topics.HEADERS, Topics.PROBE_STATS), capture);
                long published = System.nanoTime();
                GroupProgress.awaitCaughtUp(Map.of("bootstrap.servers", bootstrap), app, Topics.HEADERS, TIMEOUT);
                long end = System.nanoTime();
                long records = headerRecords(bootstrap);
                double seconds = (end - begin) / 1e9;
                double cpuSeconds = (cpuTicks(instances) - cpuBefore) / (double) clockTicksPerSecond();
                return String.format(Locale.ROOT, "instances=%d: %,d header records processed and committed in "
                                + "%.2f s = %,.0f records/s (probe published them in %.2f s); instances' CPU %.1f s = "
                                + "%.1f us/record; load average %s", n, records, seconds, records / seconds,
                        (published - begin) / 1e9, cpuSeconds, cpuSeconds * 1e6 / records, loadAverage());
            } finally {
                instances.forEach(StreamsInstance::close);
            }
        }
    }

    /** Waits until the group is STABLE with {@code members} members: no rebalance left to disturb the run. */
    private static void awaitStableGroup(String bootstrap, String group, int members) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            while (System.nanoTime() < deadline) {
                var d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                if (d.groupState() == org.apache.kafka.common.GroupState.STABLE && d.members().size() == members
                        && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("group " + group + " not stable with " + members + " members");
    }

    private static void say(List<String> results, String line) {
        System.out.println(line);
        results.add(line);
    }

    /** Cores of instance {@code i}: the next {@code cores} cores round robin, so instances share only when they must. */
    static String cpuList(int i, int cores, int machineCores) {
        List<String> cpus = new ArrayList<>();
        for (int c = 0; c < cores; c++) {
            cpus.add(Integer.toString((i * cores + c) % machineCores));
        }
        return String.join(",", cpus);
    }

    /** taskset -a: every thread of the JVM, also those it starts later (they inherit the mask). */
    private static void pin(long pid, String cpus) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("taskset failed for pid " + pid);
        }
    }

    private static long headerRecords(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                request.put(new TopicPartition(Topics.HEADERS, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    /** utime + stime of the instances' JVMs, in clock ticks (/proc/PID/stat fields 14 and 15). */
    private static long cpuTicks(List<StreamsInstance> instances) throws IOException {
        long sum = 0;
        for (StreamsInstance s : instances) {
            String stat = Files.readString(Path.of("/proc", Long.toString(s.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return sum;
    }

    private static long clockTicksPerSecond() {
        return 100; // USER_HZ on Linux x86_64 and arm64
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
