package dev.synscope.lab.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the lab's system commands ({@code ip}, {@code iptables}, {@code ss}, {@code tcpdump}...)
 * with {@link ProcessBuilder}: every call bounded by a timeout, output captured, failures typed.
 */
public final class CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    private final Map<String, String> environment;

    public CommandRunner() {
        this(Map.of());
    }

    /** @param environment extra variables for every command (e.g. LAB_PREFIX for the scripts) */
    public CommandRunner(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public CommandRunner withEnvironment(Map<String, String> extra) {
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(extra);
        return new CommandRunner(merged);
    }

    /** Runs a command to completion; any exit code is returned, a timeout throws. */
    public CommandResult run(Duration timeout, List<String> command) {
        LOG.debug("run {}", command);
        Process process = start(command, null);
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new LabCommandException(command, -1, "after " + timeout);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabCommandException(command, "interrupted", e);
        }
        return new CommandResult(command, process.exitValue(), stdout.join(), stderr.join());
    }

    /** Runs a command that must succeed; a non-zero exit throws with its stderr. */
    public CommandResult check(Duration timeout, List<String> command) {
        CommandResult result = run(timeout, command);
        if (!result.succeeded()) {
            throw new LabCommandException(command, result.exitCode(), result.stderr());
        }
        return result;
    }

    public CommandResult check(Duration timeout, String... command) {
        return check(timeout, List.of(command));
    }

    /**
     * Starts a long-running command in the background. Output goes to {@code log} (stdout and
     * stderr together) or is discarded when {@code log} is null. The caller owns the process.
     */
    public Process start(List<String> command, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        if (log != null) {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new LabCommandException(command, "could not start", e);
        }
    }

    // One short-lived daemon thread per stream: reads block, so they stay off the common pool.
    private static final Executor READERS = task -> {
        Thread thread = new Thread(task, "lab-command-output");
        thread.setDaemon(true);
        thread.start();
    };

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, READERS);
    }
}
