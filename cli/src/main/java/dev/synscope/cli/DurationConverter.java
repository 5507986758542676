package dev.synscope.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The one way every command reads a duration flag or variable: a whole number with a unit
 * ({@code 250ms}, {@code 5s}, {@code 10m}, {@code 1h}, {@code 1d}), an ISO-8601 duration
 * ({@code PT1S}, {@code P1D}), or {@code 0}. Any other bare number is refused: whether
 * {@code 60} means seconds or milliseconds is exactly the kind of guess a timeout must not make.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    static final String EXAMPLES = "250ms, 5s, 10m, 1h, 1d or ISO-8601 like PT1S";
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration (" + EXAMPLES + ")"));
    }

    /** For options read as text: a usage error naming the flag. */
    static Duration parse(String flag, String value) {
        return parse(value).orElseThrow(() -> new FailureHandler.UsageProblem(
                flag + " takes a duration (" + EXAMPLES + "), not '" + value + "'"));
    }

    static java.util.Optional<Duration> parse(String value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("0")) {
            return java.util.Optional.of(Duration.ZERO);
        }
        Matcher m = WITH_UNIT.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return java.util.Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        if (v.startsWith("p")) {
            try {
                return java.util.Optional.of(Duration.parse(v.toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException e) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.empty();
    }
}
