package dev.synscope.probe.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synscope.probe.capture.CaptureFiles;
import dev.synscope.probe.capture.FrameSource;
import dev.synscope.schema.ObservationKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Zeek's own test traces (shared/corpus/zeek, see its SOURCE and COPYING) through the header decoder:
 * a census of every trace (decoded count and skips by reason, written to
 * {@code target/zeek-corpus-census.tsv}), and, for the traces whose point is an encapsulation
 * (tunnels, MPLS, PPPoE, PPP, NFLOG, 802.11, radiotap, SLL2), a check that every TCP connection
 * Zeek's conn.log baseline lists appears among the 4-tuples we decode, in either direction.
 */
class ZeekCorpusDecodeTest {

    /** From the probe module's directory, where Surefire runs. */
    static final Path CORPUS = Path.of("../../shared/corpus/zeek");
    static final Path TRACES = CORPUS.resolve("traces");

    /**
     * Btests (manifest.tsv's first column) whose trace is about an encapsulation we decode: every TCP
     * row of their baseline must be found. Not listed: btests whose redefs change what Zeek decodes
     * (e.g. core.tunnels.max-depth-exceeded, Tunnel::max_depth = 2).
     */
    static final List<String> ENCAPSULATION_BTESTS = List.of(
            "core.erspanI", "core.erspanII", "core.erspanIII",
            "core.mpls-in-vlan", "core.vlan-mpls",
            "core.ppp", "core.pppoe", "core.pppoe-over-qinq",
            "core.radiotap", "core.wlanmon",
            "core.tunnels.geneve", "core.tunnels.geneve-47101", "core.tunnels.geneve-ipv6",
            "core.tunnels.geneve-inner-tcp-bad-checksum",
            "core.tunnels.vxlan", "core.tunnels.vxlan-inner-tcp-bad-checksum",
            "core.tunnels.analyzer-confirmation",
            "core.tunnels.gre", "core.tunnels.gre-in-gre", "core.tunnels.gre-over-udp",
            "core.tunnels.gre-pptp", "core.tunnels.gre-aruba-amsdu",
            "core.tunnels.count-default-tunnel-changes",
            "core.tunnels.gtp.different_dl_and_ul", "core.tunnels.gtp.inner_ipv6",
            "core.tunnels.gtp.opt_header", "core.tunnels.gtp.outer_ip_frag",
            "core.tunnels.teredo", "core.tunnels.teredo_bubble_with_payload", "core.tunnels.ayiya",
            "core.tunnels.ayiya-large-identity", "core.tunnels.max-depth");

    record ManifestRow(String test, String baseline, String trace, String redefs) {
    }

    static List<ManifestRow> manifest;

    @BeforeAll
    static void corpusPresent() throws IOException {
        assumeTrue(Files.isDirectory(TRACES), "Zeek corpus absent at " + TRACES.toAbsolutePath()
                + " (shared/corpus/zeek): skipping the corpus decode tests");
        manifest = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("manifest.tsv"))) {
            String[] f = line.split("\t", -1);
            if (f.length >= 5 && !f[0].equals("test")) {
                manifest.add(new ManifestRow(f[0], f[1], f[2], f[4]));
            }
        }
    }

    /** What one trace decoded: counters plus every TCP 4-tuple seen (as "a|pa|b|pb", lower end first). */
    static final class TraceDecode {
        final DecodeCounters counters = new DecodeCounters();
        final Set<String> tcpTuples = new HashSet<>();
        long frames;
        String error;
    }

    static TraceDecode decode(Path trace) {
        TraceDecode result = new TraceDecode();
        HeaderDecoder decoder = new HeaderDecoder(result.counters);
        DecodedHeader h = new DecodedHeader();
        try (FrameSource source = CaptureFiles.open(trace)) {
            while (source.deliver((link, data, offset, captured, wire, ts) -> {
                result.frames++;
                if (decoder.decode(link, data, offset, captured, ts, h) && h.kind == ObservationKind.TCP) {
                    result.tcpTuples.add(tuple(h.srcAddress(), h.srcPort, h.dstAddress(), h.dstPort));
                }
            }, 4096) >= 0) {
                // until the file is exhausted
            }
        } catch (IOException | RuntimeException e) {
            // a damaged trace (Zeek's corpus has some on purpose): keep what was decoded before it
            result.error = e.toString();
        }
        return result;
    }

    static String tuple(byte[] a, int pa, byte[] b, int pb) {
        try {
            return tuple(InetAddress.getByAddress(a).getHostAddress(), pa, InetAddress.getByAddress(b).getHostAddress(),
                    pb);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tuple(String a, int pa, String b, int pb) {
        String x = canonical(a) + "|" + pa;
        String y = canonical(b) + "|" + pb;
        return x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
    }

    static String canonical(String address) {
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    static Stream<String> encapsulationBtests() {
        return ENCAPSULATION_BTESTS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encapsulationBtests")
    void everyTcpConnectionZeekLogsIsDecoded(String btest) throws IOException {
        ManifestRow row = manifest.stream().filter(r -> r.test().equals(btest)).findFirst().orElse(null);
        assumeTrue(row != null, btest + " not in manifest.tsv");
        Set<String> expected = zeekTcpTuples(CORPUS.resolve("baselines").resolve(row.test()).resolve(row.baseline()));
        TraceDecode got = decode(TRACES.resolve(row.trace()));
        assertThat(got.counters.snapshot()).as("%s skips", row.trace()).doesNotContainKey("unsupported_link");
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(got.tcpTuples);
        assertThat(missing).as("%s (%s): TCP connections in Zeek's %s that we did not decode; decoded %s, skipped %s",
                btest, row.trace(), row.baseline(), got.tcpTuples, got.counters.snapshot()).isEmpty();
        if (!expected.isEmpty()) {
            assertThat(got.counters.decodedCount()).isPositive();
        }
    }

    /** The baselines these tests rest on hold TCP rows at all (else the check above proves nothing). */
    @Test
    void theTunnelBaselinesListTcpConnections() throws IOException {
        for (String btest : List.of("core.tunnels.analyzer-confirmation", "core.tunnels.geneve-47101",
                "core.tunnels.gre", "core.tunnels.gre-aruba-amsdu", "core.tunnels.gre-over-udp",
                "core.tunnels.gtp.opt_header", "core.tunnels.gtp.outer_ip_frag", "core.mpls-in-vlan",
                "core.vlan-mpls", "core.pppoe-over-qinq")) {
            ManifestRow row = manifest.stream().filter(r -> r.test().equals(btest)).findFirst().orElseThrow();
            assertThat(zeekTcpTuples(CORPUS.resolve("baselines").resolve(row.test()).resolve(row.baseline())))
                    .as(btest).isNotEmpty();
        }
    }

    /**
     * Decodes every trace; writes the per-trace table and the TCP 4-tuples decoded per trace (to
     * compare with another decoder: {@code target/zeek-corpus-tcp-tuples.tsv}); checks the counters add up. Prints the totals
     * (the numbers the decoder's doc quotes).
     */
    @Test
    void censusOfEveryTrace() throws IOException {
        List<Path> traces;
        try (Stream<Path> files = Files.walk(TRACES)) {
            traces = files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        DecodeCounters total = new DecodeCounters();
        long frames = 0;
        StringBuilder table = new StringBuilder("trace\tframes\tdecoded\tskipped\n");
        StringBuilder tuples = new StringBuilder();
        for (Path trace : traces) {
            TraceDecode d = decode(trace);
            assertThat(d.counters.decodedCount() + d.counters.skippedTotal()).as(trace.toString()).isEqualTo(d.frames);
            frames += d.frames;
            total.addAll(d.counters);
            table.append(TRACES.relativize(trace)).append('\t').append(d.frames).append('\t')
                    .append(d.counters.decodedCount()).append('\t').append(d.counters.snapshot()).append('\n');
            for (String t : new TreeSet<>(d.tcpTuples)) {
                tuples.append(TRACES.relativize(trace)).append('\t').append(t).append('\n');
            }
        }
        Path out = Path.of("target/zeek-corpus-census.tsv");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        Files.writeString(Path.of("target/zeek-corpus-tcp-tuples.tsv"), tuples);
        Map<String, Long> skips = new TreeMap<>(total.snapshot());
        System.out.println("Zeek corpus: " + traces.size() + " traces, " + frames + " frames, decoded "
                + total.decodedCount() + ", skipped " + skips + ", annotations " + total.annotationSnapshot());
        assertThat(traces).hasSizeGreaterThan(700);
        // regression guards (docs/probe.md quotes these numbers): 64,251 decoded and 1,538
        // unsupported_link before tunnels and the Zeek link types; Zeek's traces nest at most 3 deep
        assertThat(total.decodedCount()).as("decoded").isGreaterThanOrEqualTo(68_500);
        assertThat(total.skipped(SkipReason.UNSUPPORTED_LINK)).as("unsupported_link (802.15.4 only)").isLessThanOrEqualTo(1);
        assertThat(total.skipped(SkipReason.TUNNEL_TOO_DEEP)).as("tunnel_too_deep").isZero();
    }

    /**
     * TCP 4-tuples of a Zeek conn.log baseline: either a full log ({@code #fields} header) or a
     * zeek-cut extract (a plain header line; some write {@code id.resp_p} where {@code id.orig_p} is
     * meant, so the originator port is taken as the column after {@code id.orig_h}).
     */
    static Set<String> zeekTcpTuples(Path baseline) throws IOException {
        Set<String> tuples = new TreeSet<>();
        List<String> header = null;
        for (String line : Files.readAllLines(baseline)) {
            if (line.startsWith("#fields\t")) {
                header = Arrays.asList(line.substring("#fields\t".length()).split("\t"));
                continue;
            }
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (header == null) {
                header = Arrays.asList(f);
                continue;
            }
            int oh = header.indexOf("id.orig_h");
            int rh = header.indexOf("id.resp_h");
            int proto = header.indexOf("proto");
            if (oh < 0 || rh < 0 || proto < 0 || f.length <= Math.max(rh + 1, proto)) {
                continue;
            }
            if (f[proto].equals("tcp")) {
                tuples.add(tuple(f[oh], Integer.parseInt(f[oh + 1]), f[rh], Integer.parseInt(f[rh + 1])));
            }
        }
        return tuples;
    }
}
