package dev.synscope.kafka.embedded.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a child JVM ends: SIGTERM runs its shutdown hooks, SIGKILL runs nothing, a dead parent halts it. */
class ChildJvmTest {

    private static final List<String> SMALL = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @Test
    void terminateSendsSigtermSoShutdownHooksRun(@TempDir Path tmp) throws Exception {
        ChildJvm child = startAndAwaitReady(tmp);
        assertThat(child.terminate(Duration.ofSeconds(30))).isTrue();
        assertThat(child.exitValue()).isEqualTo(128 + 15);
        assertThat(tmp.resolve("marker")).hasContent("shutdown hook ran");
    }

    @Test
    void killSendsSigkillSoNothingRuns(@TempDir Path tmp) throws Exception {
        ChildJvm child = startAndAwaitReady(tmp);
        child.kill();
        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitValue()).isEqualTo(128 + 9);
        assertThat(tmp.resolve("marker")).doesNotExist();
    }

    @Test
    void aChildWhoseParentIsGoneHalts(@TempDir Path tmp) throws Exception {
        ChildJvm child = startAndAwaitReady(tmp);
        child.closeParentPipe();
        assertThat(child.awaitExit(Duration.ofSeconds(30))).isTrue();
        assertThat(child.exitValue()).isEqualTo(WatchedMain.PARENT_GONE_STATUS);
        assertThat(child.logTail(5)).contains("parent process gone");
    }

    private static ChildJvm startAndAwaitReady(Path tmp) throws Exception {
        ChildJvm child = ChildJvm.start("sleeper", SleepingMain.class.getName(),
                List.of(tmp.resolve("marker").toString()), SMALL, Map.of(), tmp.resolve("child.log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.readString(tmp.resolve("child.log")).contains("ready")) {
            assertThat(child.isAlive()).as("child alive; output: %s", child.logTail(20)).isTrue();
            assertThat(System.nanoTime()).as("child ready within 30 s").isLessThan(deadline);
            Thread.sleep(20); // polling for readiness, not timing anything
        }
        return child;
    }
}
