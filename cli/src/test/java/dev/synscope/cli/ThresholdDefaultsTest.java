package dev.synscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.streams.config.Thresholds;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The streams command's threshold flags take their defaults from Thresholds, the one place they are written. */
class ThresholdDefaultsTest {

    @Test
    void noFlagsGiveTheRecordsDefaults() {
        StreamsCommand command = new StreamsCommand();
        new CommandLine(command).parseArgs();
        assertThat(command.config().thresholds()).isEqualTo(Thresholds.defaults());
    }

    @Test
    void aFlagChangesOnlyItsComponent() {
        StreamsCommand command = new StreamsCommand();
        new CommandLine(command).parseArgs("--syn-timeout", "7s", "--syn-flood-threshold", "80",
                "--close-wait-leak-min-age", "500ms");
        assertThat(command.config().thresholds())
                .isEqualTo(Thresholds.defaults().toBuilder().synTimeout(Duration.ofSeconds(7)).synFloodThreshold(80)
                        .closeWaitLeakMinAge(Duration.ofMillis(500)).build());
    }

    @Test
    void everyThresholdComponentHasAFlagAndTheHelpShowsTheDefault() {
        assertThat(ThresholdDefaults.FLAGS).hasSize(Thresholds.class.getRecordComponents().length);
        // help wraps lines: compare with white space folded
        String help = new CommandLine(new StreamsCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF)
                .replaceAll("\\s+", " ");
        assertThat(help).contains("SYNSCOPE_SYN_TIMEOUT; default 5s", "SYNSCOPE_MAX_CLOCK_SKEW; default 1d",
                "default 0.2", "SYNSCOPE_SYN_FLOOD_THRESHOLD; default 50", "SYNSCOPE_SYN_FLOOD_MIN_AGE; default 2s",
                "SYNSCOPE_CLOSE_WAIT_LEAK_MIN_AGE; default 3s");
    }

    @Test
    void durationsPrintInTheLargestWholeUnit() {
        assertThat(ThresholdDefaults.text(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(ThresholdDefaults.text(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(ThresholdDefaults.text(Duration.ZERO)).isEqualTo("0s");
        assertThat(ThresholdDefaults.envName("--wall-clock-idle-advance")).isEqualTo("SYNSCOPE_WALL_CLOCK_IDLE_ADVANCE");
    }
}
