package dev.synscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code synscope} command. Every flag can also be set through an environment variable
 * {@code SYNSCOPE_<FLAG_NAME>} (shown in each command's --help); flags win over the environment,
 * the environment over the defaults. Each command prints its effective configuration at start.
 */
@Command(name = "synscope",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Answers \"why did this TCP connection time out / get reset / hang?\" from packet headers.",
        subcommands = {
                DemoCommand.class,
                ProbeCommand.class,
                StreamsCommand.class,
                BrokerCommand.class,
                SchemaCommand.class,
                CommandLine.HelpCommand.class
        })
public final class SynScope implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try: synscope demo)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failure, 2 usage error. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new SynScope());
        cli.setExecutionExceptionHandler(new FailureHandler());
        return cli.execute(args);
    }
}
