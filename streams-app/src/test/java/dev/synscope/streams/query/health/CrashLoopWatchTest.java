package dev.synscope.streams.query.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CrashLoopWatchTest {

    /** A clock the test moves. */
    private static final class SteppedClock extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private double failed;

    @Test
    void oneReplacementIsNotALoopThreeWithinFiveMinutesAreAndTheyAgeOut() {
        SteppedClock clock = new SteppedClock();
        failed = 4; // failures before the watch started are history, not a loop
        CrashLoopWatch watch = new CrashLoopWatch(() -> failed, clock);
        assertThat(watch.crashLoop()).isEmpty();

        failed = 6;
        clock.millis += 1_000;
        assertThat(watch.crashLoop()).isEmpty();
        failed = 7;
        clock.millis += 60_000;
        assertThat(watch.crashLoop()).hasValueSatisfying(reason ->
                assertThat(reason).contains("3 stream threads died", "7 since start"));

        clock.millis += CrashLoopWatch.WINDOW.toMillis() + Duration.ofSeconds(1).toMillis();
        assertThat(watch.crashLoop()).isEmpty();
    }
}
