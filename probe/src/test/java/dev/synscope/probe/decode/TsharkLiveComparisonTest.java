package dev.synscope.probe.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When tshark is installed, asks it again (same fields and options as the golden files, read from
 * their header line) and compares the decoder with its live answer, so a stale golden file cannot
 * hide a regression. Skipped, with a message, when tshark is not on PATH.
 */
class TsharkLiveComparisonTest {

    static java.util.stream.Stream<String> captures() {
        return RealCaptureDecodeTest.captures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void decoderAgreesWithLiveTshark(String name) throws Exception {
        Path tshark = findOnPath("tshark");
        assumeTrue(tshark != null, "tshark not on PATH: live comparison skipped (golden files still checked)");
        Path pcap = RealCaptureDecodeTest.resource(name + ".pcap");
        String[] fields = Files.readAllLines(RealCaptureDecodeTest.resource(name + ".tsv"), StandardCharsets.UTF_8)
                .get(0).split("\t");
        List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", pcap.toString(),
                "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
                "-o", "tcp.relative_sequence_numbers:FALSE", "-o", "tcp.analyze_sequence_numbers:FALSE",
                "-T", "fields", "-E", "header=y", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("tshark finished").isTrue();
        assertThat(p.exitValue()).as("tshark exit code").isZero();
        List<String> lines = Arrays.asList(new String(stdout, StandardCharsets.UTF_8).split("\n"));
        GoldenComparison.check(name + " (live tshark)", RealCaptureDecodeTest.pcap(name), GoldenTsv.parse(lines));
    }

    private static Path findOnPath(String exe) throws IOException {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, exe);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
