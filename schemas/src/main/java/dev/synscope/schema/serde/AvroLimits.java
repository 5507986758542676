package dev.synscope.schema.serde;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Avro's decoder limits, set for our contract before any record is decoded. Avro allocates an array
 * or a byte buffer of the length a record claims before reading its items, and by default accepts
 * lengths up to ~2^31: one record claiming two billion SACK blocks is an OutOfMemoryError, which no
 * exception handler catches. Our records hold at most a few SACK blocks, addresses of 16 bytes and,
 * in a dead letter, the bad record's bytes (under Kafka's 1 MiB message size), so these limits cut
 * nothing real; a record past them is a {@link SystemLimitException}, i.e. an undecodable record.
 *
 * <p>Avro reads the limits from system properties once, when {@code SystemLimitException} is first
 * loaded, so {@link #install()} runs from {@link AvroSerde}'s static initialiser (before its first
 * decode) and checks they took effect; a value set on the command line ({@code -D...}) is kept.
 */
final class AvroLimits {

    private static final Logger LOG = LoggerFactory.getLogger(AvroLimits.class);

    /** Items of one array or map: SACK blocks are at most 4 per packet; vantage lists a few. */
    static final long MAX_COLLECTION_ITEMS = 65_536;
    /** One bytes field: a dead letter's copy of a bad record (Kafka's default max message size is 1 MiB). */
    static final long MAX_BYTES = 8L << 20;
    /** One string: evidence texts, histories, reasons. */
    static final long MAX_STRING = 1L << 20;

    private AvroLimits() {
    }

    static void install() {
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING);
        try {
            SystemLimitException.checkMaxCollectionLength(0L, Long.getLong(
                    SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS) + 1);
            LOG.warn("Avro's limits were fixed before SynScope set them (Avro decoded something first): "
                    + "set -D{}={} to protect the decoder", SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY,
                    MAX_COLLECTION_ITEMS);
        } catch (SystemLimitException expected) {
            // the limit is in force
        }
    }

    private static void setIfAbsent(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value));
        }
    }
}
