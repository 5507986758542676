package dev.synscope.schema.serde;

import java.lang.reflect.Method;
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
 * <p>Avro reads the limits from system properties when {@code SystemLimitException} is first loaded;
 * {@link #install()} runs from {@link AvroSerde}'s static initialiser, and when Avro has already
 * read its defaults (something decoded Avro first) makes it read them again. A value set on the
 * command line ({@code -D...}) is kept. (Avro 1.12.2 also caps what one record may allocate at a
 * fraction of the heap; these limits are lower and say exactly what was refused.)
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
        if (!inForce()) {
            // something decoded Avro before us, so Avro read its defaults already: make it read ours
            try {
                Method reset = SystemLimitException.class.getDeclaredMethod("resetLimits");
                reset.setAccessible(true);
                reset.invoke(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("cannot reset Avro's limits", e);
            }
        }
        if (!inForce()) {
            LOG.warn("Avro's decoder limits were fixed before SynScope set them: start the JVM with -D{}={}",
                    SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
        }
    }

    private static boolean inForce() {
        try {
            SystemLimitException.checkMaxCollectionLength(0L, Long.getLong(
                    SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS) + 1);
            return false;
        } catch (SystemLimitException expected) {
            return true;
        }
    }

    private static void setIfAbsent(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value));
        }
    }
}
