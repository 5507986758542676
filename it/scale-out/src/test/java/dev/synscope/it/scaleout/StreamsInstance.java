package dev.synscope.it.scaleout;

import dev.synscope.kafka.embedded.process.ChildJvm;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One streams-app instance as production runs it: {@code synscope streams ...} (the real command
 * line, {@link dev.synscope.cli.SynScope}) in its own JVM, so that a test can SIGKILL it like a
 * crashed host. Its query API listens on a loopback port of its own, which is also its
 * {@code application.server} for interactive queries across instances.
 */
final class StreamsInstance implements AutoCloseable {

    /** Small heap, serial GC, C1 only: several JVMs share two cores in CI. */
    static final List<String> SMALL_JVM = List.of("-Xms64m", "-Xmx320m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private List<String> args;
    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    private final Path logFile;
    private final int apiPort;
    private ChildJvm jvm;

    private StreamsInstance(String name, List<String> args, List<String> jvmOptions, Map<String, String> environment,
                            Path logFile, int apiPort) {
        this.name = name;
        this.args = args;
        this.jvmOptions = jvmOptions;
        this.environment = environment;
        this.logFile = logFile;
        this.apiPort = apiPort;
    }

    /**
     * Starts {@code synscope streams} with {@code flags} (bootstrap, application id, state dir, ...)
     * plus {@code --api-bind 127.0.0.1:<free port>}.
     */
    static StreamsInstance start(String name, List<String> flags, Map<String, String> environment, Path logFile) {
        return start(name, flags, environment, logFile, SMALL_JVM);
    }

    /** As {@link #start(String, List, Map, Path)} with the given JVM options (heap, GC, processor count). */
    static StreamsInstance start(String name, List<String> flags, Map<String, String> environment, Path logFile,
                                 List<String> jvmOptions) {
        int port = freePort();
        StreamsInstance instance = new StreamsInstance(name, command(flags, port), jvmOptions, environment, logFile,
                port);
        instance.launch();
        return instance;
    }

    private static List<String> command(List<String> flags, int port) {
        List<String> args = new ArrayList<>();
        args.add("streams");
        args.addAll(flags);
        args.add("--api-bind");
        args.add("127.0.0.1:" + port);
        return List.copyOf(args);
    }

    /**
     * Starts the instance again after a kill or stop, with {@code flags} (e.g. the restarted cluster's
     * new bootstrap; the same state dir) and the same API port.
     */
    void restart(List<String> flags) {
        if (jvm != null && jvm.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        args = command(flags, apiPort);
        launch();
    }

    private void launch() {
        jvm = ChildJvm.start(name, "dev.synscope.cli.SynScope", args, jvmOptions, environment, logFile);
    }

    String name() {
        return name;
    }

    URI api(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + apiPort + pathAndQuery);
    }

    /** The process id of the instance's JVM (for taskset, /proc CPU times). */
    long pid() {
        return jvm.pid();
    }

    Path logFile() {
        return logFile;
    }

    boolean isAlive() {
        return jvm != null && jvm.isAlive();
    }

    /** Waits until {@code /health/ready} answers 200 (Kafka Streams RUNNING). */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; last output:\n" + jvm.logTail(40));
            }
            HttpResponse<String> ready = get("/health/ready");
            if (ready != null && ready.statusCode() == 200) {
                return;
            }
            pause(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; last output:\n" + jvm.logTail(40));
    }

    /** GET on this instance's API; null when nothing answers (not started, or killed). */
    HttpResponse<String> get(String pathAndQuery) {
        try {
            return HTTP.send(HttpRequest.newBuilder(api(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A crash: SIGKILL, no shutdown hook, no commit, no store flush. */
    void kill() {
        jvm.kill();
    }

    /** A clean stop: SIGTERM, Kafka Streams commits and closes its stores. */
    void stop() {
        jvm.terminate(Duration.ofSeconds(60));
    }

    String logTail(int lines) {
        return jvm == null ? "" : jvm.logTail(lines);
    }

    @Override
    public void close() {
        if (jvm != null && jvm.isAlive()) {
            jvm.kill();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
