package dev.synscope.streams.topology;

import dev.synscope.schema.DeadLetter;
import dev.synscope.schema.HeaderObservation;

/** Result of decoding one raw header record: a usable observation, or a dead letter. */
public sealed interface DecodedHeader {

    /** A valid observation (key: the ConnectionKey; null for HEARTBEAT and END_OF_CAPTURE). */
    record Accepted(HeaderObservation observation) implements DecodedHeader {
    }

    /** A record that cannot be used, with the raw key bytes it came with. */
    record Rejected(DeadLetter deadLetter, byte[] rawKey) implements DecodedHeader {
    }
}
