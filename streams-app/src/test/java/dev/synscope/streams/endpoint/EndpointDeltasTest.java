package dev.synscope.streams.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.TcpState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Endpoint deltas: only changes of an endpoint's state produce them, and they round-trip through their serde. */
class EndpointDeltasTest {

    private static ConnectionSnapshot snapshot(String uid, TcpState orig, TcpState resp) {
        return new ConnectionSnapshot(uid, "192.0.2.10", orig, "2001:db8::2", 443, resp, "S1", "ShA", 1, 0);
    }

    @Test
    void newConnectionCountsOnOriginatorHostResponderServiceAndResponderHost() {
        List<EndpointDelta> d = EndpointDeltas.between(null, snapshot("C1", TcpState.SYN_SENT, TcpState.LISTEN), 5);
        assertThat(d).extracting(EndpointDelta::endpoint)
                .containsExactly("192.0.2.10", "[2001:db8::2]:443", "2001:db8::2");
        assertThat(d).allSatisfy(x -> assertThat(x.fromState()).isNull());
    }

    @Test
    void unchangedStatesProduceNothingAndAChangeMovesOneCount() {
        ConnectionSnapshot a = snapshot("C1", TcpState.ESTABLISHED, TcpState.ESTABLISHED);
        assertThat(EndpointDeltas.between(a, a, 5)).isEmpty();
        List<EndpointDelta> d = EndpointDeltas.between(a, snapshot("C1", TcpState.FIN_WAIT_2,
                TcpState.ESTABLISHED), 6);
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.endpoint()).isEqualTo("192.0.2.10");
            assertThat(x.fromState()).isEqualTo("ESTABLISHED");
            assertThat(x.toState()).isEqualTo("FIN_WAIT_2");
        });
    }

    @Test
    void removedConnectionLeavesEveryAggregate() {
        assertThat(EndpointDeltas.between(snapshot("C1", TcpState.TIME_WAIT, TcpState.CLOSED), null, 7))
                .hasSize(3).allSatisfy(x -> assertThat(x.toState()).isNull());
    }

    @Test
    void serdeRoundTrips() {
        EndpointDelta d = new EndpointDelta("[2001:db8::2]:443", "2001:db8::2", 443, null, "CLOSE_WAIT",
                EndpointDelta.Event.REFUSED, 1_700_000_000_000_000L, "Cabc");
        byte[] bytes = EndpointDeltaSerde.INSTANCE.serialize("t", d);
        assertThat(EndpointDeltaSerde.INSTANCE.deserialize("t", bytes)).isEqualTo(d);
    }
}
