package dev.synscope.schema;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds the canonical {@link ConnectionKey} of a packet: the endpoint that sorts lower (address
 * bytes compared unsigned, then port) becomes "low". Both directions of a connection therefore
 * produce equal keys, equal key bytes, and the same Kafka partition.
 */
public final class CanonicalKeys {

    private CanonicalKeys() {
    }

    /** True when (srcAddr, srcPort) is the low endpoint of the canonical key. */
    public static boolean sourceIsLow(byte[] srcAddr, int srcPort, byte[] dstAddr, int dstPort) {
        int byAddress = Arrays.compareUnsigned(srcAddr, dstAddr);
        return byAddress < 0 || (byAddress == 0 && srcPort <= dstPort);
    }

    /** The canonical key of a packet from src to dst; {@code vlan} may be null (the default). */
    public static ConnectionKey of(int ipVersion, byte[] srcAddr, int srcPort, byte[] dstAddr, int dstPort,
                                   Integer vlan) {
        boolean srcLow = sourceIsLow(srcAddr, srcPort, dstAddr, dstPort);
        return ConnectionKey.newBuilder()
                .setIpVersion(ipVersion)
                .setLowAddr(ByteBuffer.wrap(srcLow ? srcAddr : dstAddr))
                .setLowPort(srcLow ? srcPort : dstPort)
                .setHighAddr(ByteBuffer.wrap(srcLow ? dstAddr : srcAddr))
                .setHighPort(srcLow ? dstPort : srcPort)
                .setVlan(vlan)
                .build();
    }

    /** The canonical key of a header observation (its own direction does not matter). */
    public static ConnectionKey of(HeaderObservation h) {
        return of(h.getIpVersion(), bytes(h.getSrcAddr()), h.getSrcPort(), bytes(h.getDstAddr()), h.getDstPort(),
                null);
    }

    /** Textual form of an address held as 4 or 16 network-order bytes (RFC 5952 style for IPv6). */
    public static String addressText(ByteBuffer address) {
        return addressText(bytes(address));
    }

    /**
     * Textual form of an address held as 4 or 16 network-order bytes: dotted quad, or IPv6 as
     * RFC 5952 recommends (lower case, leading zeros dropped, the longest run of two or more zero
     * groups written "::") - the form Zeek and tcpdump print, so logs can be joined on it.
     */
    public static String addressText(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** The 4 or 16 network-order bytes of a textual IP address (no name lookup is ever made). */
    public static byte[] addressBytes(String text) {
        if (text == null || !(text.indexOf(':') >= 0 || text.matches("[0-9.]+"))) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    /** Human form of a key, e.g. {@code 192.0.2.10:38608 <-> 198.51.100.10:80}. */
    public static String describe(ConnectionKey key) {
        return endpoint(addressText(key.getLowAddr()), key.getLowPort()) + " <-> "
                + endpoint(addressText(key.getHighAddr()), key.getHighPort())
                + (key.getVlan() == null ? "" : " vlan " + key.getVlan());
    }

    private static String endpoint(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /** The remaining bytes of a buffer, without moving its position. */
    public static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }
}
