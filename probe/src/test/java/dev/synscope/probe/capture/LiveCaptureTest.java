package dev.synscope.probe.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synscope.probe.decode.LinkType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Opening real capture handles (root only): default filter compiles, 'any' is cooked, errors are clear. */
class LiveCaptureTest {

    @BeforeEach
    void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "live capture needs root or CAP_NET_RAW,CAP_NET_ADMIN: skipped");
    }

    @Test
    void defaultFilterCompilesOnLoopback() {
        try (LiveCapture capture = LiveCapture.open(LiveCaptureSettings.defaults("lo"))) {
            assertThat(capture.name()).isEqualTo("lo");
            assertThat(LinkType.fromDlt(capture.dlt())).isEqualTo(LinkType.ETHERNET);
            assertThat(capture.kernelStats().dropped()).isZero();
        }
    }

    @Test
    void interfaceAnyIsLinuxCookedCapture() {
        try (LiveCapture capture = LiveCapture.open(LiveCaptureSettings.defaults("any"))) {
            assertThat(LinkType.fromDlt(capture.dlt())).isIn(LinkType.LINUX_SLL, LinkType.LINUX_SLL2);
        }
    }

    @Test
    void missingInterfaceListsTheAvailableOnes() {
        assertThatThrownBy(() -> LiveCapture.open(LiveCaptureSettings.defaults("nosuch9")))
                .isInstanceOf(CaptureSetupException.class)
                .hasMessageContaining("no interface named 'nosuch9'")
                .hasMessageContaining("lo")
                .satisfies(e -> assertThat(((CaptureSetupException) e).problem())
                        .isEqualTo(CaptureSetupException.Problem.NO_SUCH_INTERFACE));
        assertThat(LiveCapture.interfaceNames()).contains("lo");
    }

    @Test
    void badFilterIsReportedWithTheExpression() {
        LiveCaptureSettings bad = new LiveCaptureSettings("lo", "tcp and and", 128, false, 1 << 20, true, 100);
        assertThatThrownBy(() -> LiveCapture.open(bad))
                .isInstanceOf(CaptureSetupException.class)
                .hasMessageContaining("'tcp and and'")
                .satisfies(e -> assertThat(((CaptureSetupException) e).problem())
                        .isEqualTo(CaptureSetupException.Problem.BAD_FILTER));
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> new LiveCaptureSettings("lo", "tcp", 10, false, 1 << 20, true, 100))
                .hasMessageContaining("snaplen");
    }
}
