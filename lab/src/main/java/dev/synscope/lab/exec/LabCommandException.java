package dev.synscope.lab.exec;

import java.util.List;

/** A lab command that failed, timed out or could not start; the message names the command. */
public final class LabCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> command;
    private final int exitCode;

    public LabCommandException(List<String> command, int exitCode, String detail) {
        super("`" + String.join(" ", command) + "` " + describe(exitCode) + (detail.isBlank() ? "" : ": " + detail.strip()));
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
    }

    public LabCommandException(List<String> command, String detail, Throwable cause) {
        super("`" + String.join(" ", command) + "` " + detail, cause);
        this.command = List.copyOf(command);
        this.exitCode = -1;
    }

    private static String describe(int exitCode) {
        return exitCode < 0 ? "timed out" : "exited with " + exitCode;
    }

    public List<String> command() {
        return command;
    }

    /** The exit code, or -1 when the command timed out or never started. */
    public int exitCode() {
        return exitCode;
    }
}
