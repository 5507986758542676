package dev.synscope.kafka.embedded.process;

import java.nio.file.Files;
import java.nio.file.Path;

/** A child for {@link ChildJvmTest}: writes a marker file from its shutdown hook, says "ready", waits (at most 60 s). */
public final class SleepingMain {

    private SleepingMain() {
    }

    public static void main(String[] args) throws Exception {
        Path marker = Path.of(args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(marker, "shutdown hook ran");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000); // bounded: the test ends it long before
    }
}
