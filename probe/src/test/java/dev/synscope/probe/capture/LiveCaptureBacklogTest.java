package dev.synscope.probe.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synscope.probe.testing.NetNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A stopping live capture reads what the kernel ring already holds instead of discarding it: frames
 * captured while nobody was reading come out of {@link LiveCapture#deliverQueued}, even after a
 * {@link LiveCapture#breakLoop()} that arrived while no read was running (libpcap keeps that flag
 * for the next read), and a drained ring answers 0 without blocking.
 */
class LiveCaptureBacklogTest {

    private static final int CONNECTIONS = 40;

    @Test
    void backlogInTheRingIsDeliveredAfterAStop() throws Exception {
        String reason = NetNamespace.unavailableReason();
        assumeTrue(reason == null, () -> "live capture backlog test skipped: " + reason);
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "live capture backlog test skipped: needs python3");

        try (NetNamespace ns = NetNamespace.create("bl")) {
            LiveCaptureSettings settings = new LiveCaptureSettings(ns.hostIface(), "tcp port 9", 128, false,
                    1 << 20, true, 100);
            try (LiveCapture capture = LiveCapture.open(settings)) {
                // nothing reads while the namespace makes CONNECTIONS refused connections: a SYN in
                // and a RST out each, all waiting in the ring
                ns.run("ip", "netns", "exec", ns.name(), "python3", "-c",
                        "import socket\n"
                                + "for _ in range(" + CONNECTIONS + "):\n"
                                + "    s = socket.socket()\n"
                                + "    try:\n"
                                + "        s.connect(('" + NetNamespace.HOST_ADDRESS + "', 9))\n"
                                + "    except ConnectionRefusedError:\n"
                                + "        pass\n"
                                + "    s.close()\n");
                capture.breakLoop(); // the probe stopping between two reads

                AtomicInteger frames = new AtomicInteger();
                FrameHandler counter = (linkType, data, offset, length, wireLength, tsMicros) ->
                        frames.incrementAndGet();
                int expected = 2 * CONNECTIONS;
                // a ring block is handed over when the kernel retires it (at most the read timeout)
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (frames.get() < expected && System.nanoTime() < deadline) {
                    assertThat(capture.deliverQueued(counter, 4096)).isNotNegative();
                }
                assertThat(frames.get()).isEqualTo(expected);
                assertThat(capture.deliverQueued(counter, 4096)).as("drained ring").isZero();
                assertThat(capture.kernelStats().received()).isEqualTo(expected);
                assertThat(capture.kernelStats().dropped()).isZero();
            }
        }
    }
}
