package dev.synscope.probe.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.ObservationKind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;

/**
 * Checks the decoder, frame by frame and field by field, against tshark's reading of the same
 * capture. tshark is the oracle for which frames carry TCP: a row with {@code tcp.srcport} must
 * decode (as ICMP_ERROR when it also has an ICMP type), any other row must be skipped.
 */
final class GoldenComparison {

    private GoldenComparison() {
    }

    /** Decodes every frame of {@code pcap} and compares it with {@code golden}; returns the counters. */
    static DecodeCounters check(String name, PcapFile pcap, GoldenTsv golden) {
        LinkType link = LinkType.fromDlt(pcap.linkType());
        assertThat(link).as("%s link type %d", name, pcap.linkType()).isNotNull();
        assertThat(pcap.frames()).as("%s frame count vs tshark rows", name).hasSize(golden.rows().size());

        HeaderDecoder decoder = new HeaderDecoder();
        DecodedHeader out = new DecodedHeader();
        SoftAssertions soft = new SoftAssertions();
        long expectedDecoded = 0;
        for (int i = 0; i < pcap.frames().size(); i++) {
            PcapFile.Frame frame = pcap.frames().get(i);
            GoldenTsv.Row row = golden.rows().get(i);
            String where = name + " frame " + (i + 1);
            SkipReason expectedSkip = expectedSkip(row);
            long skipsBefore = expectedSkip == null ? 0 : decoder.counters().skipped(expectedSkip);
            boolean decoded = decoder.decode(link, frame.data(), 0, frame.data().length, frame.tsMicros(), out);
            if (!row.has("tcp.srcport")) {
                soft.assertThat(decoded).as("%s: tshark sees no TCP header, decoder must skip (%s)", where, row).isFalse();
                if (expectedSkip != null) {
                    soft.assertThat(decoder.counters().skipped(expectedSkip))
                            .as("%s: counted as %s", where, expectedSkip.reason()).isEqualTo(skipsBefore + 1);
                }
                continue;
            }
            expectedDecoded++;
            soft.assertThat(decoded).as("%s: tshark sees TCP, decoder must decode (%s)", where, row).isTrue();
            if (decoded) {
                compare(soft, where, row, out);
            }
        }
        soft.assertThat(decoder.counters().decodedCount()).as("%s decoded count", name).isEqualTo(expectedDecoded);
        soft.assertThat(decoder.counters().decodedCount() + decoder.counters().skippedTotal())
                .as("%s every frame counted once", name).isEqualTo(pcap.frames().size());
        soft.assertAll();
        return decoder.counters();
    }

    /**
     * The skip reason tshark's reading implies for a frame without TCP, where it is unambiguous:
     * no IP at all (ARP), a later fragment, an ICMP message that is not an error (ND, MLD, echo).
     */
    private static SkipReason expectedSkip(GoldenTsv.Row row) {
        if (row.has("tcp.srcport")) {
            return null;
        }
        if (!row.has("ip.version")) {
            return SkipReason.NOT_IP;
        }
        if (row.has("ip.frag_offset") && row.firstLong("ip.frag_offset") > 0) {
            return SkipReason.LATER_FRAGMENT;
        }
        if (row.has("icmpv6.type") && row.firstLong("icmpv6.type") >= 128
                || row.has("icmp.type") && row.firstLong("icmp.type") != 3 && row.firstLong("icmp.type") != 11) {
            return SkipReason.NOT_ICMP_ERROR;
        }
        return null;
    }

    static void compare(SoftAssertions soft, String where, GoldenTsv.Row row, DecodedHeader out) {
        boolean icmp = row.has("icmp.type") || row.has("icmpv6.type");
        boolean v6 = row.has("ipv6.src");
        // For ICMP errors occurrence 0 is the outer (reporting) packet, occurrence 1 the quoted one.
        int quoted = icmp ? 1 : 0;

        soft.assertThat(out.kind).as("%s kind", where).isEqualTo(icmp ? ObservationKind.ICMP_ERROR : ObservationKind.TCP);
        soft.assertThat(out.tsMicros).as("%s ts", where).isEqualTo(row.epochMicros());
        soft.assertThat(out.ipVersion).as("%s ip version", where).isEqualTo(v6 ? 6 : 4);
        soft.assertThat(out.srcAddress()).as("%s src", where).isEqualTo(addr(row.get(v6 ? "ipv6.src" : "ip.src", quoted)));
        soft.assertThat(out.dstAddress()).as("%s dst", where).isEqualTo(addr(row.get(v6 ? "ipv6.dst" : "ip.dst", quoted)));
        soft.assertThat(out.ttl).as("%s ttl (outer)", where).isEqualTo(row.firstLong(v6 ? "ipv6.hlim" : "ip.ttl"));
        soft.assertThat(out.ipId).as("%s ip id (outer)", where).isEqualTo(v6 ? -1 : row.firstLong("ip.id"));
        soft.assertThat(out.ipLength).as("%s ip length (outer)", where)
                .isEqualTo(v6 ? row.firstLong("ipv6.plen") + 40 : row.firstLong("ip.len"));
        soft.assertThat(out.vlan).as("%s vlan", where).isEqualTo(expectedVlan(row));

        soft.assertThat(out.srcPort).as("%s src port", where).isEqualTo(row.firstLong("tcp.srcport"));
        soft.assertThat(out.dstPort).as("%s dst port", where).isEqualTo(row.firstLong("tcp.dstport"));
        soft.assertThat(out.seq).as("%s seq", where).isEqualTo(row.firstLong("tcp.seq"));
        if (!icmp || row.has("tcp.ack")) {
            soft.assertThat(out.ack).as("%s ack", where).isEqualTo(row.firstLong("tcp.ack"));
            soft.assertThat(out.flags).as("%s flags", where).isEqualTo(row.firstLong("tcp.flags"));
            soft.assertThat(out.window).as("%s window", where).isEqualTo(row.firstLong("tcp.window_size_value"));
        }
        if (icmp) {
            soft.assertThat(out.icmpQuoteFull).as("%s quote holds full TCP header", where).isEqualTo(row.has("tcp.ack"));
            soft.assertThat(out.icmpType).as("%s icmp type", where)
                    .isEqualTo(row.firstLong(v6 ? "icmpv6.type" : "icmp.type"));
            soft.assertThat(out.icmpCode).as("%s icmp code", where)
                    .isEqualTo(row.firstLong(v6 ? "icmpv6.code" : "icmp.code"));
            soft.assertThat(out.reporterAddress()).as("%s reporter", where)
                    .isEqualTo(addr(row.get(v6 ? "ipv6.src" : "ip.src", 0)));
        } else {
            soft.assertThat(out.icmpType).as("%s icmp type", where).isEqualTo(-1);
            if (row.has("tcp.len")) {
                soft.assertThat(out.payloadLength).as("%s payload length", where).isEqualTo(row.firstLong("tcp.len"));
            }
        }
        soft.assertThat(out.mss).as("%s mss", where).isEqualTo(optional(row, "tcp.options.mss_val"));
        soft.assertThat(out.windowScale).as("%s window scale", where).isEqualTo(optional(row, "tcp.options.wscale.shift"));
        soft.assertThat(out.sackPermitted).as("%s sack permitted", where).isEqualTo(row.has("tcp.options.sack_perm"));
        soft.assertThat(out.tsVal).as("%s tsval", where).isEqualTo(optional(row, "tcp.options.timestamp.tsval"));
        soft.assertThat(out.tsEcr).as("%s tsecr", where).isEqualTo(optional(row, "tcp.options.timestamp.tsecr"));
        soft.assertThat(edges(out.sackLeft, out.sackBlockCount)).as("%s sack left edges", where)
                .isEqualTo(longs(row.all("tcp.options.sack_le")));
        soft.assertThat(edges(out.sackRight, out.sackBlockCount)).as("%s sack right edges", where)
                .isEqualTo(longs(row.all("tcp.options.sack_re")));
    }

    /** tshark names the 802.1ad service tag ieee8021ad.id and 802.1Q tags vlan.id; ours is the outer tag. */
    private static long expectedVlan(GoldenTsv.Row row) {
        if (row.has("ieee8021ad.id")) {
            return row.firstLong("ieee8021ad.id");
        }
        return row.has("vlan.id") ? row.firstLong("vlan.id") : -1;
    }

    private static long optional(GoldenTsv.Row row, String field) {
        return row.has(field) ? row.firstLong(field) : -1;
    }

    private static List<Long> edges(long[] values, int count) {
        List<Long> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(values[i]);
        }
        return list;
    }

    private static List<Long> longs(List<String> values) {
        List<Long> list = new ArrayList<>();
        for (String v : values) {
            list.add(Long.parseLong(v));
        }
        return list;
    }

    static byte[] addr(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + text, e);
        }
    }
}
