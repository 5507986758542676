package dev.synscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code synscope probe --metrics-bind}: parsing only (serving is tested by probe's ProbeMetricsServerIT). */
class ProbeMetricsBindTest {

    private static ProbeCommand parse(String... args) {
        ProbeCommand command = new ProbeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void offUnlessGiven() {
        // the default comes from SYNSCOPE_METRICS_BIND, which the test environment does not set
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("SYNSCOPE_METRICS_BIND") == null,
                "SYNSCOPE_METRICS_BIND is set in this environment");
        assertThat(parse("--iface", "lo").metricsAddress()).isEmpty();
        assertThat(parse("--iface", "lo", "--metrics-bind", "OFF").metricsAddress()).isEmpty();
    }

    @Test
    void hostAndPort() {
        Optional<InetSocketAddress> a = parse("--iface", "lo", "--metrics-bind", "192.0.2.7:9464").metricsAddress();
        assertThat(a).hasValueSatisfying(addr -> {
            assertThat(addr.getAddress().getHostAddress()).isEqualTo("192.0.2.7");
            assertThat(addr.getPort()).isEqualTo(9464);
        });
        assertThat(parse("--iface", "lo", "--metrics-bind", "[::1]:9464").metricsAddress())
                .hasValueSatisfying(addr -> assertThat(addr.getAddress().isLoopbackAddress()).isTrue());
    }

    @Test
    void badValuesAreUsageErrorsNamingTheFlag() {
        for (String bad : new String[] {"9464", ":9464", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:70000"}) {
            assertThatThrownBy(() -> parse("--iface", "lo", "--metrics-bind", bad).metricsAddress())
                    .as(bad)
                    .isInstanceOf(FailureHandler.UsageProblem.class)
                    .hasMessageContaining("--metrics-bind");
        }
    }
}
