package dev.synscope.streams.config;

import java.time.Duration;

/**
 * Every time and count threshold of the streams app, with the defaults a NOC would pick. Times are
 * event time (capture timestamps), not wall-clock time, except where a name says "wall".
 *
 * @param synTimeout               SYN (and its retransmissions) unanswered this long after the first SYN:
 *                                 CONNECT_TIMEOUT. 5 s, Zeek's {@code tcp_SYN_timeout}/attempt delay; by then
 *                                 Linux has retransmitted the SYN twice (1 s, 3 s). The attempt is not finalized
 *                                 here: later retransmissions of the same SYN stay in the same record, which is
 *                                 closed when the originator is inferred to have given up (see giveUpMargin), or
 *                                 else by the inactivity timeout like Zeek's S0 connections
 * @param halfOpenTimeout          responder in SYN_RECEIVED without the final ACK this long: HALF_OPEN (10 s)
 * @param closeWaitStuck           an endpoint in CLOSE_WAIT this long: CLOSE_WAIT_STUCK (60 s)
 * @param timeWait                 how long a normally closed connection stays in the table in TIME_WAIT before it
 *                                 is finalized: 2*MSL as Linux implements it, 60 s
 * @param closeLinger              a connection both of whose endpoints are CLOSED (a RST, or both FINs acknowledged
 *                                 with no TIME_WAIT left) stays in the table this long before it is finalized, so
 *                                 the packets that trail a close (the peer's RST after a RST, a last ACK, a FIN
 *                                 after a RST) count in its record instead of opening a new one: Zeek's
 *                                 {@code tcp_reset_delay} and {@code tcp_close_delay}, 5 s. A connection whose
 *                                 first packet is a RST (backscatter) is finalized at once
 * @param inactivity               no packet for this long finalizes any connection with end reason TIMEOUT
 *                                 (5 min, Zeek's {@code tcp_inactivity_timeout})
 * @param interimInterval          a long-lived connection gets an interim conn-log record every this often
 *                                 (0 = never); 10 min by default
 * @param zeroWindowStall          a zero window advertised this long: ZERO_WINDOW_STALL (5 s)
 * @param retransmissionStormCount retransmitted segments in one direction before RETRANSMISSION_STORM (10) ...
 * @param retransmissionStormRatio ... when they are also at least this share of that direction's packets (0.2)
 * @param synFloodThreshold        handshakes on one host:port that stay incomplete (responder LISTEN or
 *                                 SYN_RECEIVED for longer than {@code synFloodMinAge} after the first SYN) at once,
 *                                 for SYN_FLOOD (50). Handshakes merely in flight do not count: a service doing
 *                                 20,000 handshakes a second with a 2 ms RTT has ~40 open at any instant and a
 *                                 burst can have hundreds, all of them answered and completed within milliseconds;
 *                                 a flood leaves its handshakes incomplete for a minute (the server's SYN+ACK
 *                                 retransmissions), so any sustained flood piles up aged ones
 * @param synFloodMinAge           how long a handshake must have stayed incomplete (since its first SYN) to count
 *                                 toward SYN_FLOOD (2 s): far above any healthy RTT, above a handshake that lost
 *                                 one segment (the SYN or SYN+ACK retransmitted after the 1 s initial RTO completes
 *                                 it at ~1 s + RTT), below the second retransmission (3 s) and {@code synTimeout}
 * @param closeWaitLeakThreshold   connections on one host:port whose responder has sat in CLOSE_WAIT, idle, for
 *                                 longer than {@code closeWaitLeakMinAge}, at once, for CLOSE_WAIT_LEAK (5). A
 *                                 healthy server passes through CLOSE_WAIT for the moment it takes to close after
 *                                 reading EOF; under load many are in it at once, briefly, and they do not count
 * @param closeWaitLeakMinAge      how long a responder must have been in CLOSE_WAIT with no packet on the connection
 *                                 to count toward CLOSE_WAIT_LEAK (3 s): a healthy application closes within
 *                                 milliseconds of the EOF, even a loaded one within a GC pause; one still streaming
 *                                 its answer after the peer's half-close keeps packets flowing, so is not idle. Well
 *                                 below {@code closeWaitStuck} (60 s), so a leak is seen while it builds up
 * @param endpointWindow           tumbling window of the endpoint refusal/timeout counters (1 min)
 * @param maxClockSkew             a packet more than this far from its partition's stream time is impossible
 *                                 and goes to the DLQ (1 day)
 * @param maxClockAhead            a capture time more than this ahead of the wall clock is impossible and goes to
 *                                 the DLQ, reason class {@code clock} (5 min): a probe whose clock runs ahead
 *                                 is quarantined record by record and can never move a partition's time (and
 *                                 with it every other probe's timeouts) into the future. Synced clocks differ
 *                                 by milliseconds; 5 min also stays under the broker's default
 *                                 {@code message.timestamp.after.max.ms} (1 h), which would otherwise reject
 *                                 the state-store changelog writes such a record makes
 * @param connectionsEmitInterval  a connection's row is re-published on the connections topic when a state,
 *                                 conn_state or history changes, otherwise at most once per this much event time
 *                                 (1 s): the table stays live without one topic write per packet
 * @param sweepInterval            event time between two timeout sweeps (1 s; see TimeoutSweeper)
 * @param wallClockIdleAdvance     wall-clock rule for partitions with no records (not even probe heartbeats):
 *                                 when a task received nothing for this long (wall time), its event time is taken
 *                                 to have advanced by the wall time elapsed since its last record, and timeouts
 *                                 run at that time (30 s; 0 = off, as for a one-shot file analysis, where the
 *                                 capture's clock has nothing to do with the wall clock)
 * @param wallClockCheckInterval   wall-clock punctuation period that applies that rule (10 s)
 * @param initialRto               the initial retransmission timeout SynScope assumes for a SYN or SYN+ACK before
 *                                 it has seen a retransmission: 1 s, Linux's TCP_TIMEOUT_INIT (RFC 6298; old
 *                                 stacks used 3 s, and a connection that retransmits teaches its own gap)
 * @param giveUpMargin             give-up inference (issue 13, GiveUpInference): an endpoint retransmitting its
 *                                 SYN (SYN+ACK) has given up when the next retransmission its backoff predicts
 *                                 (2x the last gap; initialRto after a single SYN; for a SYN+ACK the time since
 *                                 the first plus one RTO) is this many times overdue: 1.5, so a timer that fires
 *                                 late (the kernel's timer wheel rounds up by up to 12.5 %) is never taken for a
 *                                 give-up. Its side becomes CLOSED and the attempt is finalized (S0 stays S0).
 *                                 0 turns the inference off
 * @param maxConnectionsPerTask    connections one task (one partition) keeps at once. A packet that would start
 *                                 one more evicts the task's earliest-deadline embryonic connection (SYN seen, no
 *                                 handshake completed: conntrack's early_drop), or, when there is none, is not
 *                                 tracked (conntrack's "table full"); established connections are never evicted.
 *                                 500,000 by default: sized for an instance at -Xmx1g. The connections store keeps
 *                                 only {@code synscope.object.cache.entries} (20k) rows per task on the heap, the
 *                                 rest is in RocksDB (~430 B per connection with its timers, BENCHMARKS.md
 *                                 "concurrent"), so the bound is disk and RocksDB memory, not the heap; 1M
 *                                 connections on one -Xmx1g instance (2 tasks, 500k each) is the measured case,
 *                                 and a spoofed-SYN flood then tops out at ~215 MB of RocksDB per task instead of
 *                                 growing with the attack
 */
public record Thresholds(
        Duration synTimeout,
        Duration halfOpenTimeout,
        Duration closeWaitStuck,
        Duration timeWait,
        Duration closeLinger,
        Duration inactivity,
        Duration interimInterval,
        Duration zeroWindowStall,
        long retransmissionStormCount,
        double retransmissionStormRatio,
        long synFloodThreshold,
        Duration synFloodMinAge,
        long closeWaitLeakThreshold,
        Duration closeWaitLeakMinAge,
        Duration endpointWindow,
        Duration maxClockSkew,
        Duration maxClockAhead,
        Duration connectionsEmitInterval,
        Duration sweepInterval,
        Duration wallClockIdleAdvance,
        Duration wallClockCheckInterval,
        long maxConnectionsPerTask,
        Duration initialRto,
        double giveUpMargin) {

    public Thresholds {
        requirePositive("synTimeout", synTimeout);
        requirePositive("halfOpenTimeout", halfOpenTimeout);
        requirePositive("closeWaitStuck", closeWaitStuck);
        requirePositive("timeWait", timeWait);
        requireNotNegative("closeLinger", closeLinger);
        requirePositive("inactivity", inactivity);
        requireNotNegative("interimInterval", interimInterval);
        requirePositive("zeroWindowStall", zeroWindowStall);
        requirePositive("endpointWindow", endpointWindow);
        requirePositive("synFloodMinAge", synFloodMinAge);
        requirePositive("closeWaitLeakMinAge", closeWaitLeakMinAge);
        requirePositive("maxClockSkew", maxClockSkew);
        requirePositive("maxClockAhead", maxClockAhead);
        requireNotNegative("connectionsEmitInterval", connectionsEmitInterval);
        requirePositive("sweepInterval", sweepInterval);
        requireNotNegative("wallClockIdleAdvance", wallClockIdleAdvance);
        requirePositive("wallClockCheckInterval", wallClockCheckInterval);
        requirePositive("initialRto", initialRto);
        if (!(giveUpMargin == 0 || giveUpMargin >= 1)) {
            throw new IllegalArgumentException("giveUpMargin must be 0 (off) or at least 1, not " + giveUpMargin);
        }
        if (retransmissionStormCount < 1 || synFloodThreshold < 1 || closeWaitLeakThreshold < 1
                || maxConnectionsPerTask < 1) {
            throw new IllegalArgumentException("count thresholds must be >= 1");
        }
        if (retransmissionStormRatio < 0 || retransmissionStormRatio > 1) {
            throw new IllegalArgumentException("retransmissionStormRatio must be in [0, 1], not "
                    + retransmissionStormRatio);
        }
    }

    /** The NOC defaults listed on the record components. */
    public static Thresholds defaults() {
        return builder().build();
    }

    /**
     * The thresholds for analysing capture files ({@code synscope analyze}): a file's clock is whatever it
     * recorded, so a gap of years, or a merged trace that goes back in time, is time passing and nothing
     * is refused for its time (Zeek reads files the same way: timers fire as time jumps); and no
     * wall-clock rule applies, the capture's clock having nothing to do with the wall clock. The give-up
     * inference (initialRto, giveUpMargin) runs as live: it reads only the capture's own times.
     */
    public static Thresholds forFileAnalysis() {
        return builder().maxClockSkew(ANY_CLOCK_SKEW).maxClockAhead(ANY_CLOCK_SKEW).wallClockIdleAdvance(Duration.ZERO)
                .build();
    }

    /** A skew no capture reaches (200 years; still within a long of nanoseconds): the clock rules never refuse. */
    public static final Duration ANY_CLOCK_SKEW = Duration.ofDays(365L * 200);

    /** A builder holding the defaults; set only what differs. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public Thresholds withWallClockIdleAdvance(Duration value) {
        return toBuilder().wallClockIdleAdvance(value).build();
    }

    public Thresholds withInterimInterval(Duration value) {
        return toBuilder().interimInterval(value).build();
    }

    public Thresholds withEndpointThresholds(long synFlood, long closeWaitLeak) {
        return toBuilder().synFloodThreshold(synFlood).closeWaitLeakThreshold(closeWaitLeak).build();
    }

    /**
     * The one place the defaults are written (the record components' Javadoc says why each); the CLI's
     * flags read theirs from {@link #defaults()}. {@link #build()} validates.
     */
    public static final class Builder {
        private Duration synTimeout = Duration.ofSeconds(5);
        private Duration halfOpenTimeout = Duration.ofSeconds(10);
        private Duration closeWaitStuck = Duration.ofSeconds(60);
        private Duration timeWait = Duration.ofSeconds(60);
        private Duration closeLinger = Duration.ofSeconds(5);
        private Duration inactivity = Duration.ofMinutes(5);
        private Duration interimInterval = Duration.ofMinutes(10);
        private Duration zeroWindowStall = Duration.ofSeconds(5);
        private long retransmissionStormCount = 10;
        private double retransmissionStormRatio = 0.2;
        private long synFloodThreshold = 50;
        private Duration synFloodMinAge = Duration.ofSeconds(2);
        private long closeWaitLeakThreshold = 5;
        private Duration closeWaitLeakMinAge = Duration.ofSeconds(3);
        private Duration endpointWindow = Duration.ofMinutes(1);
        private Duration maxClockSkew = Duration.ofDays(1);
        private Duration maxClockAhead = Duration.ofMinutes(5);
        private Duration connectionsEmitInterval = Duration.ofSeconds(1);
        private Duration sweepInterval = Duration.ofSeconds(1);
        private Duration wallClockIdleAdvance = Duration.ofSeconds(30);
        private Duration wallClockCheckInterval = Duration.ofSeconds(10);
        private long maxConnectionsPerTask = 500_000;
        private Duration initialRto = Duration.ofSeconds(1);
        private double giveUpMargin = 1.5;

        private Builder() {
        }

        private Builder(Thresholds t) {
            synTimeout = t.synTimeout;
            halfOpenTimeout = t.halfOpenTimeout;
            closeWaitStuck = t.closeWaitStuck;
            timeWait = t.timeWait;
            closeLinger = t.closeLinger;
            inactivity = t.inactivity;
            interimInterval = t.interimInterval;
            zeroWindowStall = t.zeroWindowStall;
            retransmissionStormCount = t.retransmissionStormCount;
            retransmissionStormRatio = t.retransmissionStormRatio;
            synFloodThreshold = t.synFloodThreshold;
            synFloodMinAge = t.synFloodMinAge;
            closeWaitLeakThreshold = t.closeWaitLeakThreshold;
            closeWaitLeakMinAge = t.closeWaitLeakMinAge;
            endpointWindow = t.endpointWindow;
            maxClockSkew = t.maxClockSkew;
            maxClockAhead = t.maxClockAhead;
            connectionsEmitInterval = t.connectionsEmitInterval;
            sweepInterval = t.sweepInterval;
            wallClockIdleAdvance = t.wallClockIdleAdvance;
            wallClockCheckInterval = t.wallClockCheckInterval;
            maxConnectionsPerTask = t.maxConnectionsPerTask;
            initialRto = t.initialRto;
            giveUpMargin = t.giveUpMargin;
        }

        public Builder synTimeout(Duration v) { synTimeout = v; return this; }
        public Builder halfOpenTimeout(Duration v) { halfOpenTimeout = v; return this; }
        public Builder closeWaitStuck(Duration v) { closeWaitStuck = v; return this; }
        public Builder timeWait(Duration v) { timeWait = v; return this; }
        public Builder closeLinger(Duration v) { closeLinger = v; return this; }
        public Builder inactivity(Duration v) { inactivity = v; return this; }
        public Builder interimInterval(Duration v) { interimInterval = v; return this; }
        public Builder zeroWindowStall(Duration v) { zeroWindowStall = v; return this; }
        public Builder retransmissionStormCount(long v) { retransmissionStormCount = v; return this; }
        public Builder retransmissionStormRatio(double v) { retransmissionStormRatio = v; return this; }
        public Builder synFloodThreshold(long v) { synFloodThreshold = v; return this; }
        public Builder synFloodMinAge(Duration v) { synFloodMinAge = v; return this; }
        public Builder closeWaitLeakThreshold(long v) { closeWaitLeakThreshold = v; return this; }
        public Builder closeWaitLeakMinAge(Duration v) { closeWaitLeakMinAge = v; return this; }
        public Builder endpointWindow(Duration v) { endpointWindow = v; return this; }
        public Builder maxClockSkew(Duration v) { maxClockSkew = v; return this; }
        public Builder maxClockAhead(Duration v) { maxClockAhead = v; return this; }
        public Builder connectionsEmitInterval(Duration v) { connectionsEmitInterval = v; return this; }
        public Builder sweepInterval(Duration v) { sweepInterval = v; return this; }
        public Builder wallClockIdleAdvance(Duration v) { wallClockIdleAdvance = v; return this; }
        public Builder wallClockCheckInterval(Duration v) { wallClockCheckInterval = v; return this; }
        public Builder maxConnectionsPerTask(long v) { maxConnectionsPerTask = v; return this; }
        public Builder initialRto(Duration v) { initialRto = v; return this; }
        public Builder giveUpMargin(double v) { giveUpMargin = v; return this; }

        public Thresholds build() {
            return new Thresholds(synTimeout, halfOpenTimeout, closeWaitStuck, timeWait, closeLinger, inactivity,
                    interimInterval, zeroWindowStall, retransmissionStormCount, retransmissionStormRatio,
                    synFloodThreshold, synFloodMinAge, closeWaitLeakThreshold, closeWaitLeakMinAge, endpointWindow,
                    maxClockSkew, maxClockAhead, connectionsEmitInterval,
                    sweepInterval, wallClockIdleAdvance, wallClockCheckInterval, maxConnectionsPerTask, initialRto,
                    giveUpMargin);
        }
    }

    public long synTimeoutMicros() {
        return micros(synTimeout);
    }

    public long initialRtoMicros() {
        return micros(initialRto);
    }

    public long halfOpenTimeoutMicros() {
        return micros(halfOpenTimeout);
    }

    public long closeWaitStuckMicros() {
        return micros(closeWaitStuck);
    }

    public long timeWaitMicros() {
        return micros(timeWait);
    }

    public long closeLingerMicros() {
        return micros(closeLinger);
    }

    public long inactivityMicros() {
        return micros(inactivity);
    }

    public long interimIntervalMicros() {
        return micros(interimInterval);
    }

    public long zeroWindowStallMicros() {
        return micros(zeroWindowStall);
    }

    public long synFloodMinAgeMicros() {
        return micros(synFloodMinAge);
    }

    public long closeWaitLeakMinAgeMicros() {
        return micros(closeWaitLeakMinAge);
    }

    public long endpointWindowMicros() {
        return micros(endpointWindow);
    }

    public long maxClockSkewMicros() {
        return micros(maxClockSkew);
    }

    public long maxClockAheadMicros() {
        return micros(maxClockAhead);
    }

    public long connectionsEmitIntervalMicros() {
        return micros(connectionsEmitInterval);
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1_000L;
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }

    private static void requireNotNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, not " + d);
        }
    }
}
