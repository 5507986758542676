package dev.synscope.probe.decode;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decode alone, one thread (target: >= 5M packets/s on one core). Frames are the real test
 * captures (Ethernet, VLAN, QinQ, SLL, SLL2; IPv4, IPv6, ICMP errors, fragments, ARP/MLD that are
 * skipped), already in memory, so only the decoder is measured.
 *
 * <pre>
 * mvn -o -q -pl probe -Pjmh test-compile exec:exec -Djmh.args="DecodeBenchmark -f 1 -wi 3 -w 2s -i 3 -r 2s"
 * mvn -o -q -pl probe -Pjmh test-compile exec:exec -Djmh.args="DecodeBenchmark -f 1 -wi 3 -w 2s -i 3 -r 2s -prof gc"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {

    private LinkType[] links;
    private byte[][] frames;
    private int next;
    private byte[] tcpFrame;
    private ByteBuffer[] directFrames;
    private final HeaderDecoder decoder = new HeaderDecoder();
    private final DecodedHeader out = new DecodedHeader();

    @Setup
    public void load() {
        List<FrameCorpus.Seed> seeds = FrameCorpus.SEEDS;
        links = new LinkType[seeds.size()];
        frames = new byte[seeds.size()][];
        for (int i = 0; i < seeds.size(); i++) {
            links[i] = seeds.get(i).link();
            frames[i] = seeds.get(i).frame();
        }
        tcpFrame = Fixtures.ipv4Tcp();
        directFrames = new ByteBuffer[frames.length];
        for (int i = 0; i < frames.length; i++) {
            directFrames[i] = ByteBuffer.allocateDirect(frames[i].length).put(0, frames[i]);
        }
    }

    /** Every frame of every real capture, round robin: a realistic mix of outcomes and link types. */
    @Benchmark
    public boolean realCaptureMix() {
        int i = next;
        next = i + 1 == frames.length ? 0 : i + 1;
        byte[] f = frames[i];
        return decoder.decode(links[i], f, 0, f.length, i, out);
    }

    /** Same mix from direct (off-heap) buffers: includes the copy of the headers into the scratch array. */
    @Benchmark
    public boolean realCaptureMixDirectBuffer() {
        int i = next;
        next = i + 1 == frames.length ? 0 : i + 1;
        ByteBuffer f = directFrames[i];
        return decoder.decode(links[i], f, 0, f.capacity(), i, out);
    }

    /** The common case: Ethernet, IPv4 with options, TCP with MSS/SACK-permitted/timestamps/WS. */
    @Benchmark
    public boolean ethernetIpv4TcpWithOptions() {
        return decoder.decode(LinkType.ETHERNET, tcpFrame, 0, tcpFrame.length, 1L, out);
    }
}
