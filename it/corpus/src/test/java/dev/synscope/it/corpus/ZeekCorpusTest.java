package dev.synscope.it.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
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
    }

    private static TraceResult runOne(Path file, String trace, Integer zeekRows) {
        try (TracePipeline pipeline = new TracePipeline("corpus")) {
            return pipeline.run(file, trace, zeekRows);
        } catch (Exception e) {
            return new TraceResult(trace, 0, 0, Map.of(), null, 0, Map.of(), 0, 0, Map.of(), List.of(),
                    "setting up or closing the driver: " + e, zeekRows, 0);
        }
    }

    private static TraceResult hung(String trace) {
        return new TraceResult(trace, 0, 0, Map.of(), null, 0, Map.of(), 0, 0, Map.of(), List.of(),
                "no result within " + TRACE_TIMEOUT_SECONDS + " s (hang)", null, TRACE_TIMEOUT_SECONDS * 1000);
    }

    private static Integer zeekTcpRows(ZeekCorpus corpus, ZeekCorpus.Baseline baseline) {
        if (baseline == null) {
            return null;
        }
        ZeekConnLog log = ZeekConnLog.read(baseline.file(corpus.root));
        return log.hasProto() ? log.tcpRows().size() : null;
    }
}
