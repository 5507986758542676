package dev.synscope.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synscope.streams.query.cluster.StreamsAvailability;
import dev.synscope.streams.query.http.ApiException;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which Kafka Streams state answers what: only RUNNING reads the stores; a rebalance is a retryable 503. */
class StreamsAvailabilityTest {

    @Test
    void runningAnswers() {
        assertThatCode(() -> StreamsAvailability.requireQueryable(State.RUNNING)).doesNotThrowAnyException();
        assertThat(StreamsAvailability.ready(State.RUNNING)).isTrue();
        assertThat(StreamsAvailability.live(State.RUNNING)).isTrue();
    }

    @Test
    void aRebalanceIsA503WithRetryAfterAndSaysWhy() {
        assertThatThrownBy(() -> StreamsAvailability.requireQueryable(State.REBALANCING))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfterSeconds()).isEqualTo(StreamsAvailability.RETRY_AFTER_SECONDS);
                    assertThat(e.getMessage()).contains("REBALANCING", "retry");
                });
        assertThat(StreamsAvailability.ready(State.REBALANCING)).isFalse();
        assertThat(StreamsAvailability.live(State.REBALANCING)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"RUNNING"}, mode = EnumSource.Mode.EXCLUDE)
    void everyOtherStateIsA503WithRetryAfter(State state) {
        assertThatThrownBy(() -> StreamsAvailability.requireQueryable(state))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfterSeconds()).isPositive();
                    assertThat(e.getMessage()).contains(state.name());
                });
        assertThat(StreamsAvailability.ready(state)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"PENDING_SHUTDOWN", "NOT_RUNNING", "PENDING_ERROR", "ERROR"})
    void aStoppingOrFailedInstanceIsNotLive(State state) {
        assertThat(StreamsAvailability.live(state)).isFalse();
    }
}
