package dev.synscope.cli;

import dev.synscope.kafka.embedded.LocalKafkaBroker;
import dev.synscope.kafka.embedded.LocalKafkaConfig;
import dev.synscope.lab.exec.CommandRunner;
import dev.synscope.lab.judge.LabReport;
import dev.synscope.lab.net.LabNetwork;
import dev.synscope.lab.net.LabPreconditions;
import dev.synscope.lab.net.LabScripts;
import dev.synscope.lab.pipeline.LabPipeline;
import dev.synscope.lab.pipeline.SynScopeLab;
import dev.synscope.lab.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synscope lab}: issue 6's lab on this machine's own Linux TCP stack. Builds the client,
 * firewall and server network namespaces, starts an embedded Kafka broker, the streams app and its
 * NOC page, captures at the client and server vantage points for the whole session, provokes the
 * article's ten failures one after the other, and after each one shows what SynScope said next to
 * what was expected and what the kernel ({@code ss} in each namespace) says the states were.
 * Needs root (network namespaces).
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Run the article's ten TCP failures on this machine's kernel in network namespaces, with"
                + " SynScope diagnosing them as they happen (NOC page on --api-bind) and the kernel (ss) judging every"
                + " state it reports, both ways (a state SynScope claims for a socket ss does not list counts as"
                + " against CLOSED). Prints the table: scenario, expected diagnosis, what SynScope said, two-sided"
                + " kernel agreement; then the two-sided table; exits 0 only when every scenario passes. Needs root.")
final class LabCommand implements Callable<Integer>, Logging.Report {

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            defaultValue = "${env:SYNSCOPE_SCENARIOS:-all}",
            description = "Scenarios to run, comma-separated lab.sh names (normal-close, syn-dropped, ...), or 'all'"
                    + " (env SYNSCOPE_SCENARIOS; default ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--prefix", defaultValue = "${env:SYNSCOPE_PREFIX:-sslab}",
            description = "Network namespace prefix: PREFIX-client, PREFIX-fw, PREFIX-server (env SYNSCOPE_PREFIX;"
                    + " default ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--lab-dir", defaultValue = "${env:SYNSCOPE_LAB_DIR}", paramLabel = "DIR",
            description = "The lab's scripts (lab) (env SYNSCOPE_LAB_DIR; default: lab of this checkout).")
    Path labDir;

    @Option(names = "--work-dir", defaultValue = "${env:SYNSCOPE_WORK_DIR}", paramLabel = "DIR",
            description = "Keep the session captures, kernel snapshots and server logs here (env SYNSCOPE_WORK_DIR;"
                    + " default: a temporary directory, deleted at the end).")
    Path workDir;

    @Option(names = "--serve", negatable = true,
            description = {"After the table, keep serving the NOC page and query API until Ctrl-C.",
                    "Default: on in a terminal, off otherwise (scripts, CI)."})
    Boolean serve;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "The query API and NOC page (loopback only)%n")
    ApiOptions api = new ApiOptions();

    @Override
    public Integer call() throws Exception {
        CommandRunner runner = new CommandRunner();
        Optional<String> problem = LabPreconditions.problem(runner);
        if (problem.isPresent()) {
            System.err.println("synscope lab: cannot run here: " + problem.get());
            return 1;
        }
        LabScripts scripts = scripts();
        List<Scenario> chosen = chosenScenarios();
        if (!api.enabled()) {
            throw new FailureHandler.UsageProblem("--api-bind off: the lab reads SynScope's table through its API;"
                    + " give a loopback HOST:PORT (e.g. 127.0.0.1:0 for any free port)");
        }
        ApiOptions.HostPort bind = ApiOptions.HostPort.parse("--api-bind", api.bind);
        boolean keep = workDir != null;
        Path work = keep ? Files.createDirectories(workDir) : Files.createTempDirectory("synscope-lab-");

        System.out.println("SynScope lab: " + chosen.size() + " scenario(s) on this kernel, judged by ss");
        System.out.println("  namespaces " + prefix + "-{client,fw,server}, scripts " + scripts.dir());
        System.out.println("  scenarios  " + chosen.stream().map(Scenario::scriptName).toList());
        System.out.println("  work dir   " + work + (keep ? "" : " (deleted at the end)"));
        System.out.println("  settings   " + SynScopeLab.SETTINGS);

        // Ctrl-C during a scenario must not leave namespaces behind
        Thread cleanup = new Thread(() -> LabNetwork.teardown(prefix, runner), "lab-teardown");
        Runtime.getRuntime().addShutdownHook(cleanup);
        long started = System.nanoTime();
        LocalKafkaBroker broker = null;
        try {
            System.out.print("Starting an embedded Kafka broker (KRaft)... ");
            System.out.flush();
            broker = LocalKafkaBroker.start(LocalKafkaConfig.defaults().withPartitions(1)
                    .withDataDir(work.resolve("kafka"), false));
            System.out.println("running at " + broker.bootstrapServers());
            LabPipeline.Settings settings = SynScopeLab.pipelineSettings(broker.bootstrapServers(),
                    "synscope.lab." + System.currentTimeMillis(), work.resolve("streams-state"), bind.host(),
                    bind.port(), SynScopeLab.SETTINGS);
            System.out.println("  " + settings.thresholds());
            LabReport report;
            try (LabPipeline pipeline = startPipeline(settings)) {
                System.out.println();
                System.out.println("NOC page and query API: " + pipeline.url()
                        + "  (open it now to watch the scenarios unfold)");
                System.out.println();
                report = SynScopeLab.run(pipeline, prefix, scripts, SynScopeLab.SETTINGS, chosen, work,
                        (scenario, row) -> System.out.printf("scenario %2d %-20s %s  expected: %s | SynScope: %s%n",
                                scenario.number(), scenario.scriptName(), row.passed() ? "PASS" : "FAIL",
                                row.verdict().expectedText(), row.verdict().saidText()));
                System.out.println();
                System.out.println(report.render());
                System.out.printf("Lab done in %d s: %s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                        report.allPassed() ? "every scenario diagnosed as expected, two-sided kernel agreement >= 99 %"
                                : "some scenarios FAILED (see the table)");
                if (keep) {
                    System.out.println("Captures (session-client.pcap, session-server.pcap) and ss snapshots in " + work);
                }
                if (serve == null ? System.console() != null : serve) {
                    System.out.println("Still serving " + pipeline.url() + " with the final tables; Ctrl-C stops it.");
                    CountDownLatch stop = new CountDownLatch(1);
                    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "lab-stop"));
                    stop.await();
                }
            }
            return report.allPassed() ? 0 : 1;
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (!keep) {
                deleteQuietly(work);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // shutting down already: the hook runs anyway
            }
        }
    }

    private static LabPipeline startPipeline(LabPipeline.Settings settings) {
        try {
            return LabPipeline.start(settings);
        } catch (IllegalArgumentException e) {
            throw new FailureHandler.UsageProblem(e.getMessage());
        }
    }

    private LabScripts scripts() {
        if (labDir != null) {
            LabScripts s = new LabScripts(labDir.toAbsolutePath());
            if (!Files.isRegularFile(s.lib("topology.sh"))) {
                throw new FailureHandler.UsageProblem("--lab-dir " + labDir + " holds no lib/topology.sh");
            }
            return s;
        }
        Path home = Path.of(System.getProperty("synscope.home", "."), "lab").toAbsolutePath();
        if (Files.isRegularFile(home.resolve("lib/topology.sh"))) {
            return new LabScripts(home);
        }
        return LabScripts.locate().orElseThrow(() -> new FailureHandler.UsageProblem(
                "the lab's scripts (lab/lib/topology.sh) were not found; run from the SynScope checkout or "
                        + "pass --lab-dir"));
    }

    private List<Scenario> chosenScenarios() {
        if (scenarios.size() == 1 && scenarios.get(0).equalsIgnoreCase("all")) {
            return List.of(Scenario.values());
        }
        List<Scenario> out = new ArrayList<>();
        for (String name : scenarios) {
            out.add(Scenario.byScriptName(name.strip()).orElseThrow(() -> new FailureHandler.UsageProblem(
                    "--scenarios: unknown scenario '" + name + "'; one of "
                            + Stream.of(Scenario.values()).map(Scenario::scriptName).toList())));
        }
        return out;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is not worth failing the lab for
        }
    }
}
