package dev.synscope.probe.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property tests: whatever the bytes, the decoder returns (true or false), counts exactly one outcome
 * per frame, and never throws. Tries per property: jqwik's default, 1000 (3 properties, about a
 * second); for millions run
 * {@code mvn -o -q -pl probe test -Dtest=DecoderFuzzProperties -Djqwik.tries.default=1000000}.
 */
class DecoderFuzzProperties {

    private final HeaderDecoder decoder = new HeaderDecoder();
    private final DecodedHeader out = new DecodedHeader();

    @Property
    void randomBytesNeverThrow(@ForAll("linkTypes") LinkType link, @ForAll @Size(max = 256) byte[] frame) {
        assertOneOutcome(link, frame, frame.length);
    }

    @Property
    void mutatedRealFramesNeverThrow(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int seedIndex,
            @ForAll long randomSeed) {
        FrameCorpus.Seed seed = FrameCorpus.SEEDS.get(seedIndex % FrameCorpus.SEEDS.size());
        byte[] buffer = new byte[seed.frame().length];
        int length = FrameCorpus.mutate(seed.frame(), buffer, new SplittableRandom(randomSeed));
        assertOneOutcome(seed.link(), buffer, length);
    }

    /** A real frame decoded under every link type (the wrong ones included). */
    @Property
    void realFramesUnderAnyLinkTypeNeverThrow(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int seedIndex,
            @ForAll("linkTypes") LinkType link, @ForAll @IntRange(min = 0, max = 2048) int cut) {
        byte[] frame = FrameCorpus.SEEDS.get(seedIndex % FrameCorpus.SEEDS.size()).frame();
        assertOneOutcome(link, frame, Math.min(cut, frame.length));
    }

    @Provide
    Arbitrary<LinkType> linkTypes() {
        return Arbitraries.of(LinkType.values()).injectNull(0.05);
    }

    private void assertOneOutcome(LinkType link, byte[] frame, int length) {
        long before = decoder.counters().decodedCount() + decoder.counters().skippedTotal();
        boolean decoded = decoder.decode(link, frame, 0, length, 0, out);
        long after = decoder.counters().decodedCount() + decoder.counters().skippedTotal();
        assertThat(after).isEqualTo(before + 1);
        if (decoded) {
            assertThat(out.kind).isNotNull();
            assertThat(out.addrLength).isIn(4, 16);
            assertThat(out.payloadLength).isBetween(0, 65535);
            assertThat(out.sackBlockCount).isBetween(0, DecodedHeader.MAX_SACK_BLOCKS);
        }
    }
}
