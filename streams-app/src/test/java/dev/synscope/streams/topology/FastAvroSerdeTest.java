package dev.synscope.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.serde.RecordDecodingException;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.state.ConnectionTracker;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The fast serdes write exactly the contract's bytes and read them (and bad bytes fail the same way). */
class FastAvroSerdeTest {

    private static final long T0 = Packets.T0;

    @Test
    void sameBytesAsTheContractSerdesBothWays() {
        HeaderObservation syn = Conversations.syn(T0, 38608, 80);
        ConnectionKey key = CanonicalKeys.of(syn);
        ConnectionTracker tracker = new ConnectionTracker();
        ConnectionState state = tracker.apply(null, key, syn).current();
        state = tracker.apply(state, key, Conversations.synAck(T0 + 1_000, 38608, 80)).current();

        byte[] header = SynScopeSerdes.HEADER_OBSERVATION.serialize(null, syn);
        assertThat(FastSerdes.HEADER_OBSERVATION.serialize(null, syn)).isEqualTo(header);
        assertThat(FastSerdes.HEADER_OBSERVATION.deserialize(null, header)).isEqualTo(syn);

        byte[] keyBytes = SynScopeSerdes.CONNECTION_KEY.serialize(null, key);
        assertThat(FastSerdes.CONNECTION_KEY.serialize(null, key)).isEqualTo(keyBytes);
        assertThat(FastSerdes.CONNECTION_KEY.deserialize(null, keyBytes)).isEqualTo(key);

        byte[] stateBytes = SynScopeSerdes.CONNECTION_STATE.serialize(null, state);
        assertThat(FastSerdes.CONNECTION_STATE.serialize(null, state)).isEqualTo(stateBytes);
        assertThat(FastSerdes.CONNECTION_STATE.deserialize(null, stateBytes)).isEqualTo(state);
        // a reused buffer must not leak bytes of a longer earlier value into a shorter one
        assertThat(FastSerdes.CONNECTION_KEY.serialize(null, key)).isEqualTo(keyBytes);
    }

    @Test
    void badBytesFailWithTheContractsTypedError() {
        byte[] header = SynScopeSerdes.HEADER_OBSERVATION.serialize(null, Conversations.syn(T0, 38608, 80));
        byte[] truncated = Arrays.copyOf(header, header.length - 5);
        assertThatThrownBy(() -> FastSerdes.HEADER_OBSERVATION.deserialize("t", truncated))
                .isInstanceOf(RecordDecodingException.class);
        assertThatThrownBy(() -> FastSerdes.HEADER_OBSERVATION.deserialize("t", new byte[] {1, 2, 3}))
                .isInstanceOf(RecordDecodingException.class);
    }
}
