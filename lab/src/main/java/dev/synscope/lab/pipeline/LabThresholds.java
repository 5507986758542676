package dev.synscope.lab.pipeline;

import dev.synscope.streams.config.Thresholds;
import java.time.Duration;
import java.util.List;

/**
 * The streams app's thresholds for the lab: the NOC defaults, with the timeouts short enough for a
 * scenario of a few seconds and the endpoint thresholds below what the scenarios provoke. What the
 * kernel itself times (TIME_WAIT) follows the kernel, or it would disagree for a reason that is ours.
 */
public final class LabThresholds {

    /**
     * Above the router's ~3.1 s before it answers an unresolvable next hop with ICMP host
     * unreachable (3 ARP probes 1 s apart), so that case is diagnosed by the ICMP and not as a
     * timeout first; below the 4 s curl waits in the dropped-SYN and broken-route scenarios.
     */
    public static final Duration SYN_TIMEOUT = Duration.ofMillis(3_500);
    /** The broken-route scenario's server sits 4 s in SYN_RECEIVED. */
    public static final Duration HALF_OPEN_TIMEOUT = Duration.ofSeconds(2);
    /** The leak scenario's sockets are a second old at its snapshot and never leave CLOSE_WAIT. */
    public static final Duration CLOSE_WAIT_STUCK = Duration.ofSeconds(2);
    /**
     * Linux holds a socket in TIME-WAIT for TCP_TIMEWAIT_LEN (60 s) on a timer-wheel timer, which at
     * 60 s fires up to one wheel granularity late: 2 s at HZ=250, 4 s at HZ=1000. The kernel's
     * TIME-WAIT lasts 60-64 s; SynScope keeps the row for the upper bound, so it never forgets a
     * socket the kernel still holds (the other side of that window prints as "kernel (no socket)").
     */
    public static final Duration TIME_WAIT = Duration.ofSeconds(64);
    /**
     * The flood scenario's snapshot is 1.5 s after its burst of SYNs (the server has retransmitted its
     * SYN+ACKs once by then): its handshakes count toward SYN_FLOOD after 1 s, not the NOC's 2 s.
     */
    public static final Duration SYN_FLOOD_MIN_AGE = Duration.ofSeconds(1);
    /** The leak scenario's sockets are a second old, and idle, at its snapshot. */
    public static final Duration CLOSE_WAIT_LEAK_MIN_AGE = Duration.ofMillis(500);
    /** Sweep often, so a timeout is seen at the snapshot that follows it, not up to a second later. */
    public static final Duration SWEEP_INTERVAL = Duration.ofMillis(100);

    private LabThresholds() {
    }

    /**
     * @param closeWaitPool the leak scenario's pool (CLOSE_WAIT_POOL); the leak threshold is half of it
     * @param synBurst      the flood scenario's burst (SYN_BURST); the flood threshold is half of it
     */
    public static Thresholds forLab(int closeWaitPool, int synBurst) {
        return Thresholds.builder()
                .synTimeout(SYN_TIMEOUT).halfOpenTimeout(HALF_OPEN_TIMEOUT).closeWaitStuck(CLOSE_WAIT_STUCK)
                .timeWait(TIME_WAIT)
                .synFloodThreshold(Math.max(2, synBurst / 2)).closeWaitLeakThreshold(Math.max(2, closeWaitPool / 2))
                .synFloodMinAge(SYN_FLOOD_MIN_AGE).closeWaitLeakMinAge(CLOSE_WAIT_LEAK_MIN_AGE)
                .sweepInterval(SWEEP_INTERVAL)
                // the lab moves event time itself, with heartbeats at each cut: no wall-clock guessing
                .wallClockIdleAdvance(Duration.ZERO)
                .build();
    }

    /** The longest a condition raised by a timer takes after the scenario's last packet. */
    public static Duration longestTimer() {
        return List.of(SYN_TIMEOUT, HALF_OPEN_TIMEOUT, CLOSE_WAIT_STUCK).stream().max(Duration::compareTo)
                .orElseThrow();
    }
}
