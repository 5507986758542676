package dev.synscope.cli;

import picocli.CommandLine.Command;

/** Placeholder, filled in below in this issue. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker and run the pipeline on a capture shipped with SynScope.")
final class DemoCommand implements Runnable {
    @Override
    public void run() {
        throw new FailureHandler.UsageProblem("demo not built yet");
    }
}
