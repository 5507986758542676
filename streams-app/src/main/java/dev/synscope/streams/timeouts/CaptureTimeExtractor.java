package dev.synscope.streams.timeouts;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a header record = the packet's capture time, read straight from the value bytes
 * so that stream time (and with it every timeout) follows the capture clock, not the broker's.
 *
 * <p>The value is a HeaderObservation in Avro single-object encoding; its first three fields are
 * fixed by the schema, so the capture time sits at a known place:
 * <pre>
 *  0      2                      10
 *  +------+----------------------+---------------+-------------+----------------+---
 *  |C3 01 | schema fingerprint   | schemaVersion | kind        | tsMicros       | ...
 *  |marker| 8 bytes (CRC-64-AVRO)| zigzag varint | enum varint | zigzag varint  |
 *  +------+----------------------+---------------+-------------+----------------+---
 * </pre>
 *
 * <p>A record whose time cannot be read, or lies more than {@code maxSkewMillis} from the
 * partition's time, must not move stream time (one bogus clock would expire every connection):
 * it gets the partition time instead, and the decode step sends it to the DLQ.
 */
public final class CaptureTimeExtractor implements TimestampExtractor {

    private static final int HEADER_LENGTH = 10;
    private final long maxSkewMillis;

    public CaptureTimeExtractor(long maxSkewMillis) {
        this.maxSkewMillis = maxSkewMillis;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long fallback = partitionTime >= 0 ? partitionTime : Math.max(0, record.timestamp());
        Object value = record.value();
        if (!(value instanceof byte[] bytes)) {
            return fallback;
        }
        long micros = captureMicros(bytes);
        if (micros <= 0) {
            return fallback;
        }
        long millis = micros / 1_000L;
        if (partitionTime >= 0 && Math.abs(millis - partitionTime) > maxSkewMillis) {
            return partitionTime;
        }
        // a fresh partition has no time to compare with: a capture time beyond the wall clock's skew
        // (refused by the decode step too) must not become its partition time
        if (millis - maxSkewMillis > System.currentTimeMillis()) {
            return fallback;
        }
        return millis;
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
