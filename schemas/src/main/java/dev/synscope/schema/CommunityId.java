package dev.synscope.schema;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Community ID flow hash, version 1 (https://github.com/corelight/community-id-spec), as Zeek's
 * {@code community-id-logging}, Suricata, Wireshark and Elastic compute it, so a SynScope record joins
 * their records of the same flow: SHA-1 over seed (2 bytes, big-endian) . lower address . higher
 * address . protocol (1 byte) . 0 (1 byte) . lower port . higher port (2 bytes each), the endpoints
 * ordered so that the smaller (address bytes unsigned, then port) comes first; the digest base64
 * encoded behind {@code "1:"}.
 *
 * <p>Port-carrying protocols only (TCP, UDP, SCTP: the ports are the transport ports); ICMP's
 * type/code mapping is not implemented, SynScope sees TCP. An IPv4-mapped IPv6 address counts as
 * its IPv4 address, as in Zeek (which keeps IPv4 addresses in that form). Thread-safe; one SHA-1
 * instance per thread, and a 40-byte scratch buffer per call.
 */
public final class CommunityId {

    /** IP protocol number of TCP. */
    public static final int TCP = 6;

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    });

    private CommunityId() {
    }

    /** The Community ID (seed 0) of a conn-log record's TCP connection. */
    public static String of(ConnLogRecord r) {
        return tcp(r.getOrigH(), r.getOrigP(), r.getRespH(), r.getRespP());
    }

    /** The Community ID (seed 0) of the TCP connection a canonical key names. */
    public static String of(ConnectionKey key) {
        return v1(0, TCP, CanonicalKeys.bytes(key.getLowAddr()), key.getLowPort(),
                CanonicalKeys.bytes(key.getHighAddr()), key.getHighPort());
    }

    /** The Community ID (seed 0) of a TCP flow given as textual addresses (never a name lookup). */
    public static String tcp(String srcAddr, int srcPort, String dstAddr, int dstPort) {
        return v1(0, TCP, CanonicalKeys.addressBytes(srcAddr), srcPort, CanonicalKeys.addressBytes(dstAddr), dstPort);
    }

    /**
     * The version-1 Community ID of a flow, in either direction: {@code seed} 0..65535, {@code proto}
     * the IP protocol number, addresses 4 or 16 network-order bytes (both the same length), ports 0..65535.
     */
    public static String v1(int seed, int proto, byte[] srcAddr, int srcPort, byte[] dstAddr, int dstPort) {
        return "1:" + BASE64.encodeToString(digest(seed, proto, srcAddr, srcPort, dstAddr, dstPort));
    }

    /** The 20-byte SHA-1 digest behind a version-1 Community ID (the spec's --no-base64 form in hex). */
    public static byte[] digest(int seed, int proto, byte[] srcAddr, int srcPort, byte[] dstAddr, int dstPort) {
        if ((seed & ~0xffff) != 0 || (proto & ~0xff) != 0 || (srcPort & ~0xffff) != 0 || (dstPort & ~0xffff) != 0) {
            throw new IllegalArgumentException("seed and ports are 16-bit, proto 8-bit: " + seed + " " + proto
                    + " " + srcPort + " " + dstPort);
        }
        if (srcAddr.length != dstAddr.length || (srcAddr.length != 4 && srcAddr.length != 16)) {
            throw new IllegalArgumentException("addresses of " + srcAddr.length + " and " + dstAddr.length
                    + " bytes: both 4 or both 16");
        }
        int byAddress = Arrays.compareUnsigned(srcAddr, dstAddr);
        boolean srcFirst = byAddress < 0 || (byAddress == 0 && srcPort <= dstPort);
        ByteBuffer data = ByteBuffer.allocate(2 + 2 * srcAddr.length + 2 + 4);
        data.putShort((short) seed)
                .put(srcFirst ? srcAddr : dstAddr)
                .put(srcFirst ? dstAddr : srcAddr)
                .put((byte) proto)
                .put((byte) 0)
                .putShort((short) (srcFirst ? srcPort : dstPort))
                .putShort((short) (srcFirst ? dstPort : srcPort));
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        return sha1.digest(data.array());
    }
}
