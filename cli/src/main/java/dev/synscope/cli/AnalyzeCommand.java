package dev.synscope.cli;

import dev.synscope.streams.report.AnalysisReport;
import dev.synscope.streams.report.AnalysisResult;
import dev.synscope.streams.report.AnomaliesJsonWriter;
import dev.synscope.streams.report.StatesCsvWriter;
import dev.synscope.streams.report.ZeekConnLogWriter;
import dev.synscope.streams.report.ZeekJsonConnLogWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code synscope analyze FILE...}: the whole real pipeline over capture files, then a report. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {
                "Run the whole pipeline (Kafka, probe, streams app) over pcap/pcapng files and print a report:",
                "connections by conn_state and endpoint state, anomalies with their evidence, top endpoints.",
                "Each file is one vantage point, named after the file."})
final class AnalyzeCommand implements Callable<Integer>, Logging.Report {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "pcap or pcapng capture files")
    List<Path> files;

    @Option(names = "--states", paramLabel = "CSV",
            description = "Write the connection table as it stood at the last packet (one row per connection "
                    + "and vantage) as CSV.")
    Path statesFile;

    @Option(names = "--conn-log", paramLabel = "FILE",
            description = "Write the finished connections as Zeek's conn.log (format: --conn-log-format).")
    Path connLogFile;

    @Option(names = "--conn-log-format", defaultValue = "zeek", paramLabel = "FORMAT",
            description = "zeek (Zeek's TSV conn.log) or zeek-json (Zeek's JSON conn.log, LogAscii::use_json=T, "
                    + "with community_id and synscope.* fields) (default ${DEFAULT-VALUE}).")
    String connLogFormat;

    @Option(names = "--anomalies", paramLabel = "JSONL", description = "Write the anomalies as JSON lines.")
    Path anomaliesFile;

    @Option(names = "--bootstrap", defaultValue = "${env:SYNSCOPE_ANALYZE_BOOTSTRAP}", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of the embedded broker (env SYNSCOPE_ANALYZE_BOOTSTRAP, not "
                    + "the services' SYNSCOPE_BOOTSTRAP: a deployment's environment must not send analyze to its cluster); "
                    + "the run gets its own topics.")
    String bootstrap;

    @Option(names = "--partitions", defaultValue = "${env:SYNSCOPE_PARTITIONS:-4}",
            description = "Partitions of the embedded broker's topics (env SYNSCOPE_PARTITIONS; default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--timeout", defaultValue = "${env:SYNSCOPE_ANALYZE_TIMEOUT:-PT5M}",
            description = "Give up when a stage takes longer (ISO-8601, env SYNSCOPE_ANALYZE_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new FailureHandler.UsageProblem("--partitions must be at least 1");
        }
        if (!CONN_LOG_FORMATS.contains(connLogFormat)) {
            throw new FailureHandler.UsageProblem("--conn-log-format is zeek or zeek-json, not " + connLogFormat);
        }
        AnalysisPipeline.Options options = new AnalysisPipeline.Options(files,
                Optional.ofNullable(bootstrap).filter(b -> !b.isBlank()), partitions, timeout);
        System.out.println("analyze: files=" + files + " bootstrap=" + options.bootstrap().orElse("embedded")
                + " partitions=" + partitions + " timeout=" + timeout);
        AnalysisResult result = new AnalysisPipeline(options, System.out).run();
        report(result, statesFile, connLogFile, connLogFormat, anomaliesFile);
        return 0;
    }

    /** The formats of --conn-log. */
    static final List<String> CONN_LOG_FORMATS = List.of("zeek", "zeek-json");

    /** Prints the report and writes whichever files were asked for (the conn-log as Zeek's TSV). */
    static void report(AnalysisResult result, Path states, Path connLog, Path anomalies) throws IOException {
        report(result, states, connLog, "zeek", anomalies);
    }

    /** Prints the report and writes whichever files were asked for; {@code connLogFormat} zeek or zeek-json. */
    static void report(AnalysisResult result, Path states, Path connLog, String connLogFormat, Path anomalies)
            throws IOException {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        out.println();
        AnalysisReport.print(result, out);
        out.flush();
        if (states != null) {
            try (Writer w = Files.newBufferedWriter(states, StandardCharsets.UTF_8)) {
                StatesCsvWriter.write(result.connections(), w);
            }
            System.out.println("connection states written to " + states);
        }
        if (connLog != null) {
            try (Writer w = Files.newBufferedWriter(connLog, StandardCharsets.UTF_8)) {
                if (connLogFormat.equals("zeek-json")) {
                    ZeekJsonConnLogWriter.write(result.connLog(), w);
                } else {
                    ZeekConnLogWriter.write(result.connLog(), w, Instant.now(), Instant.now());
                }
            }
            System.out.println("conn.log (" + connLogFormat + ") written to " + connLog);
        }
        if (anomalies != null) {
            try (Writer w = Files.newBufferedWriter(anomalies, StandardCharsets.UTF_8)) {
                AnomaliesJsonWriter.write(result.anomalies(), w);
            }
            System.out.println("anomalies written to " + anomalies);
        }
    }
}
