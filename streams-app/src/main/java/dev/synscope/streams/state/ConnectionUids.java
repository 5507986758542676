package dev.synscope.streams.state;

import dev.synscope.schema.ConnectionKey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Deterministic connection uids in Zeek's style ('C' + base62), so that a restarted app re-creates
 * the same uid for the same instance: a 64-bit hash of the canonical key, the originator's ISN (or,
 * without a SYN, the first packet's time) and the probe that saw the first packet.
 */
final class ConnectionUids {

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private ConnectionUids() {
    }

    static String uid(ConnectionKey key, long instanceSeed, String firstProbe) {
        long h = 0xCBF2_9CE4_8422_2325L;
        h = bytes(h, key.getLowAddr());
        h = fnv(h, key.getLowPort());
        h = bytes(h, key.getHighAddr());
        h = fnv(h, key.getHighPort());
        h = fnv(h, key.getVlan() == null ? -1 : key.getVlan());
        h = fnv(h, instanceSeed);
        for (byte b : firstProbe.getBytes(StandardCharsets.UTF_8)) {
            h = fnv(h, b);
        }
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        StringBuilder sb = new StringBuilder(13).append('C');
        long v = h;
        for (int i = 0; i < 11; i++) {
            sb.append(BASE62[(int) Long.remainderUnsigned(v, 62)]);
            v = Long.divideUnsigned(v, 62);
        }
        return sb.toString();
    }

    private static long bytes(long h, ByteBuffer b) {
        for (int i = b.position(); i < b.limit(); i++) {
            h = fnv(h, b.get(i));
        }
        return h;
    }

    private static long fnv(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (i * 8)) & 0xFF;
            h *= 0x100_0000_01B3L;
        }
        return h;
    }
}
