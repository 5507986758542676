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

    /** Global (inherited by every command): {@code synscope --verbose demo} = {@code synscope demo --verbose}. */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:SYNSCOPE_VERBOSE:-false}",
            description = {"Show the log lines the report commands (demo, analyze, lab) hide by default: Kafka's "
                    + "warnings and the embedded broker's and streams app's INFO lines (env SYNSCOPE_VERBOSE).",
                    "Log levels: SYNSCOPE_LOG_LEVEL (ours, default INFO), SYNSCOPE_KAFKA_LOG_LEVEL (Kafka's, "
                    + "default WARN); SYNSCOPE_LOG_FORMAT=json for one JSON object per line."})
    boolean verbose;

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
        String logFormat = System.getenv("SYNSCOPE_LOG_FORMAT");
        if (logFormat != null && !LOG_FORMATS.contains(logFormat)) {
            System.err.println("synscope: SYNSCOPE_LOG_FORMAT=" + logFormat + " is not one of " + LOG_FORMATS);
            return CommandLine.ExitCode.USAGE;
        }
        CommandLine cli = new CommandLine(new SynScope());
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setParameterExceptionHandler(SynScope::usageError);
        cli.setExecutionStrategy(SynScope::run);
        return cli.execute(args);
    }

    /** SYNSCOPE_LOG_FORMAT values: logback.xml includes synscope-log-FORMAT.xml. */
    static final java.util.List<String> LOG_FORMATS = java.util.List.of("text", "json");

    /** Sets the log levels for the command about to run (see {@link Logging}), then runs it. */
    private static int run(CommandLine.ParseResult parsed) {
        boolean verbose = false;
        CommandLine.ParseResult leaf = parsed;
        for (CommandLine.ParseResult level = parsed; level != null;
                level = level.hasSubcommand() ? level.subcommand() : null) {
            CommandLine.Model.OptionSpec option = level.commandSpec().findOption("--verbose");
            verbose |= option != null && Boolean.TRUE.equals(option.getValue());
            leaf = level;
        }
        Logging.apply(verbose, leaf.commandSpec().userObject() instanceof Logging.Report);
        return new CommandLine.RunLast().execute(parsed);
    }
}
