package dev.synscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: {@code synscope demo --no-serve} prints the report, not Kafka's log lines. Runs the packaged
 * command (target/synscope-cli.jar and target/lib, as the launcher does) in its own JVM, so the real
 * logback.xml applies, not the tests' logback-test.xml.
 */
class DemoQuietIT {

    /** A text log line: ISO-8601 time, level, logger (logback.xml's synscope-log-text.xml pattern). */
    private static final Pattern LOG_LINE =
            Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) +(\\S+) +(\\S+) - .*");

    @Test
    void theDemoPrintsItsReportAndNoKafkaLogLines(@TempDir Path dir) throws Exception {
        Run run = demo(dir, Map.of());
        assertThat(run.exit).as("exit code; stderr:%n%s", String.join("\n", run.stderr)).isZero();
        List<String> all = new ArrayList<>(run.stdout);
        all.addAll(run.stderr);
        System.out.printf("demo --no-serve: %d stdout lines, %d stderr lines%n", run.stdout.size(), run.stderr.size());
        run.stderr.forEach(l -> System.out.println("  stderr: " + l));

        // the report is there
        assertThat(run.stdout).anyMatch(l -> l.startsWith("Connections at the last packet:"));
        assertThat(run.stdout).anyMatch(l -> l.startsWith("By conn_state"));
        assertThat(run.stdout).anyMatch(l -> l.contains("CONNECTION_REFUSED"));
        // no Kafka log line at any level, and no WARN line from anyone but us
        List<String> kafka = new ArrayList<>();
        List<String> foreignWarn = new ArrayList<>();
        for (String line : all) {
            var m = LOG_LINE.matcher(line);
            boolean ours = m.matches() && (m.group(3).startsWith("d.s.") || m.group(3).startsWith("dev.synscope"));
            if (m.matches() && !ours) {
                kafka.add(line);
            }
            // any WARN line, whatever its format (logback, log4j's status logger, JUL), unless one of ours
            if ((line.contains(" WARN ") || line.startsWith("WARN ") || line.contains("WARNING:")) && !ours) {
                foreignWarn.add(line);
            }
        }
        assertThat(foreignWarn).as("WARN lines not from SynScope").isEmpty();
        assertThat(kafka).as("log lines from Kafka").isEmpty();
    }

    @Test
    void verboseShowsKafkaWarningsAndJsonFormatIsOneObjectPerLine(@TempDir Path dir) throws Exception {
        Run run = demo(dir, Map.of("SYNSCOPE_LOG_FORMAT", "json", "SYNSCOPE_VERBOSE", "true"));
        assertThat(run.exit).as("exit code; stderr:%n%s", String.join("\n", run.stderr)).isZero();
        assertThat(run.stdout).anyMatch(l -> l.startsWith("Connections at the last packet:"));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.stderr) {
            events.add(json.readTree(line)); // throws on anything but one JSON object per line
        }
        System.out.printf("demo --no-serve, verbose, json: %d stderr lines, first: %s%n", run.stderr.size(),
                run.stderr.isEmpty() ? "-" : run.stderr.get(0));
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.isObject()).isTrue();
            Instant.parse(e.get("timestamp").asText()); // ISO-8601
            assertThat(e.get("timestamp").asText()).endsWith("Z");
            assertThat(e.get("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(e.has("loggerName")).isTrue();
            assertThat(e.has("formattedMessage")).isTrue();
        });
        // verbose: what the default hides is back (Kafka's warnings, our embedded broker's INFO line)
        assertThat(events).anyMatch(e -> e.get("loggerName").asText().startsWith("org.apache.kafka")
                && e.get("level").asText().equals("WARN"));
        assertThat(events).anyMatch(e -> e.get("loggerName").asText().startsWith("dev.synscope.kafka.embedded")
                && e.get("formattedMessage").asText().contains("started"));
    }

    private record Run(int exit, List<String> stdout, List<String> stderr) {
    }

    private static Run demo(Path dir, Map<String, String> env) throws IOException, InterruptedException {
        Path module = Path.of("").toAbsolutePath();
        Path jar = module.resolve("target/synscope-cli.jar");
        assertThat(jar).as("the packaged cli (run by failsafe after package)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Dsynscope.home=" + module.getParent(),
                "-cp", jar + File.pathSeparator + module.resolve("target/lib") + File.separator + "*",
                "dev.synscope.cli.SynScope", "demo", "--no-serve");
        pb.environment().keySet().removeIf(k -> k.startsWith("SYNSCOPE_"));
        pb.environment().putAll(env);
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("demo did not finish in 5 minutes");
        }
        return new Run(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }
}
