/**
 * The connection tracker: the pure per-connection TCP logic, no Kafka and no clock.
 *
 * <h2>API (used by the topology)</h2>
 * <ul>
 *   <li>{@link dev.synscope.streams.state.ConnectionTracker#apply} takes the stored
 *       {@code ConnectionState} (or null), the canonical key and one {@code HeaderObservation}, and returns a
 *       {@link dev.synscope.streams.state.TrackerUpdate}: the current instance, the instance this packet ended
 *       (tuple reuse: the previous one, reason TUPLE_REUSE; a close: the current one itself, reason FIN or RST)
 *       and the {@link dev.synscope.streams.state.ConnectionEvent}s it caused. It mutates and returns the state
 *       passed in. HEARTBEAT and END_OF_CAPTURE observations return the state unchanged.</li>
 *   <li>{@link dev.synscope.streams.state.ConnectionTracker#toConnLog} builds the conn-log record.</li>
 *   <li>{@link dev.synscope.streams.state.TrackerConfig} holds the knobs, {@code defaults()} the NOC defaults.</li>
 *   <li>A packet whose endpoints are not the key's raises
 *       {@link dev.synscope.streams.state.ObservationMismatchException} (route the record to the DLQ).</li>
 * </ul>
 *
 * <h2>Two state machines</h2>
 * RFC 9293 endpoint states ({@code origState}/{@code respState}, the table of docs/tcp-semantics.md, in
 * {@code RfcStateMachine}) and Zeek's own endpoint states ({@code zeekStates}, a port of Zeek's
 * TCPSessionAdapter, only to compute {@code conn_state} exactly as Zeek's {@code conn_state()} does).
 *
 * <h2>Zeek compatibility and the documented differences</h2>
 * <ul>
 *   <li>History letters follow Zeek's update_history/CheckHistory/ScaledHistoryEntry. 'C' is never produced:
 *       with a 128-byte snaplen the TCP checksum cannot be verified.</li>
 *   <li>Roles: the sender of a SYN without ACK is the originator; a connection first seen as a SYN+ACK has
 *       its sender as responder and history "^h..." (what Zeek writes when the SYN+ACK comes from a likely
 *       server port; Zeek keeps the sender as originator otherwise). Without any SYN the responder is the
 *       endpoint on a port below 1024 when exactly one is, else the lower port; {@code rolesGuessed} is set
 *       and '^' is recorded when that makes the first packet's sender the responder.</li>
 *   <li>A SYN with a new ISN re-bases a side only while it has sent no data (Zeek re-bases always), and an
 *       ACK more than {@code ackAheadLimitBytes} beyond the peer's highest sequence is not trusted for byte
 *       counts (Zeek trusts it): both guard against the inflated counts of user-asks.md #3.</li>
 *   <li>A segment more than {@code ackAheadLimitBytes} beyond its sender's highest sequence is not counted
 *       (SEQ_OUT_OF_WINDOW) until the receiver acks near it; then the side is re-synchronized there and the
 *       bytes counted so far are carried over ({@code origCarriedBytes}): at most one segment is lost from the
 *       count, no jumped-over range is ever added. Zeek trusts such jumps, and a FIN right after a SYN.</li>
 *   <li>Content gaps: one hole per direction is tracked exactly; further holes beyond the first are merged.</li>
 *   <li>A SYN carrying data is not counted as a retransmission (Zeek counts it as 'T').</li>
 * </ul>
 *
 * <h2>Several probes and duplicates</h2>
 * See {@code PacketFingerprints}: a recent-packet fingerprint ring drops the same record delivered twice and
 * merges two probes' sightings of one packet; each probe's own counts and inferred states stay in
 * {@code vantages}.
 */
package dev.synscope.streams.state;
