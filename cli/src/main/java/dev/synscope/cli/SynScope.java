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
                AnalyzeCommand.class,
                ProbeCommand.class,
                StreamsCommand.class,
                BrokerCommand.class,
                SchemaCommand.class,
                QueryCommand.class, TailCommand.class, ExportCommand.class,
                LabCommand.class,
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

    /**
     * A wrong flag or value: what is wrong, the closest valid flags when it looks like a typo, and
     * where the full usage is - not the whole usage, which buries the one line that matters.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText("synscope " + cmd.getCommandName() + ": " + e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try 'synscope " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help' for the "
                + "flags and their environment variables.");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failure, 2 usage error. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new SynScope());
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setParameterExceptionHandler(SynScope::usageError);
        return cli.execute(args);
    }
}
