package dev.synscope.probe.capture;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces a file replay by its capture timestamps: at speed 1.0 packet n is released
 * {@code (ts_n - ts_0) / speed} after packet 0 was. Speed 0 means as fast as possible.
 */
public final class ReplayPacer {

    private final double speed;
    private long firstCaptureMicros = Long.MIN_VALUE;
    private long firstWallNanos;

    public ReplayPacer(double speed) {
        if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("replay speed must be >= 0 (0 = as fast as possible), not " + speed);
        }
        this.speed = speed;
    }

    public boolean paced() {
        return speed > 0;
    }

    /** Waits until the packet stamped {@code tsMicros} is due. */
    public void awaitDue(long tsMicros) {
        if (speed == 0) {
            return;
        }
        if (firstCaptureMicros == Long.MIN_VALUE) {
            firstCaptureMicros = tsMicros;
            firstWallNanos = System.nanoTime();
            return;
        }
        long dueNanos = firstWallNanos + (long) ((tsMicros - firstCaptureMicros) * 1000.0 / speed);
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
