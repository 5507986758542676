package dev.synscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsEveryUnitIso8601AndZero() {
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(converter.convert(" 10M ")).isEqualTo(Duration.ofMinutes(10));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(converter.convert("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("p1d")).isEqualTo(Duration.ofDays(1));
        assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
        assertThat(converter.convert("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void refusesABareNumberAndNonsenseSayingWhatIsAllowed() {
        for (String bad : new String[] {"60", "5 s", "-5s", "1.5s", "5w", "", "PTXS", "s"}) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessageContaining("250ms, 5s, 10m, 1h, 1d");
        }
        assertThatThrownBy(() -> DurationConverter.parse("--timeout", "60"))
                .isInstanceOf(FailureHandler.UsageProblem.class)
                .hasMessageContaining("--timeout takes a duration");
    }
}
