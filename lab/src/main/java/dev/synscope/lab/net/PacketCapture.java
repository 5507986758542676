package dev.synscope.lab.net;

import dev.synscope.lab.exec.LabCommandException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tcpdump in a lab namespace, headers only (snaplen 128, the probe's default), written to a pcap
 * file: what a probe at that vantage point would have seen. {@link #close()} stops it with
 * SIGTERM, on which tcpdump flushes and closes the file.
 */
public final class PacketCapture implements AutoCloseable {

    static final int SNAPLEN = 128;
    private static final long READY_TIMEOUT_MS = 5_000;
    private static final long POLL_MS = 50;

    private final Process process;
    private final Path file;
    private final Path log;

    private PacketCapture(Process process, Path file, Path log) {
        this.process = process;
        this.file = file;
        this.log = log;
    }

    static PacketCapture start(LabNetwork lab, LabRole role, String device, Path file) {
        Path log = file.resolveSibling(file.getFileName() + ".log");
        List<String> command = LabTopologyPlan.in(lab.namespace(role), "tcpdump", "-i", device,
                "-s", Integer.toString(SNAPLEN), "-U", "-n", "--immediate-mode",
                // stay root: the default drop to user tcpdump cannot write into a root-only temp dir
                "-Z", "root", "-w", file.toString());
        Process process = lab.runner().start(command, log);
        PacketCapture capture = new PacketCapture(process, file, log);
        capture.awaitListening(command);
        return capture;
    }

    /** tcpdump prints "listening on DEV" once the capture is open; packets before that are lost. */
    private void awaitListening(List<String> command) {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        try {
            while (System.currentTimeMillis() < deadline) {
                if (Files.exists(log) && Files.readString(log).contains("listening on")) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new LabCommandException(command, process.exitValue(), Files.readString(log));
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            }
        } catch (IOException e) {
            throw new LabCommandException(command, "log unreadable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new LabCommandException(command, -1, "not capturing after " + READY_TIMEOUT_MS + " ms");
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
