package dev.synscope.streams.query.cluster;

import dev.synscope.streams.query.http.ApiException;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the query API may answer in each Kafka Streams state. Only RUNNING answers from the
 * stores: while REBALANCING partitions move between instances, so a scan could miss or repeat
 * connections and a key's owner may be about to change; the client gets 503 with Retry-After
 * instead of a wrong answer.
 */
public final class StreamsAvailability {

    /** Seconds a client should wait before retrying during a rebalance or start-up. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private StreamsAvailability() {
    }

    /** Liveness: false once the instance is shutting down or failed (restart it). */
    public static boolean live(KafkaStreams.State state) {
        return switch (state) {
            case CREATED, REBALANCING, RUNNING -> true;
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> false;
        };
    }

    /** Readiness: stores answer correctly only when RUNNING. */
    public static boolean ready(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING;
    }

    /** Throws the 503 a query gets in {@code state}; returns when the stores may answer. */
    public static void requireQueryable(KafkaStreams.State state) {
        switch (state) {
            case RUNNING -> {
            }
            case CREATED, REBALANCING -> throw ApiException.unavailable("Kafka Streams is " + state
                    + ": partitions are being assigned or moved between instances, so an answer now could be"
                    + " incomplete; retry in " + RETRY_AFTER_SECONDS + " s", RETRY_AFTER_SECONDS);
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> throw ApiException.unavailable(
                    "Kafka Streams on this instance is " + state + " and cannot answer; ask another instance"
                            + " or retry after it restarts", RETRY_AFTER_SECONDS * 5);
        }
    }
}
