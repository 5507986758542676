package dev.synscope.streams.endpoint;

import dev.synscope.schema.ConnectionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Computes the endpoint deltas of a connection's change. A connection is seen by three aggregates:
 * its originator's host, its responder's host:port (the service) and its responder's host; each
 * holds the state of that connection's endpoint on it. Deltas are only emitted when one of these
 * changes, so an established connection exchanging data produces none.
 */
public final class EndpointDeltas {

    private EndpointDeltas() {
    }

    private record View(String endpoint, String host, int port, String state) {
    }

    /** Deltas from {@code before} to {@code after} (either may be null: new or removed connection). */
    public static List<EndpointDelta> between(ConnectionSnapshot before, ConnectionSnapshot after, long tsMicros) {
        List<EndpointDelta> out = new ArrayList<>(0);
        if (before == null && after == null) {
            // a connection that began and ended on one packet (a lone RST): never counted, nothing to undo
            return out;
        }
        if (before != null && after != null && !before.uid().equals(after.uid())) {
            out.addAll(between(before, null, tsMicros));
            out.addAll(between(null, after, tsMicros));
            return out;
        }
        List<View> from = views(before);
        List<View> to = views(after);
        String uid = after != null ? after.uid() : before.uid();
        for (int i = 0; i < 3; i++) {
            View f = from == null ? null : from.get(i);
            View t = to == null ? null : to.get(i);
            if (Objects.equals(f, t)) {
                continue;
            }
            if (f != null && t != null && f.endpoint().equals(t.endpoint())) {
                out.add(new EndpointDelta(t.endpoint(), t.host(), t.port(), f.state(), t.state(),
                        EndpointDelta.Event.NONE, tsMicros, uid));
                continue;
            }
            if (f != null) {
                out.add(new EndpointDelta(f.endpoint(), f.host(), f.port(), f.state(), null,
                        EndpointDelta.Event.NONE, tsMicros, uid));
            }
            if (t != null) {
                out.add(new EndpointDelta(t.endpoint(), t.host(), t.port(), null, t.state(),
                        EndpointDelta.Event.NONE, tsMicros, uid));
            }
        }
        aged(before == null || !before.agedHandshake() ? null : before, after == null || !after.agedHandshake()
                ? null : after, EndpointDelta.Event.AGED_HANDSHAKE_GONE, EndpointDelta.Event.AGED_HANDSHAKE, tsMicros,
                uid, out);
        aged(before == null || !before.agedCloseWait() ? null : before, after == null || !after.agedCloseWait()
                ? null : after, EndpointDelta.Event.AGED_CLOSE_WAIT_GONE, EndpointDelta.Event.AGED_CLOSE_WAIT, tsMicros,
                uid, out);
        return out;
    }

    /**
     * The aged gauge of the responder's host:port ({@link AgedConditions}): {@code from}/{@code to} are the
     * snapshots that count in it (null: not counted), so a connection that stops counting, or whose
     * responder host:port changed (roles corrected), takes its one back.
     */
    private static void aged(ConnectionSnapshot from, ConnectionSnapshot to, EndpointDelta.Event gone,
                             EndpointDelta.Event came, long tsMicros, String uid, List<EndpointDelta> out) {
        String fromKey = from == null ? null : EndpointDelta.endpointKey(from.respAddr(), from.respPort());
        String toKey = to == null ? null : EndpointDelta.endpointKey(to.respAddr(), to.respPort());
        if (Objects.equals(fromKey, toKey)) {
            return;
        }
        if (from != null) {
            out.add(new EndpointDelta(fromKey, from.respAddr(), from.respPort(), null, null, gone, tsMicros, uid));
        }
        if (to != null) {
            out.add(new EndpointDelta(toKey, to.respAddr(), to.respPort(), null, null, came, tsMicros, uid));
        }
    }

    /** An event counted on the responder's host:port and host (refusal, connect timeout, half-open). */
    public static List<EndpointDelta> event(ConnectionState s, EndpointDelta.Event event, long tsMicros) {
        return List.of(
                new EndpointDelta(EndpointDelta.endpointKey(s.getRespAddr(), s.getRespPort()), s.getRespAddr(),
                        s.getRespPort(), null, null, event, tsMicros, s.getUid()),
                new EndpointDelta(EndpointDelta.endpointKey(s.getRespAddr(), -1), s.getRespAddr(), -1, null, null,
                        event, tsMicros, s.getUid()));
    }

    private static List<View> views(ConnectionSnapshot s) {
        if (s == null) {
            return null;
        }
        String orig = s.origState().name();
        String resp = s.respState().name();
        return List.of(
                new View(EndpointDelta.endpointKey(s.origAddr(), -1), s.origAddr(), -1, orig),
                new View(EndpointDelta.endpointKey(s.respAddr(), s.respPort()), s.respAddr(), s.respPort(), resp),
                new View(EndpointDelta.endpointKey(s.respAddr(), -1), s.respAddr(), -1, resp));
    }
}
