package dev.synscope.streams.state;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.TcpState;

import java.util.ArrayList;
import java.util.List;

/** Test harness: one tuple's state driven by tcpdump lines through a real {@link ConnectionTracker}. */
final class Conn {

    final ConnectionTracker tracker;
    final Packets packets = new Packets();
    ConnectionState state;
    TrackerUpdate last;
    final List<ConnectionEvent> events = new ArrayList<>();
    final List<ConnectionState> finalized = new ArrayList<>();
    final List<EndReason> finalizedReasons = new ArrayList<>();

    Conn() {
        this(new ConnectionTracker());
    }

    Conn(ConnectionTracker tracker) {
        this.tracker = tracker;
    }

    Conn probe(String probeId) {
        packets.probe(probeId);
        return this;
    }

    Conn send(String... lines) {
        for (String line : lines) {
            apply(packets.line(line));
        }
        return this;
    }

    TrackerUpdate apply(HeaderObservation p) {
        ConnectionKey key = CanonicalKeys.of(p);
        last = tracker.apply(state, key, p);
        state = last.current();
        events.addAll(last.events());
        if (last.finalized() != null) {
            finalized.add(last.finalized());
            finalizedReasons.add(last.finalizedReason());
        }
        return last;
    }

    TcpState client() {
        return clientIsOrig() ? state.getOrigState() : state.getRespState();
    }

    TcpState server() {
        return clientIsOrig() ? state.getRespState() : state.getOrigState();
    }

    private boolean clientIsOrig() {
        return state.getOrigAddr().startsWith("192.0.2.");
    }

    List<ConnectionEvent.Type> types() {
        return events.stream().map(ConnectionEvent::type).toList();
    }

    List<ConnectionEvent> events(ConnectionEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }
}
