package dev.synscope.probe.decode;

/**
 * Unsigned big-endian (network order) reads from a byte array. Callers check bounds BEFORE calling:
 * these methods do no checking of their own, which keeps each layer's bounds check in one visible
 * place next to the header diagram it protects.
 */
final class WireBytes {

    private WireBytes() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    /** 32-bit little-endian, for the host-order DLT_NULL family field. */
    static long u32le(byte[] b, int i) {
        return ((long) (b[i + 3] & 0xFF) << 24) | (b[i + 2] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }

    /** 16-bit little-endian: radiotap's length, NFLOG's host-order TLV fields. */
    static int u16le(byte[] b, int i) {
        return (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }
}
