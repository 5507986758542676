package dev.synscope.cli;

import dev.synscope.streams.report.AnalysisResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synscope demo}: the main job on the embedded default. The captures in deploy/demo were made
 * in our network-namespace lab with tcpdump (lab/make-demo-capture.sh): the article's
 * failures - a normal HTTP exchange, a refused connection, a dropped SYN, an ICMP host unreachable,
 * a firewall's forged RST, a CLOSE_WAIT leak, many short connections, a SYN burst - seen from the
 * client and from the server.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
                "Start an embedded Kafka broker and run the whole pipeline on the captures shipped in deploy/demo/",
                "(the article's failures, recorded from the client and the server), then print what SynScope found."})
final class DemoCommand implements Callable<Integer>, Logging.Report {

    static final List<String> DEMO_FILES = List.of("demo-client.pcap", "demo-server.pcap");

    @Option(names = "--dir", defaultValue = "${env:SYNSCOPE_DEMO_DIR}",
            description = "Folder holding the demo captures (env SYNSCOPE_DEMO_DIR; default: deploy/demo of this checkout).")
    Path dir;

    @Option(names = "--states", paramLabel = "CSV", description = "Also write the connection table as CSV.")
    Path statesFile;

    @Option(names = "--conn-log", paramLabel = "TSV", description = "Also write Zeek's conn.log TSV.")
    Path connLogFile;

    @Option(names = "--anomalies", paramLabel = "JSONL", description = "Also write the anomalies as JSON lines.")
    Path anomaliesFile;

    @Option(names = "--serve", negatable = true,
            description = {"After the report, run the pipeline over the captures again and serve the NOC page and",
                    "query API with the tables as they stood at the last packet, until Ctrl-C.",
                    "Default: on when run in a terminal, off otherwise (scripts, CI). --no-serve: report only."})
    Boolean serve;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "With --serve: the query API and NOC page%n")
    ApiOptions api = new ApiOptions();

    @Override
    public Integer call() throws Exception {
        Path folder = dir != null ? dir : Path.of(System.getProperty("synscope.home", "."), "deploy", "demo");
        List<Path> files = DEMO_FILES.stream().map(folder::resolve).toList();
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                throw new FailureHandler.UsageProblem("demo capture " + f + " not found; run from the SynScope "
                        + "checkout or pass --dir");
            }
        }
        System.out.println("SynScope demo: the article's TCP failures, captured in our lab from two vantage points");
        System.out.println("  " + files);
        AnalysisPipeline pipeline = new AnalysisPipeline(
                new AnalysisPipeline.Options(files, Optional.empty(), 4, Duration.ofMinutes(5)), System.out);
        AnalysisResult result = pipeline.run();
        AnalyzeCommand.report(result, statesFile, connLogFile, anomaliesFile);
        boolean interactive = System.console() != null;
        if (serve == null ? interactive : serve) {
            System.out.println();
            System.out.println("Serving the NOC view: the report above finalized every connection, so the pipeline runs "
                    + "once more and stops at the last packet...");
            pipeline.serve(api);
        } else if (serve == null) {
            System.out.println();
            System.out.println("To browse the result: ./synscope demo --serve  (NOC page and query API, Ctrl-C stops it)");
        }
        return 0;
    }
}
