package dev.synscope.probe.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The decode path allocates nothing: the thread's allocated-bytes counter (HotSpot's
 * com.sun.management.ThreadMXBean) must not move over 200,000 decodes of real and mutated frames.
 * (The JMH benchmark reports the same with -prof gc.)
 */
class DecodeAllocationTest {

    private static final int ROUNDS = 200_000;

    @Test
    void decodeAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's ThreadMXBean");
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(hotspot.isThreadAllocatedMemorySupported(), "thread allocation counter unsupported");
        hotspot.setThreadAllocatedMemoryEnabled(true);

        FrameCorpus.Seed[] seeds = FrameCorpus.SEEDS.toArray(new FrameCorpus.Seed[0]);
        ByteBuffer direct = ByteBuffer.allocateDirect(4096);
        HeaderDecoder decoder = new HeaderDecoder();
        DecodedHeader out = new DecodedHeader();
        long tid = Thread.currentThread().getId();

        run(decoder, out, seeds, direct);                     // warm-up (class loading, JIT)
        long calibrationStart = hotspot.getThreadAllocatedBytes(tid);
        long calibration = hotspot.getThreadAllocatedBytes(tid) - calibrationStart;
        long start = hotspot.getThreadAllocatedBytes(tid);
        long sink = run(decoder, out, seeds, direct);
        long allocated = hotspot.getThreadAllocatedBytes(tid) - start - calibration;

        assertThat(sink).isPositive();
        assertThat(allocated).as("bytes allocated by %d decodes", 2L * ROUNDS).isLessThan(1024);
    }

    private static long run(HeaderDecoder decoder, DecodedHeader out, FrameCorpus.Seed[] seeds, ByteBuffer direct) {
        long decoded = 0;
        for (int i = 0; i < ROUNDS; i++) {
            FrameCorpus.Seed s = seeds[i % seeds.length];
            byte[] f = s.frame();
            if (decoder.decode(s.link(), f, 0, f.length, i, out)) {
                decoded++;
            }
            int n = Math.min(f.length, direct.capacity());
            direct.put(0, f, 0, n);
            if (decoder.decode(s.link(), direct, 0, n, i, out)) {
                decoded++;
            }
        }
        return decoded;
    }
}
