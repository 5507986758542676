package dev.synscope.schema.serde;

import dev.synscope.schema.HeaderObservation;

/**
 * Reads the capture time of a {@link HeaderObservation} straight from its bytes, without decoding the
 * record: the streams app's event time ({@code CaptureTimeExtractor}) is read this way for every record.
 *
 * <p>The value is a HeaderObservation in Avro single-object encoding; its first three fields are
 * fixed by the schema (and written in this order by {@link HeaderRecordEncoder}), so the capture
 * time sits at a known place:
 * <pre>
 *  0      2                      10
 *  +------+----------------------+---------------+-------------+----------------+---
 *  |C3 01 | schema fingerprint   | schemaVersion | kind        | tsMicros       | ...
 *  |marker| 8 bytes (CRC-64-AVRO)| zigzag varint | enum varint | zigzag varint  |
 *  +------+----------------------+---------------+-------------+----------------+---
 * </pre>
 * {@code CaptureTimePeekTest} holds the peek equal to the decoded field.
 */
public final class CaptureTimePeek {

    private static final int HEADER_LENGTH = 10;

    private CaptureTimePeek() {
    }

    /** The capture time in microseconds, or -1 when the bytes do not start like a HeaderObservation. */
    public static long captureMicros(byte[] value) {
        if (value.length < HEADER_LENGTH + 3 || value[0] != (byte) 0xC3 || value[1] != 0x01) {
            return -1;
        }
        int position = HEADER_LENGTH;
        for (int field = 0; field < 2; field++) { // skip schemaVersion and kind
            int length = varintLength(value, position);
            if (length < 0) {
                return -1;
            }
            position += length;
        }
        long raw = 0;
        int shift = 0;
        while (position < value.length && shift < 64) {
            byte b = value[position++];
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1); // zigzag
            }
            shift += 7;
        }
        return -1;
    }

    private static int varintLength(byte[] bytes, int from) {
        for (int i = from; i < bytes.length && i - from < 10; i++) {
            if ((bytes[i] & 0x80) == 0) {
                return i - from + 1;
            }
        }
        return -1;
    }
}
