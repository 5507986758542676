package dev.synscope.cli;

import picocli.CommandLine.Command;

/** Placeholder: the streams-app issue fills this in. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Run the Kafka Streams app: connection state tables, conn log, anomalies.")
final class StreamsCommand implements Runnable {
    @Override
    public void run() {
        throw new FailureHandler.UsageProblem("the streams command is not built yet");
    }
}
