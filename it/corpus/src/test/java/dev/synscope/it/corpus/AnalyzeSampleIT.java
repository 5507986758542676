package dev.synscope.it.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.cli.SynScope;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code synscope analyze} end to end on a real broker (probe, topics, streams app, conn.log file), on
 * the Zeek traces that once crashed or lost data: every connection Zeek logged is in our conn.log.
 * Connections are compared as endpoint pairs: how a connection is split or who originated it is the
 * parity question (docs/zeek-parity), not this one.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AnalyzeSampleIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // trace,                                     Zeek btest whose conn.log it is compared with ('-': none)
            "tcp/single-rst.pcap,                         -",
            "tcp/ctu-64702-888.pcap,                      core.conn-size-flip",
            "modbus/modbus-and-non-modbus-p502.pcap,      scripts.base.protocols.modbus.modbus_and_non_modbus_on_port_502",
            "ssh/ssh.client-side-half-duplex.pcap,        scripts.base.protocols.ssh.half-duplex-client",
            "ssh/ssh.server-side-half-duplex.pcap,        scripts.base.protocols.ssh.half-duplex-server",
    })
    void analyzeWritesEveryConnectionZeekLogged(String trace, String zeekTest, TestKafka kafka, @TempDir Path dir)
            throws Exception {
        ZeekCorpus corpus = ZeekCorpus.locate();
        Path connLog = dir.resolve("conn.log");
        long start = System.nanoTime();
        int exit = SynScope.execute("analyze", corpus.traces().resolve(trace).toString(),
                "--bootstrap", kafka.bootstrapServers(), "--conn-log", connLog.toString(), "--timeout", "PT2M");
        System.out.printf("analyze %s: exit %d in %.1f s%n", trace, exit, (System.nanoTime() - start) / 1e9);
        assertThat(exit).isZero();
        ZeekConnLog ours = ZeekConnLog.read(connLog);
        assertThat(ours.hasTuple()).as("our conn.log names the four-tuple").isTrue();
        Set<String> ourPairs = ours.rows().stream().map(ZeekConnLog::endpoints).collect(Collectors.toSet());

        if ("-".equals(zeekTest)) {
            // Zeek's own test for this trace checks a weird, not conn.log; Zeek logs the lone RST as one connection
            assertThat(ours.rows()).hasSize(1);
            return;
        }
        ZeekCorpus.Baseline baseline = corpus.baselineOf(zeekTest).orElseThrow();
        assertThat(baseline.trace()).isEqualTo(trace);
        ZeekConnLog zeek = ZeekConnLog.read(baseline.file(corpus.root));
        List<String> zeekPairs = zeek.tcpRows().stream().map(ZeekConnLog::endpoints).distinct().toList();
        assertThat(zeekPairs).isNotEmpty();
        assertThat(ourPairs).as("every connection Zeek logged for " + trace).containsAll(zeekPairs);
        assertThat(Files.size(connLog)).isPositive();
    }
}
