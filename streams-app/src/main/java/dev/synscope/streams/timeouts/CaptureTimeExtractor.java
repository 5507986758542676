package dev.synscope.streams.timeouts;

import dev.synscope.schema.serde.CaptureTimePeek;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a header record = the packet's capture time, read straight from the value bytes
 * ({@link CaptureTimePeek}, beside the schema in the schemas module) so that stream time (and with
 * it every timeout) follows the capture clock, not the broker's.
 *
 * <p>A record whose time cannot be read, lies more than {@code maxSkewMillis} from the
 * partition's time, or more than {@code maxAheadMillis} ahead of the wall clock, must not move
 * stream time (one bogus clock would expire every connection): it gets the partition time
 * instead, and the decode step sends it to the DLQ.
 */
public final class CaptureTimeExtractor implements TimestampExtractor {

    private final long maxSkewMillis;
    private final long maxAheadMillis;

    /**
     * @param maxSkewMillis  how far a capture time may be from the partition's time
     * @param maxAheadMillis how far it may be ahead of the wall clock
     */
    public CaptureTimeExtractor(long maxSkewMillis, long maxAheadMillis) {
        this.maxSkewMillis = maxSkewMillis;
        this.maxAheadMillis = maxAheadMillis;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long fallback = partitionTime >= 0 ? partitionTime : Math.max(0, record.timestamp());
        Object value = record.value();
        if (!(value instanceof byte[] bytes)) {
            return fallback;
        }
        long micros = CaptureTimePeek.captureMicros(bytes);
        if (micros <= 0) {
            return fallback;
        }
        long millis = micros / 1_000L;
        if (partitionTime >= 0 && Math.abs(millis - partitionTime) > maxSkewMillis) {
            return partitionTime;
        }
        // ahead of the wall clock (refused by the decode step too): never the partition's time, also
        // on a fresh partition, which has no time to compare with
        if (millis - maxAheadMillis > System.currentTimeMillis()) {
            return fallback;
        }
        return millis;
    }
}
