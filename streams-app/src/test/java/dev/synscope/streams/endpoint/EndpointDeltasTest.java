package dev.synscope.streams.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.TcpState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Endpoint deltas: only changes of an endpoint's state produce them, and they round-trip through their serde. */
class EndpointDeltasTest {

    private static ConnectionSnapshot snapshot(String uid, TcpState orig, TcpState resp) {
        return new ConnectionSnapshot(uid, "192.0.2.10", orig, "2001:db8::2", 443, resp, "S1", "ShA", 1, 0, false, false);
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
        EndpointDelta e = new EndpointDelta("[2001:db8::2]:443", "2001:db8::2", 443, "CLOSE_WAIT", null,
                EndpointDelta.Event.NONE, 1_700_000_000_000_001L, null);
        EndpointDeltaBatch batch = new EndpointDeltaBatch("[2001:db8::2]:443", java.util.List.of(d, e));
        byte[] bytes = EndpointDeltaBatchSerde.INSTANCE.serialize("t", batch);
        assertThat(EndpointDeltaBatchSerde.INSTANCE.deserialize("t", bytes)).isEqualTo(batch);
    }

    @Test
    void singleDeltaRecordsOfTheEarlierFormatAreStillRead() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte(1);
        out.writeUTF("192.0.2.1:80");
        out.writeUTF("192.0.2.1");
        out.writeInt(80);
        out.writeUTF("");
        out.writeUTF("LISTEN");
        out.writeByte(EndpointDelta.Event.REFUSED.ordinal());
        out.writeLong(42);
        out.writeUTF("C1");
        assertThat(EndpointDeltaBatchSerde.INSTANCE.deserialize("t", bytes.toByteArray())).isEqualTo(
                new EndpointDeltaBatch("192.0.2.1:80", java.util.List.of(new EndpointDelta("192.0.2.1:80",
                        "192.0.2.1", 80, null, "LISTEN", EndpointDelta.Event.REFUSED, 42, "C1"))));
    }

    @Test
    void corruptBatchIsASerializationError() {
        EndpointDelta d = new EndpointDelta("192.0.2.1:80", "192.0.2.1", 80, null, "LISTEN",
                EndpointDelta.Event.NONE, 1, "C1");
        byte[] bytes = EndpointDeltaBatchSerde.INSTANCE.serialize("t",
                new EndpointDeltaBatch("192.0.2.1:80", java.util.List.of(d)));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EndpointDeltaBatchSerde.INSTANCE.deserialize("t",
                truncated)).isInstanceOf(org.apache.kafka.common.errors.SerializationException.class);
    }
}
