package dev.synscope.cli;

import picocli.CommandLine;

/**
 * Turns an exception out of a command into one readable line and exit code 1. A user sees what
 * went wrong and how to fix it, not a stack trace; SYNSCOPE_DEBUG=1 adds the trace.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        commandLine.getErr().println("synscope " + commandLine.getCommandName() + ": " + message);
        if (System.getenv("SYNSCOPE_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
        }
        return e instanceof UsageProblem ? 2 : 1;
    }

    /** A problem with what the user asked for (bad file, bad value) rather than a failure of ours. */
    static final class UsageProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageProblem(String message) {
            super(message);
        }
    }
}
