package dev.synscope.cli;

import picocli.CommandLine.Command;

/** Placeholder: the probe issue fills this in. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Capture TCP headers from an interface or a pcap/pcapng file and publish them to Kafka.")
final class ProbeCommand implements Runnable {
    @Override
    public void run() {
        throw new FailureHandler.UsageProblem("the probe command is not built yet");
    }
}
