package dev.synscope.probe.decode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Real frames (every frame of every test capture) and the hand-written fixtures, as fuzzing seeds. */
final class FrameCorpus {

    /** One seed frame with its link type. */
    record Seed(LinkType link, byte[] frame) {
    }

    static final List<Seed> SEEDS = load();

    private FrameCorpus() {
    }

    private static List<Seed> load() {
        List<Seed> seeds = new ArrayList<>();
        try {
            for (String name : RealCaptureDecodeTest.CAPTURES) {
                PcapFile pcap = RealCaptureDecodeTest.pcap(name);
                for (PcapFile.Frame f : pcap.frames()) {
                    seeds.add(new Seed(LinkType.fromDlt(pcap.linkType()), f.data()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        seeds.add(new Seed(LinkType.ETHERNET, Fixtures.ipv4Tcp()));
        seeds.add(new Seed(LinkType.ETHERNET, Fixtures.ipv6ExtensionChain()));
        seeds.add(new Seed(LinkType.ETHERNET, Fixtures.qinqRstWithPadding()));
        seeds.add(new Seed(LinkType.ETHERNET, Fixtures.icmpHostUnreachableShortQuote()));
        seeds.add(new Seed(LinkType.ETHERNET, Fixtures.icmpv6AdminProhibited()));
        seeds.addAll(TunnelFixtures.seeds());
        return List.copyOf(seeds);
    }

    /** Values that make length fields lie the most. */
    private static final int[] EXTREMES = {0x00, 0x01, 0x04, 0x05, 0x0F, 0x10, 0x3F, 0x40, 0x7F, 0x80, 0xF0, 0xFE, 0xFF};

    /**
     * Mutates a copy of {@code seed} into {@code into} (length returned): a few bit flips, a few
     * bytes set to extreme values (hits IHL, total length, payload length, data offset, option and
     * extension lengths whenever it lands on them), and sometimes a truncation.
     */
    static int mutate(byte[] seed, byte[] into, SplittableRandom random) {
        int length = seed.length;
        System.arraycopy(seed, 0, into, 0, length);
        if (length == 0) {
            return 0;
        }
        int flips = random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            into[random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));
        }
        int extremes = random.nextInt(3);
        for (int i = 0; i < extremes; i++) {
            into[random.nextInt(length)] = (byte) EXTREMES[random.nextInt(EXTREMES.length)];
        }
        if (random.nextInt(3) == 0) {
            length = random.nextInt(length + 1);
        }
        return length;
    }
}
