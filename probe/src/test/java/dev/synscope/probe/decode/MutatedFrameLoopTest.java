package dev.synscope.probe.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Millions of mutated real frames through one decoder, in a plain loop (jqwik's per-try overhead
 * would make this slow). Seeded, so a failure is reproducible; the seed and count can be changed
 * with {@code -Dsynscope.decode.fuzz.seed=...} and {@code -Dsynscope.decode.fuzz.frames=...}.
 * The timeout only guards against an infinite loop; speed is measured by DecodeBenchmark.
 */
class MutatedFrameLoopTest {

    private static final long FRAMES = Long.getLong("synscope.decode.fuzz.frames", 2_000_000L);
    private static final long SEED = Long.getLong("synscope.decode.fuzz.seed", 0x5EEDL);

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void millionsOfMutatedFramesNeverThrowAndAreAllCounted() {
        HeaderDecoder decoder = new HeaderDecoder();
        DecodedHeader out = new DecodedHeader();
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] buffer = new byte[4096];
        long decoded = 0;
        for (long i = 0; i < FRAMES; i++) {
            FrameCorpus.Seed seed = FrameCorpus.SEEDS.get(random.nextInt(FrameCorpus.SEEDS.size()));
            int length = FrameCorpus.mutate(seed.frame(), buffer, random);
            LinkType link = random.nextInt(20) == 0 ? LinkType.values()[random.nextInt(LinkType.values().length)] : seed.link();
            try {
                if (decoder.decode(link, buffer, 0, length, i, out)) {
                    decoded++;
                }
            } catch (RuntimeException e) {
                throw new AssertionError("decoder threw on frame " + i + " (seed " + SEED + ")", e);
            }
        }
        assertThat(decoder.counters().decodedCount()).isEqualTo(decoded);
        assertThat(decoder.counters().decodedCount() + decoder.counters().skippedTotal()).isEqualTo(FRAMES);
        // Mutations must exercise both outcomes, or this test proves nothing.
        assertThat(decoded).isPositive().isLessThan(FRAMES);
        assertThat(decoder.counters().snapshot()).hasSizeGreaterThan(10);
        assertThat(decoder.counters().snapshot().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(FRAMES - decoded);
        assertThat(decoder.counters().annotationSnapshot()).containsOnlyKeys("bad_tcp_option", "truncated_tcp_options");
    }
}
