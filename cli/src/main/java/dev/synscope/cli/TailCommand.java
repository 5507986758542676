package dev.synscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.Topics;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.query.http.AvroJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code synscope tail anomalies}: follows the anomalies topic and prints one human-readable line
 * per anomaly (coloured by severity on a terminal), or CSV / JSON lines. Reads every partition
 * itself (no consumer group, nothing committed), committed records only.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Follow anomalies as they are raised: synscope tail anomalies")
final class TailCommand implements Runnable {

    static final List<String> COLUMNS = List.of("time", "severity", "type", "originator", "responder", "probe", "uid",
            "likely_cause");
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", description = "anomalies (the only stream to tail)")
    String what;

    @Option(names = "--bootstrap", defaultValue = "${env:SYNSCOPE_BOOTSTRAP:-127.0.0.1:9092}", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env SYNSCOPE_BOOTSTRAP; default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "${env:SYNSCOPE_ANOMALIES_TOPIC:-" + Topics.ANOMALIES + "}",
            paramLabel = "TOPIC", description = "Anomalies topic (env SYNSCOPE_ANOMALIES_TOPIC; default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--from-beginning", defaultValue = "${env:SYNSCOPE_FROM_BEGINNING:-false}",
            description = "Start with the oldest anomaly on the topic instead of new ones (env SYNSCOPE_FROM_BEGINNING).")
    boolean fromBeginning;

    @Option(names = {"-o", "--output"}, defaultValue = "${env:SYNSCOPE_OUTPUT:-table}", paramLabel = "FORMAT",
            description = "table (one readable line each), csv or json (one object per line) "
                    + "(env SYNSCOPE_OUTPUT; default ${DEFAULT-VALUE}).")
    TabularOutput.Format output;

    @Option(names = "--color", defaultValue = "${env:SYNSCOPE_COLOR:-auto}", paramLabel = "WHEN",
            description = "auto (when stdout is a terminal), always or never (env SYNSCOPE_COLOR; default ${DEFAULT-VALUE}).")
    String color;

    @Option(names = "--max", defaultValue = "${env:SYNSCOPE_MAX:-0}", paramLabel = "N",
            description = "Stop after N anomalies (0 = follow until interrupted; env SYNSCOPE_MAX).")
    long max;

    @Option(names = "--timeout", defaultValue = "${env:SYNSCOPE_TAIL_TIMEOUT:-0s}", paramLabel = "DURATION",
            description = "Stop after this long (e.g. 30s; 0s = never; env SYNSCOPE_TAIL_TIMEOUT).")
    String timeout;

    @Override
    public void run() {
        if (!"anomalies".equals(what)) {
            throw new FailureHandler.UsageProblem("only 'anomalies' can be tailed, not '" + what + "'");
        }
        boolean colour = switch (color) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> System.console() != null && System.getenv("NO_COLOR") == null;
            default -> throw new FailureHandler.UsageProblem("--color is auto, always or never, not " + color);
        };
        Duration limit = DurationConverter.parse("--timeout", timeout);
        spec.commandLine().getErr().println("tail: " + topic + " on " + bootstrap + (fromBeginning ? " from the beginning"
                : " from now") + ", output " + output + (colour ? ", colour" : "")
                + (max > 0 ? ", stop after " + max : "") + (limit.isZero() ? "" : ", stop after " + limit));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                consumer.wakeup();
                try {
                    main.join(5_000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                follow(consumer, out, colour, limit);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
        }
    }

    private void follow(KafkaConsumer<byte[], byte[]> consumer, PrintWriter out, boolean colour, Duration limit) {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrap
                    + " (is the streams app running? set --topic / --bootstrap)");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        if (output == TabularOutput.Format.csv) {
            out.println(TabularOutput.csvRow(COLUMNS));
        }
        long deadline = limit.isZero() ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        long printed = 0;
        try {
            while (System.nanoTime() < deadline && (max == 0 || printed < max)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    AnomalyEvent e;
                    try {
                        e = SynScopeSerdes.ANOMALY_EVENT.deserializer().deserialize(r.topic(), r.value());
                    } catch (RuntimeException bad) {
                        spec.commandLine().getErr().println("tail: skipped undecodable record " + r.topic() + "-"
                                + r.partition() + "@" + r.offset() + ": " + bad.getMessage());
                        continue;
                    }
                    out.println(format(AvroJson.toJson(e), colour));
                    out.flush();
                    if (max > 0 && ++printed >= max) {
                        break;
                    }
                }
            }
        } catch (WakeupException stopped) {
            // Ctrl-C
        }
    }

    private String format(JsonNode a, boolean colour) {
        return switch (output) {
            case json -> a.toString();
            case csv -> TabularOutput.csvRow(columns(a));
            case table -> line(a, colour);
        };
    }

    /** One readable line: time, severity, type, endpoints, probe, likely cause. */
    static String line(JsonNode a, boolean colour) {
        List<String> c = columns(a);
        String severity = String.format("%-8s", c.get(1));
        if (colour) {
            String code = switch (c.get(1)) {
                case "CRITICAL" -> "\u001b[1;31m";
                case "MAJOR" -> "\u001b[31m";
                case "WARNING" -> "\u001b[33m";
                default -> "\u001b[36m";
            };
            severity = code + severity + "\u001b[0m";
        }
        return c.get(0) + " " + severity + " " + String.format("%-20s", c.get(2)) + " " + c.get(3) + " -> " + c.get(4)
                + ("-".equals(c.get(5)) ? "" : " [" + c.get(5) + "]") + "  " + c.get(7);
    }

    static List<String> columns(JsonNode a) {
        return List.of(QueryCommand.time(a.path("tsMicros")), a.path("severity").asText(), a.path("type").asText(),
                endpoint(a.path("origH"), a.path("origP")), endpoint(a.path("respH"), a.path("respP")),
                text(a.path("vantageProbe")), text(a.path("uid")), a.path("likelyCause").asText());
    }

    private static String endpoint(JsonNode host, JsonNode port) {
        if (host.isNull() || host.isMissingNode()) {
            return "-";
        }
        String h = host.asText().indexOf(':') >= 0 ? "[" + host.asText() + "]" : host.asText();
        return port.isNull() || port.isMissingNode() ? h : h + ":" + port.asText();
    }

    private static String text(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? "-" : n.asText();
    }
}
