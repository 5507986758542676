package dev.synscope.it.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import dev.synscope.schema.ConnLogRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Every trace of Zeek's test suite through the real reader, decoder, encoder and topology: no trace
 * may throw, reach Kafka Streams' exception handlers, hang, or have a valid record dead-lettered.
 * {@code -Dcorpus.only=tcp/} runs the traces whose path contains the text.
 */
class ZeekCorpusTest {

    /** Far above the slowest trace (about a second): a trace past it is a hang, reported as a failure. */
    private static final long TRACE_TIMEOUT_SECONDS = 60;
    /** The parity ratchet: totals the comparison with Zeek's baselines may not fall below. */
    private static final String PARITY_FLOORS = "parity-floor.properties";

    @Test
    void everyTraceRunsToItsEndWithNothingValidLost() throws Exception {
        ZeekCorpus corpus = ZeekCorpus.locate();
        String only = System.getProperty("corpus.only", "");
        List<String> traces = corpus.allTraces().stream().filter(t -> t.contains(only)).toList();
        if (only.isEmpty()) {
            // the whole corpus, or the test proves nothing: 771 captures as shipped
            assertThat(traces).hasSizeGreaterThanOrEqualTo(700);
        }
        Map<String, ZeekCorpus.Baseline> baselines = corpus.baselineByTrace();

        List<TraceResult> results = new ArrayList<>();
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "corpus-trace"));
        try {
            for (String trace : traces) {
                ZeekCorpus.Baseline baseline = baselines.get(trace);
                Integer zeekRows = zeekTcpRows(corpus, baseline);
                Future<TraceResult> run = runner.submit(() -> runOne(corpus.traces().resolve(trace), trace, zeekRows));
                try {
                    results.add(run.get(TRACE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    run.cancel(true);
                    results.add(hung(trace));
                    runner.shutdownNow();
                    runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "corpus-trace"));
                }
            }
        } finally {
            runner.shutdownNow();
        }

        CorpusReport report = new CorpusReport(results);
        report.write(Path.of("target"));
        System.out.println(report.summary());
        assertThat(report.failures()).as("traces that crashed, hung or lost valid records (target/corpus-report.tsv)")
                .isEmpty();

        ParityReport parity = parity(corpus, results);
        parity.write(Path.of("target"));
        System.out.println(parity.summary());
        if (!only.isEmpty()) {
            writeOurLogs(results);
        }
        if (only.isEmpty()) {
            // the ratchet holds the whole corpus only: a subset (-Dcorpus.only) prints its table and stops there
            assertThat(parity.belowFloors(Path.of(PARITY_FLOORS)))
                    .as("Zeek parity fell below the ratchet in " + PARITY_FLOORS + " (target/parity-report.tsv, "
                            + "target/parity-diffs.txt)").isEmpty();
        }
    }

    /** With -Dcorpus.only, our conn-log of each trace run, as Zeek's columns (target/ours/), to read beside Zeek's. */
    private static void writeOurLogs(List<TraceResult> results) throws java.io.IOException {
        Path dir = Path.of("target", "ours");
        java.nio.file.Files.createDirectories(dir);
        for (TraceResult r : results) {
            List<String> lines = new ArrayList<>();
            for (ConnLogRecord c : r.connLog()) {
                lines.add((c.getInterim() ? "interim " : "") + String.join("\t",
                        dev.synscope.streams.report.ZeekConnLogWriter.columns(c).values()) + "\t" + c.getEndReason());
            }
            java.nio.file.Files.write(dir.resolve(r.trace().replace('/', '_') + ".log"), lines);
        }
    }

    /** Every baseline of the manifest whose trace ran against our conn-log of that trace. */
    private static ParityReport parity(ZeekCorpus corpus, List<TraceResult> results) {
        Map<String, TraceResult> byTrace = new HashMap<>();
        results.forEach(r -> byTrace.put(r.trace(), r));
        List<BaselineParity> rows = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        Map<String, List<ConnLogRecord>> conditioned = new HashMap<>();
        for (ZeekCorpus.Baseline b : corpus.baselines()) {
            TraceResult ours = byTrace.get(b.trace());
            if (ours == null) {
                if (!java.nio.file.Files.exists(corpus.traces().resolve(b.trace()))) {
                    notCompared.add(b.test() + "/" + b.baseline() + ": its trace " + b.trace() + " is not in the corpus");
                }
                continue;
            }
            List<ConnLogRecord> log = ours.connLog();
            boolean validate = !b.checksumsIgnored();
            if (b.vlanInKey() || validate) {
                // the test's conditions, expressed as ours: the trace again, as the probe's flags would run it
                log = conditioned.computeIfAbsent(b.trace() + " vlan=" + b.vlanInKey() + " checksums=" + validate,
                        k -> runOne(corpus.traces().resolve(b.trace()), b.trace(), null, b.vlanInKey(), validate)
                                .connLog());
            }
            rows.add(BaselineParity.compare(b, b.checksumsIgnored(), ZeekConnLog.read(b.file(corpus.root)), log));
        }
        return new ParityReport(rows, notCompared);
    }

    private static TraceResult runOne(Path file, String trace, Integer zeekRows) {
        return runOne(file, trace, zeekRows, false, false);
    }

    private static TraceResult runOne(Path file, String trace, Integer zeekRows, boolean vlanInKey,
                                      boolean validateChecksums) {
        try (TracePipeline pipeline = new TracePipeline("corpus", vlanInKey, validateChecksums)) {
            return pipeline.run(file, trace, zeekRows);
        } catch (Exception e) {
            return new TraceResult(trace, 0, 0, Map.of(), null, 0, Map.of(), 0, 0, Map.of(), List.of(),
                    "setting up or closing the driver: " + e, zeekRows, 0, List.of());
        }
    }

    private static TraceResult hung(String trace) {
        return new TraceResult(trace, 0, 0, Map.of(), null, 0, Map.of(), 0, 0, Map.of(), List.of(),
                "no result within " + TRACE_TIMEOUT_SECONDS + " s (hang)", null, TRACE_TIMEOUT_SECONDS * 1000,
                List.of());
    }

    private static Integer zeekTcpRows(ZeekCorpus corpus, ZeekCorpus.Baseline baseline) {
        if (baseline == null) {
            return null;
        }
        ZeekConnLog log = ZeekConnLog.read(baseline.file(corpus.root));
        return log.hasProto() ? log.tcpRows().size() : null;
    }
}
