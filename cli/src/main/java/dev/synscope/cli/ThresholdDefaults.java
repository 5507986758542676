package dev.synscope.cli;

import dev.synscope.streams.config.Thresholds;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of the threshold flags, read from {@link Thresholds#defaults()} so that the streams app's
 * record stays the one place they are written. A flag {@code --syn-timeout} takes its value from the
 * environment variable {@code SYNSCOPE_SYN_TIMEOUT} when set, else the record's default; the help
 * text's {@code ${DEFAULT-VALUE}} shows the same value. Flags not listed here keep their annotation's default.
 */
final class ThresholdDefaults implements CommandLine.IDefaultValueProvider {

    /** Flag name -> the Thresholds component it sets (StreamsCommand#config builds the record from them). */
    static final Map<String, Function<Thresholds, Object>> FLAGS = Map.ofEntries(
            Map.entry("--syn-timeout", Thresholds::synTimeout),
            Map.entry("--half-open-timeout", Thresholds::halfOpenTimeout),
            Map.entry("--close-wait-stuck", Thresholds::closeWaitStuck),
            Map.entry("--time-wait", Thresholds::timeWait),
            Map.entry("--close-linger", Thresholds::closeLinger),
            Map.entry("--inactivity", Thresholds::inactivity),
            Map.entry("--interim-interval", Thresholds::interimInterval),
            Map.entry("--zero-window-stall", Thresholds::zeroWindowStall),
            Map.entry("--retransmission-storm-count", Thresholds::retransmissionStormCount),
            Map.entry("--retransmission-storm-ratio", Thresholds::retransmissionStormRatio),
            Map.entry("--syn-flood-threshold", Thresholds::synFloodThreshold),
            Map.entry("--syn-flood-min-age", Thresholds::synFloodMinAge),
            Map.entry("--close-wait-leak-threshold", Thresholds::closeWaitLeakThreshold),
            Map.entry("--close-wait-leak-min-age", Thresholds::closeWaitLeakMinAge),
            Map.entry("--endpoint-window", Thresholds::endpointWindow),
            Map.entry("--max-clock-skew", Thresholds::maxClockSkew),
            Map.entry("--max-clock-ahead", Thresholds::maxClockAhead),
            Map.entry("--connections-emit-interval", Thresholds::connectionsEmitInterval),
            Map.entry("--sweep-interval", Thresholds::sweepInterval),
            Map.entry("--wall-clock-idle-advance", Thresholds::wallClockIdleAdvance),
            Map.entry("--wall-clock-check-interval", Thresholds::wallClockCheckInterval),
            Map.entry("--max-connections-per-task", Thresholds::maxConnectionsPerTask),
            Map.entry("--initial-rto", Thresholds::initialRto),
            Map.entry("--give-up-margin", Thresholds::giveUpMargin));

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        Function<Thresholds, Object> component = FLAGS.get(option.longestName());
        if (component == null) {
            return null;
        }
        String fromEnv = System.getenv(envName(option.longestName()));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return text(component.apply(Thresholds.defaults()));
    }

    /** {@code --syn-timeout} -> {@code SYNSCOPE_SYN_TIMEOUT}. */
    static String envName(String flag) {
        return "SYNSCOPE_" + flag.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /** A value as a user would type it: durations in the largest whole unit DurationConverter reads. */
    static String text(Object value) {
        if (!(value instanceof Duration d)) {
            return String.valueOf(value);
        }
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }
}
