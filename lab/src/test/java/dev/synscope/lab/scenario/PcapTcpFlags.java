package dev.synscope.lab.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: the TCP segments of a classic pcap file (Ethernet, IPv4) as (src port, dst port,
 * flags), enough to check what crossed the wire. Not a decoder for production use: the probe owns that.
 */
final class PcapTcpFlags {

    record Segment(int srcPort, int dstPort, int flags) {
        static final int FIN = 0x01;
        static final int SYN = 0x02;

        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    private static final int PCAP_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int ETHERNET = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int PROTO_TCP = 6;

    private PcapTcpFlags() {
    }

    static List<Segment> read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = buf.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            buf.order(ByteOrder.BIG_ENDIAN);
        }
        List<Segment> segments = new ArrayList<>();
        int pos = PCAP_HEADER;
        while (pos + RECORD_HEADER <= buf.limit()) {
            int captured = buf.getInt(pos + 8);
            int frame = pos + RECORD_HEADER;
            pos = frame + captured;
            if (pos > buf.limit() || captured < ETHERNET + 20) {
                break;
            }
            int etherType = Short.toUnsignedInt(buf.duplicate().order(ByteOrder.BIG_ENDIAN).getShort(frame + 12));
            int ip = frame + ETHERNET;
            if (etherType != ETHERTYPE_IPV4 || Byte.toUnsignedInt(buf.get(ip + 9)) != PROTO_TCP) {
                continue;
            }
            int tcp = ip + (buf.get(ip) & 0x0f) * 4;
            if (tcp + 14 > frame + captured) {
                continue;
            }
            ByteBuffer be = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
            segments.add(new Segment(Short.toUnsignedInt(be.getShort(tcp)), Short.toUnsignedInt(be.getShort(tcp + 2)),
                    Byte.toUnsignedInt(be.get(tcp + 13))));
        }
        return segments;
    }
}
