package dev.synscope.streams.metrics;

import java.util.Locale;

/**
 * The bounded set of dead-letter reasons a metric is tagged with (a dead letter's own reason text
 * names values and is unbounded; a metric tag must not be). {@link #of} classifies a reason text.
 */
public enum DeadLetterReason {
    /** The bytes are not a record of the contract (bad header, truncated, absurd length). */
    UNDECODABLE,
    /** A capture time outside the clock rules (live: a day from the stream time or the wall clock). */
    CLOCK,
    /** Decoded, but a field the tracker relies on is impossible (address length, port, key). */
    INVALID,
    /** The tracker or a later step threw on the record: a bug, isolated to that record. */
    PROCESSING_FAILED;

    /** The metric tag value: lower case, as Prometheus labels usually are. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Classifies a dead letter's reason text (the texts HeaderDecodeProcessor and the tracker write). */
    public static DeadLetterReason of(String reason) {
        if (reason.startsWith("undecodable")) {
            return UNDECODABLE;
        }
        if (reason.startsWith("impossible: capture time")) {
            return CLOCK;
        }
        if (reason.startsWith("impossible")) {
            return INVALID;
        }
        return PROCESSING_FAILED;
    }
}
