package dev.synscope.kafka.embedded.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in its own JVM on this JVM's class path, so that a test can end it the way
 * machines end: {@link #terminate} sends SIGTERM (shutdown hooks run: Kafka's controlled shutdown,
 * Kafka Streams' clean close), {@link #kill} sends SIGKILL (nothing runs, nothing is flushed: a
 * crashed host). Used for the nodes of {@code LocalKafkaCluster} and for streams-app instances in
 * scale-out tests. The child runs under {@link WatchedMain}, so it halts if this JVM dies first.
 * Its stdout and stderr are appended to a log file.
 */
public final class ChildJvm {

    private final String name;
    private final Path logFile;
    private final Process process;

    private ChildJvm(String name, Path logFile, Process process) {
        this.name = name;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Starts {@code mainClass} with {@code args}.
     *
     * @param name        for messages, e.g. {@code kafka-node-2} or {@code streams-1}
     * @param jvmOptions  heap, GC, system properties ({@code -Dx=y})
     * @param environment added to this JVM's environment (e.g. {@code SYNSCOPE_*} settings)
     * @param logFile     where the child's output is appended
     */
    public static ChildJvm start(String name, String mainClass, List<String> args, List<String> jvmOptions,
                                 Map<String, String> environment, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dfile.encoding=UTF-8");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WatchedMain.class.getName());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Files.writeString(logFile, "=== " + name + ": " + mainClass + " " + String.join(" ", args)
                    + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    // stdin stays a pipe this JVM holds open: see WatchedMain's watchdog
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            return new ChildJvm(name, logFile, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM and wait; SIGKILL if the child has not exited within {@code timeout}. True if it exited by itself. */
    public boolean terminate(Duration timeout) {
        // through the ProcessHandle: Process#destroy would also close the child's stdin, which the
        // child's watchdog reads as "parent gone" and halts in the middle of its clean shutdown
        process.toHandle().destroy();
        if (awaitExit(timeout)) {
            return true;
        }
        kill();
        return false;
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        process.toHandle().destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** Waits for the child to exit by itself; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The exit status; only once the child has exited (128 + signal number when killed by one). */
    public int exitValue() {
        return process.exitValue();
    }

    /** Closes the child's stdin as a dying parent would; the child then halts (see {@link WatchedMain}). */
    void closeParentPipe() throws IOException {
        process.getOutputStream().close();
    }

    /** The last {@code lines} lines of the child's output, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + (process.isAlive() ? ", running)" : ", exited)");
    }
}
