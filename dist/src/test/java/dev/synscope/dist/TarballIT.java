package dev.synscope.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball as a user gets it: unpacked into an empty directory, {@code bin/synscope} run on a JRE
 * (this JVM's {@code java.home}) with a PATH that holds only the few tools the script uses - no Maven, no apt.
 */
class TarballIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    /** what bin/synscope itself runs besides java; bash's builtins do the rest */
    private static final List<String> TOOLS = List.of("bash", "env", "dirname", "readlink", "sed");

    @TempDir
    static Path temp;
    private static Path home;
    private static Path path;
    private static String version;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("synscope.tarball", "target/synscope.tar.gz"));
        version = System.getProperty("synscope.version");
        assertThat(tarball).as("the tarball `mvn package` builds").isRegularFile();
        Path unpacked = Files.createDirectory(temp.resolve("install"));
        Run tar = run(List.of("tar", "-xzf", tarball.toAbsolutePath().toString()), unpacked, Map.of("PATH", System.getenv("PATH")));
        assertThat(tar.exit).as("tar: " + tar.output).isZero();
        try (Stream<Path> top = Files.list(unpacked)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly("synscope-" + version);
        }
        home = unpacked.resolve("synscope-" + version);
        path = Files.createDirectory(temp.resolve("path"));
        for (String tool : TOOLS) {
            Path found = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new IllegalStateException(tool + " not in /usr/bin or /bin"));
            Files.createSymbolicLink(path.resolve(tool), found);
        }
    }

    @Test
    void theTarballHoldsTheLauncherTheJarsTheLicenseTheDocsAndTheDemoCaptures() throws IOException {
        assertThat(home.resolve("bin/synscope")).isExecutable();
        assertThat(home.resolve("LICENSE")).content().contains("Apache License", "Version 2.0, January 2004");
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(home.resolve("docs/operations.md")).isRegularFile();
        assertThat(home.resolve("deploy/demo/demo-client.pcap")).isRegularFile();
        assertThat(home.resolve("deploy/demo/demo-server.pcap")).isRegularFile();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()))
                    .contains("synscope-cli-" + version + ".jar")
                    .anyMatch(n -> n.startsWith("kafka-streams-"))
                    .allMatch(n -> n.endsWith(".jar"));
        }
    }

    @Test
    void theLauncherNeverBuildsAndNeverInstalls() throws IOException {
        String script = Files.readString(home.resolve("bin/synscope"));
        assertThat(script).startsWith("#!");
        assertThat(Pattern.compile("\\bmvn\\b|maven|\\bapt(-get)?\\b|\\bdpkg\\b", Pattern.CASE_INSENSITIVE)
                .matcher(script).results().map(m -> m.group()).toList())
                .as("build or package-manager commands in bin/synscope").isEmpty();
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        Run r = synscope(List.of("--version"), Files.createTempDirectory(temp, "cwd"));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("synscope " + version);
    }

    @Test
    void analyzeRunsThePipelineOnADemoCaptureWithOnlyAJre() throws Exception {
        Path cwd = Files.createTempDirectory(temp, "cwd");
        Path capture = home.resolve("deploy/demo/demo-client.pcap");
        Run r = synscope(List.of("analyze", capture.toString(), "--conn-log", "out.tsv"), cwd);
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).containsPattern("Connections at the last packet: [1-9]").contains("By conn_state")
                .containsPattern("(?m)^\\s+SF\\s+[1-9]");
        List<String> rows = Files.readAllLines(cwd.resolve("out.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(rows).as("conn.log rows").isNotEmpty();
        assertThat(rows.get(0).split("\t", -1).length).as("conn.log columns").isGreaterThanOrEqualTo(20);
    }

    @Test
    void aJavaHomeWithoutJavaIsAClearErrorNotAStackTrace() throws Exception {
        Path cwd = Files.createTempDirectory(temp, "cwd");
        Map<String, String> env = Map.of("PATH", path.toString(), "JAVA_HOME", cwd.resolve("no-jdk").toString());
        Run r = run(List.of(home.resolve("bin/synscope").toString(), "--version"), cwd, env);
        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains("synscope: JAVA_HOME is").contains("Java 17+");
    }

    private static Run synscope(List<String> args, Path cwd) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/synscope").toString());
        command.addAll(args);
        Map<String, String> env = Map.of("PATH", path.toString(), "JAVA_HOME", System.getProperty("java.home"),
                "HOME", cwd.toString());
        return run(command, cwd, env);
    }

    private static Run run(List<String> command, Path cwd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path log = Files.createTempFile(temp, "out", ".txt");
        pb.redirectOutput(log.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish within " + TIMEOUT + ":\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf("%s: exit %d after %d ms%n%s%n", command, p.exitValue(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), output);
        return new Run(p.exitValue(), output);
    }

    private record Run(int exit, String output) {
    }
}
