package dev.synscope.streams.topology;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.anomaly.PacketEventDetector;
import dev.synscope.streams.anomaly.ResponderTtls;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.endpoint.ConnectionSnapshot;
import dev.synscope.streams.endpoint.AgedConditions;
import dev.synscope.streams.endpoint.EndpointDelta;
import dev.synscope.streams.endpoint.EndpointDeltaBatch;
import dev.synscope.streams.endpoint.EndpointDeltas;
import dev.synscope.streams.state.ConnectionEvent;
import dev.synscope.streams.state.ConnectionTracker;
import dev.synscope.streams.state.GiveUpInference;
import dev.synscope.streams.state.ObservationMismatchException;
import dev.synscope.streams.state.TrackerUpdate;
import dev.synscope.streams.timeouts.ConnectionTimeouts;
import dev.synscope.streams.metrics.PipelineMetrics;
import dev.synscope.streams.timeouts.DeadlineIndex;
import dev.synscope.streams.timeouts.TimeoutSweeper;
import dev.synscope.streams.timeouts.TimerEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the connections of one task: applies each observation with the {@link ConnectionTracker},
 * stores the row, and emits rows, conn-log records, anomalies and endpoint deltas. Timeouts run
 * from the {@link TimeoutSweeper} (after the record that moves event time a sweep interval on, and
 * from its wall-clock punctuator for quiet partitions) and, for a connection that gets a packet after
 * one of its deadlines, before that packet is applied (so results do not depend on when a sweep
 * happened to run). END_OF_CAPTURE finalizes every connection of the task.
 *
 * <p>Life of a row: a connection whose first packet is a RST is finalized at once (conn-log record,
 * tombstone; it is never stored); a RST on a known connection keeps it {@code closeLinger} (5 s, Zeek's
 * {@code tcp_reset_delay}) after its last packet, so what trails the reset counts in its record; a normal
 * close keeps it in TIME_WAIT until {@code timeWait} passes, as the kernel does; anything else ends by a
 * timeout or the end of the capture.
 *
 * <p>Bounded state: the task keeps at most {@link Thresholds#maxConnectionsPerTask()} connections. Their
 * number is kept in memory ({@link #live}, counted from the store on init, then moved by every row
 * written or removed), so the check costs nothing per packet. A packet that would start one more at the
 * limit first ends a connection that is closed and only lingering (with its own end reason), or else evicts an
 * embryonic connection (SYN seen, responder in LISTEN or SYN_RECEIVED), earliest
 * deadline first, as conntrack's early_drop does: it is finalized with end reason MEMORY_PRESSURE
 * (conn-log record, tombstone, the endpoint deltas that take it out of its endpoints' counts, as its
 * timeout would) and counted ({@link PipelineMetrics#evicted}). Candidates come from the head of the
 * {@link DeadlineIndex}, {@value #EARLY_DROP_SCAN} entries a look, kept in a small queue so a flood costs
 * one index read per {@value #EARLY_DROP_SCAN} evictions. When the look finds none, the new connection
 * is not tracked (conntrack's "table full"; {@link PipelineMetrics#refusedAtLimit}), and the index is not
 * looked at again until a connection leaves the table: established connections are never evicted.
 */
public final class ConnectionTrackingProcessor
        implements Processor<ConnectionKey, HeaderObservation, ConnectionKey, TrackerOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTrackingProcessor.class);

    private final StoreNames stores;
    private final Thresholds thresholds;
    private final ConnectionTracker tracker;
    private final ConnectionTimeouts timeouts;
    private PacketEventDetector detector;
    private ResponderTtls responderTtls;

    /** Index entries read per look for embryonic connections to evict (conntrack reads a bounded range too). */
    static final int EARLY_DROP_SCAN = 1024;

    private static final int SYN_ACK = 0x12;
    private static final int SYN_ACK_RST = 0x16;

    private ProcessorContext<ConnectionKey, TrackerOutput> context;
    private long failed;
    private KeyValueStore<ConnectionKey, ConnectionState> connections;
    private DeadlineIndex deadlines;
    private PipelineMetrics metrics;
    private long lastWallPunctuation = -1;
    /** Rows in this task's connections store. */
    private long live;
    /** Embryonic connections found by the latest look at the deadline index, earliest deadline first. */
    private final ArrayDeque<Bytes> evictionCandidates = new ArrayDeque<>();
    /** The latest look found nothing to evict and no connection has left since: refuse without looking. */
    private boolean nothingToEvict;
    private TimeoutSweeper sweeper;
    /** Rows due on the connections topic, latest state per key, forwarded when the task commits. */
    private final Map<ConnectionKey, ConnectionState> pendingRows = new LinkedHashMap<>();
    /** Endpoint deltas per endpoint, in order, forwarded as batches when the task commits. */
    private final Map<String, PendingDeltas> pendingDeltas = new LinkedHashMap<>();

    /** Names of the stores this processor uses. */
    public record StoreNames(String connections, String timers, String deadlineIndex, String responderTtls) {
    }

    public ConnectionTrackingProcessor(StoreNames stores, Thresholds thresholds, ConnectionTracker tracker) {
        this.stores = stores;
        this.thresholds = thresholds;
        this.tracker = tracker;
        this.timeouts = new ConnectionTimeouts(thresholds, tracker);
    }

    @Override
    public void init(ProcessorContext<ConnectionKey, TrackerOutput> context) {
        this.context = context;
        this.metrics = PipelineMetrics.of(context);
        this.connections = context.getStateStore(stores.connections());
        this.responderTtls = new ResponderTtls(context.getStateStore(stores.responderTtls()));
        this.detector = new PacketEventDetector(thresholds, responderTtls);
        this.deadlines = new DeadlineIndex(context.getStateStore(stores.timers()),
                context.getStateStore(stores.deadlineIndex()));
        this.sweeper = new TimeoutSweeper(deadlines, thresholds, this::onDue, context.currentSystemTimeMs());
        pendingRows.clear();
        pendingDeltas.clear();
        live = countRows();
        evictionCandidates.clear();
        nothingToEvict = false;
        CommitTimeEmitter.register(context, stores.connections(), this::emitPending);
        context.schedule(thresholds.wallClockCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    /**
     * Whatever one record does, the task goes on: a record this step throws on goes to the DLQ with the
     * exception in its reason (same task, same transaction) and is counted; the next record is processed.
     * Store writes the failed record made before the exception stay (each put is a whole row), so the
     * connection keeps its last consistent state.
     */
    @Override
    public void process(Record<ConnectionKey, HeaderObservation> record) {
        try {
            track(record);
        } catch (RuntimeException e) {
            failed++;
            String reason = "tracker failed: " + e;
            metrics.deadLettered(reason);
            LOG.error("record #{} failed in the tracker; sent to the DLQ, processing goes on", failed, e);
            context.forward(new Record<>(record.key(), DeadLetters.of(context, SynScopeSerdes.CONNECTION_KEY.serialize(null,
                    record.key()), SynScopeSerdes.HEADER_OBSERVATION.serialize(null, record.value()), record.timestamp(),
                    reason), context.currentSystemTimeMs()));
        }
    }

    /** The wall-clock punctuator: how late it ran (a busy or starved thread) is metered, then the sweep. */
    private void onWallClock(long wallMillis) {
        if (lastWallPunctuation >= 0) {
            long due = lastWallPunctuation + thresholds.wallClockCheckInterval().toMillis();
            metrics.punctuationLag(Math.max(0, wallMillis - due));
        }
        lastWallPunctuation = wallMillis;
        sweeper.onWallClock(wallMillis);
    }

    /** Counts the rows of the store once (init runs after the store is restored). */
    private long countRows() {
        long n = 0;
        try (KeyValueIterator<ConnectionKey, ConnectionState> it = connections.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    /** Connections this task keeps now (for tests and the soak). */
    public long liveConnections() {
        return live;
    }

    /** Records this processor instance sent to the DLQ because processing them threw. */
    public long failed() {
        return failed;
    }

    private void track(Record<ConnectionKey, HeaderObservation> record) {
        HeaderObservation h = record.value();
        long now = h.getTsMicros();
        sweeper.recordSeen(now, context.currentSystemTimeMs());
        switch (h.getKind()) {
            case HEARTBEAT -> {
                // only moves stream time (already done by the timestamp extractor)
            }
            case END_OF_CAPTURE -> endOfCapture(Math.max(now, sweeper.eventTimeMicros()));
            case TCP, ICMP_ERROR -> packet(record.key(), h, now);
        }
        sweeper.sweepIfDue();
    }

    private void packet(ConnectionKey key, HeaderObservation h, long now) {
        Bytes keyBytes = Bytes.wrap(SynScopeSerdes.CONNECTION_KEY.serialize(null, key));
        ConnectionState previous = connections.get(key);
        if (previous != null && timeouts.overdue(previous, now)) {
            previous = runTimers(key, keyBytes, previous, now);
        }
        ConnectionSnapshot before = ConnectionSnapshot.of(previous);
        TrackerUpdate update;
        try {
            update = tracker.apply(previous, key, h);
        } catch (ObservationMismatchException e) {
            // the decode step checks key and tuple, so this is a bug upstream: skip the packet, loudly
            LOG.error("packet does not belong to {}: {} - skipped", CanonicalKeys.describe(key), e.getMessage());
            return;
        }
        ConnectionState current = update.current();
        // a connection whose first packet is a RST (backscatter, a scan's answer) is finalized at once and never
        // stored; one reset later lingers (Thresholds.closeLinger) so the packets trailing the RST count in it
        boolean closedAtOnce = previous == null && update.finalized() == current
                && update.finalizedReason() == EndReason.RST;
        if (previous == null && !closedAtOnce && live >= thresholds.maxConnectionsPerTask() && !evictOne(now)) {
            metrics.refusedAtLimit(1); // table full: the new connection is not tracked
            return;
        }
        long cut = update.historyLettersCut();
        if (cut > 0) {
            metrics.historyCut(cut);
        }
        if (update.hasFinalized() && update.finalized() != current) {
            // the tuple was reused: the old instance ends before the new one starts
            finalizeInstance(key, keyBytes, update.finalized(), before, update.finalizedReason(), now, false);
            before = null;
        }
        if (h.getKind() == ObservationKind.TCP && (h.getFlags() & SYN_ACK_RST) == SYN_ACK) {
            responderTtls.observe(h.getProbeId(), CanonicalKeys.addressText(h.getSrcAddr()), h.getTtl());
        }
        List<AnomalyEvent> anomalies = detector.detect(current, update.events());
        for (AnomalyEvent a : anomalies) {
            emit(key, new TrackerOutput.Anomaly(a), now);
            if (a.getType() == AnomalyType.CONNECTION_REFUSED) {
                emitEndpoint(key, EndpointDeltas.event(current, EndpointDelta.Event.REFUSED, a.getTsMicros()), now);
            }
        }
        if (closedAtOnce) {
            finalizeInstance(key, keyBytes, current, before, EndReason.RST, now, true);
            return;
        }
        connections.put(key, current);
        if (previous == null) {
            live++;
        }
        ConnectionSnapshot after = ConnectionSnapshot.of(current);
        schedule(keyBytes, current, before, after, update.events());
        if (after.differsFrom(before) || emitIntervalPassed(before, after)) {
            emitRow(key, current);
        }
        emitEndpoint(key, EndpointDeltas.between(before, after, now), now);
    }

    /**
     * Early drop: finalizes the task's earliest-deadline embryonic connection to make room for a new one
     * (see the class comment); false when there is none to evict.
     */
    private boolean evictOne(long now) {
        while (!nothingToEvict) {
            if (evictionCandidates.isEmpty() && !findEvictionCandidates()) {
                nothingToEvict = true;
                return false;
            }
            Bytes keyBytes = evictionCandidates.poll();
            ConnectionKey key = SynScopeSerdes.CONNECTION_KEY.deserialize(null, keyBytes.get());
            ConnectionState s = connections.get(key);
            if (s != null && timeouts.overdue(s, now)) {
                // a deadline passed since the last sweep: its timeout runs first (CONNECT_TIMEOUT, expiry)
                s = runTimers(key, keyBytes, s, now);
                if (s == null) {
                    return true; // it expired: room made by its timeout, nothing evicted
                }
            }
            if (s != null && lingering(s)) {
                // closed already, waiting only for trailing packets: it ends now, with its own end reason
                finalizeInstance(key, keyBytes, s, ConnectionSnapshot.of(s), timeouts.expiryReason(s), now, true);
                metrics.evicted(1);
                return true;
            }
            if (s != null && embryonic(s)) { // still there and still embryonic since the look
                finalizeInstance(key, keyBytes, s, ConnectionSnapshot.of(s), EndReason.MEMORY_PRESSURE, now, true);
                // a handshake the full table could not keep counts toward SYN_FLOOD: it left before it could age
                emitEndpoint(key, EndpointDeltas.event(s, EndpointDelta.Event.EVICTED_HANDSHAKE, now), now);
                metrics.evicted(1);
                return true;
            }
        }
        return false;
    }

    /** Reads the head of the deadline index into the candidate queue; false when it holds none to evict. */
    private boolean findEvictionCandidates() {
        for (Bytes keyBytes : deadlines.earliest(EARLY_DROP_SCAN)) {
            ConnectionState s = connections.get(SynScopeSerdes.CONNECTION_KEY.deserialize(null, keyBytes.get()));
            if (s != null && (embryonic(s) || lingering(s))) {
                evictionCandidates.add(keyBytes);
            }
        }
        return !evictionCandidates.isEmpty();
    }

    /** Both endpoints CLOSED: the connection only lingers for trailing packets (Thresholds.closeLinger). */
    static boolean lingering(ConnectionState s) {
        return s.getOrigState() == TcpState.CLOSED && s.getRespState() == TcpState.CLOSED;
    }

    /**
     * SYN seen, handshake not completed: the originator in SYN_SENT, the responder in LISTEN or SYN_RECEIVED
     * (either side may have been inferred to have given up meanwhile: CLOSED, still embryonic).
     */
    static boolean embryonic(ConnectionState s) {
        boolean orig = s.getOrigState() == TcpState.SYN_SENT || GiveUpInference.gaveUp(s, true);
        boolean resp = s.getRespState() == TcpState.LISTEN || s.getRespState() == TcpState.SYN_RECEIVED
                || GiveUpInference.gaveUp(s, false);
        return orig && resp;
    }

    /** Removes a connection's row; the live count follows (a lone RST's row never existed). */
    private void deleteRow(ConnectionKey key) {
        if (connections.delete(key) != null) {
            live--;
            nothingToEvict = false;
        }
    }

    /** Keeps the deadline index right: only an earlier deadline or a zero-window change needs a write. */
    private void schedule(Bytes keyBytes, ConnectionState s, ConnectionSnapshot before, ConnectionSnapshot after,
                          List<ConnectionEvent> events) {
        boolean zeroWindow = false;
        for (ConnectionEvent e : events) {
            if (e.type() == ConnectionEvent.Type.ZERO_WINDOW_START || e.type() == ConnectionEvent.Type.ZERO_WINDOW_END) {
                zeroWindow = true;
                break;
            }
        }
        if (!zeroWindow && !after.statesDifferFrom(before)) {
            return; // only later deadlines (inactivity) can have moved: the sweep reschedules lazily
        }
        TimerEntry old = deadlines.get(keyBytes);
        TimerEntry entry = old == null || !old.uid().equals(s.getUid()) ? TimerEntry.fresh(s.getUid(), 0) : old;
        for (ConnectionEvent e : events) {
            if (e.type() == ConnectionEvent.Type.ZERO_WINDOW_START) {
                entry = entry.withZeroWindowSince(e.fromOriginator(), e.tsMicros());
            } else if (e.type() == ConnectionEvent.Type.ZERO_WINDOW_END) {
                entry = entry.withZeroWindowSince(e.fromOriginator(), -1);
            }
        }
        long next = timeouts.nextDeadline(s, entry);
        if (old != null && old.uid().equals(s.getUid()) && !zeroWindow && old.deadlineMicros() <= next) {
            return;
        }
        deadlines.put(keyBytes, old, entry.withDeadline(next));
    }

    private boolean emitIntervalPassed(ConnectionSnapshot before, ConnectionSnapshot after) {
        long interval = thresholds.connectionsEmitIntervalMicros();
        if (interval <= 0) {
            return true;
        }
        return before == null || Math.floorDiv(before.lastSeenMicros(), interval)
                != Math.floorDiv(after.lastSeenMicros(), interval);
    }

    /** The sweep found the connection's deadline passed. */
    private void onDue(Bytes keyBytes, long now) {
        ConnectionKey key = SynScopeSerdes.CONNECTION_KEY.deserialize(null, keyBytes.get());
        ConnectionState s = connections.get(key);
        if (s == null) {
            deadlines.remove(keyBytes, deadlines.get(keyBytes));
            return;
        }
        runTimers(key, keyBytes, s, now);
    }

    /** Runs the timeout rules due at {@code now}; returns the state, or null when it expired. */
    private ConnectionState runTimers(ConnectionKey key, Bytes keyBytes, ConnectionState s, long now) {
        ConnectionSnapshot before = ConnectionSnapshot.of(s);
        TimerEntry stored = deadlines.get(keyBytes);
        TimerEntry entry = stored != null && stored.uid().equals(s.getUid()) ? stored : null;
        TimerEntry base = entry == null ? TimerEntry.fresh(s.getUid(), 0) : entry;
        ConnectionTimeouts.Outcome outcome = timeouts.evaluate(s, base, now);
        for (AnomalyEvent a : outcome.anomalies()) {
            emit(key, new TrackerOutput.Anomaly(a), now);
            EndpointDelta.Event event = switch (a.getType()) {
                case CONNECT_TIMEOUT -> EndpointDelta.Event.CONNECT_TIMEOUT;
                case HALF_OPEN -> EndpointDelta.Event.HALF_OPEN;
                default -> null;
            };
            if (event != null) {
                emitEndpoint(key, EndpointDeltas.event(s, event, a.getTsMicros()), now);
            }
        }
        outcome.connLogs().forEach(log -> emit(key, new TrackerOutput.ConnLog(log), now));
        // a condition that aged counts in its endpoint's gauge from the time it aged (AgedConditions)
        ConnectionSnapshot aged = ConnectionSnapshot.of(s);
        if (outcome.agedAtMicros() >= 0) {
            emitEndpoint(key, EndpointDeltas.between(before, aged, outcome.agedAtMicros()), now);
        }
        if (outcome.expired()) {
            deleteRow(key);
            deadlines.remove(keyBytes, stored);
            emit(key, new TrackerOutput.ConnLog(tracker.toConnLog(s, outcome.expiredReason(), false)), now);
            emitRow(key, null);
            emitEndpoint(key, EndpointDeltas.between(aged, null, outcome.expiredAtMicros()), now);
            if (AgedConditions.agedHandshake(s)) {
                // an aged handshake that ended incomplete (given up, timed out) still counts toward SYN_FLOOD
                // for the rest of the window, as an evicted one does
                emitEndpoint(key, EndpointDeltas.event(s, EndpointDelta.Event.ABANDONED_HANDSHAKE,
                        outcome.expiredAtMicros()), now);
            }
            return null;
        }
        TimerEntry next = outcome.entry().withDeadline(Math.max(now + 1, timeouts.nextDeadline(s, outcome.entry())));
        deadlines.put(keyBytes, stored, next);
        ConnectionSnapshot after = aged;
        boolean gaveUp = after.statesDifferFrom(before); // a side inferred to have given up its handshake
        if (outcome.agedAtMicros() >= 0 && outcome.anomalies().isEmpty() && !gaveUp) {
            connections.put(key, s); // the mark is in the stored state; the row on the topic has not changed
        }
        if (!outcome.anomalies().isEmpty() || gaveUp) {
            connections.put(key, s);
            emitRow(key, s);
        }
        if (gaveUp && outcome.agedAtMicros() < 0) { // an aged condition's delta above already carried the change
            emitEndpoint(key, EndpointDeltas.between(before, after, now), now);
        }
        return s;
    }

    /** Writes the conn-log record of an ended instance and removes it (tombstone) unless a new one replaced it. */
    private void finalizeInstance(ConnectionKey key, Bytes keyBytes, ConnectionState s, ConnectionSnapshot before,
                                  EndReason reason, long now, boolean removeRow) {
        emit(key, new TrackerOutput.ConnLog(tracker.toConnLog(s, reason, false)), now);
        emitEndpoint(key, EndpointDeltas.between(before, null, now), now);
        TimerEntry entry = deadlines.get(keyBytes);
        if (removeRow) {
            deleteRow(key);
            deadlines.remove(keyBytes, entry);
            emitRow(key, null);
        }
    }

    /**
     * END_OF_CAPTURE: runs the timeouts due by the end, then finalizes every remaining connection
     * of the task with end reason CAPTURE_END (FIN for rows already closed normally, in TIME_WAIT).
     */
    private void endOfCapture(long now) {
        sweeper.sweep(now);
        List<KeyValue<ConnectionKey, ConnectionState>> remaining = new ArrayList<>();
        try (KeyValueIterator<ConnectionKey, ConnectionState> it = connections.all()) {
            it.forEachRemaining(remaining::add);
        }
        for (KeyValue<ConnectionKey, ConnectionState> kv : remaining) {
            ConnectionState s = kv.value;
            boolean closedNormally = s.getOrigState() == TcpState.TIME_WAIT || s.getRespState() == TcpState.TIME_WAIT
                    || (s.getOrigState() == TcpState.CLOSED && s.getRespState() == TcpState.CLOSED);
            Bytes keyBytes = Bytes.wrap(SynScopeSerdes.CONNECTION_KEY.serialize(null, kv.key));
            finalizeInstance(kv.key, keyBytes, s, ConnectionSnapshot.of(s),
                    closedNormally ? timeouts.expiryReason(s) : EndReason.CAPTURE_END, now, true);
        }
    }

    /**
     * A row for the connections topic. The topic is a table (compacted, read as latest-per-key), so the
     * rows a connection earns within one commit interval collapse into its latest state, forwarded just
     * before the commit ({@link CommitTimeEmitter}), in the transaction that also holds the state change.
     * A tombstone goes out at once and drops the pending row, so a key's last record is always right.
     * (The TopologyTestDriver commits after every record, so there every row earned is seen.)
     */
    private void emitRow(ConnectionKey key, ConnectionState state) {
        if (state == null) {
            pendingRows.remove(key);
            emit(key, new TrackerOutput.Row(null), 0);
        } else {
            pendingRows.put(key, state);
        }
    }

    /** Forwards the held rows and endpoint batches; runs right before the task commits. */
    private void emitPending() {
        long now = context.currentSystemTimeMs();
        if (!pendingRows.isEmpty()) {
            for (Map.Entry<ConnectionKey, ConnectionState> e : pendingRows.entrySet()) {
                context.forward(new Record<>(e.getKey(), new TrackerOutput.Row(e.getValue()), now));
            }
            pendingRows.clear();
        }
        if (!pendingDeltas.isEmpty()) {
            for (Map.Entry<String, PendingDeltas> e : pendingDeltas.entrySet()) {
                context.forward(new Record<>(e.getValue().anyKey,
                        new TrackerOutput.Endpoint(new EndpointDeltaBatch(e.getKey(), e.getValue().deltas)), now));
            }
            pendingDeltas.clear();
        }
    }

    /**
     * Output records carry the wall-clock time as their Kafka timestamp; event times are in the
     * payload. With event time there, a capture older than the topics' retention.ms (7 days by
     * default) would have its results deleted by retention as soon as they are written.
     */
    private void emit(ConnectionKey key, TrackerOutput output, long nowMicros) {
        context.forward(new Record<>(key, output, context.currentSystemTimeMs()));
    }

    /**
     * Endpoint deltas are held per endpoint, in order, and forwarded as one batch per endpoint when the
     * task commits (with the rows): the repartition topic carries one record per endpoint and commit
     * instead of ~2 per packet. Nothing is summed, so the endpoint-stats step sees the same sequence. A batch
     * that reaches {@link #MAX_DELTAS_PER_BATCH} is forwarded at once.
     */
    private void emitEndpoint(ConnectionKey key, List<EndpointDelta> deltas, long nowMicros) {
        for (EndpointDelta d : deltas) {
            PendingDeltas pending = pendingDeltas.computeIfAbsent(d.endpoint(), e -> new PendingDeltas(key));
            pending.deltas.add(d);
            if (pending.deltas.size() >= MAX_DELTAS_PER_BATCH) {
                // a full batch goes now; the endpoint's next deltas start the next one, so the order is kept
                pendingDeltas.remove(d.endpoint());
                context.forward(new Record<>(pending.anyKey, new TrackerOutput.Endpoint(
                        new EndpointDeltaBatch(d.endpoint(), pending.deltas)), context.currentSystemTimeMs()));
            }
        }
    }

    /**
     * Deltas in one repartition record at most: ~60 bytes each, so a batch stays far below the producer's
     * max.request.size (1 MB) however many connections change in one commit interval (the end of a capture
     * finalizes every connection left, 150,000 on one service in the 300k-connection healthy capture).
     */
    static final int MAX_DELTAS_PER_BATCH = 5_000;

    /** Deltas held for one endpoint, with a connection key to give the record (the re-key replaces it). */
    private static final class PendingDeltas {
        final ConnectionKey anyKey;
        final List<EndpointDelta> deltas = new ArrayList<>(4);

        PendingDeltas(ConnectionKey anyKey) {
            this.anyKey = anyKey;
        }
    }

}
