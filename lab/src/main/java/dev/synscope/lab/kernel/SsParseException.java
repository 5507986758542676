package dev.synscope.lab.kernel;

/** A line of {@code ss -tanH} output that is not what ss prints; says which line and why. */
public final class SsParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int lineNumber;
    private final String line;

    public SsParseException(int lineNumber, String line, String reason) {
        super("ss output line " + lineNumber + ": " + reason + ": '" + line + "'");
        this.lineNumber = lineNumber;
        this.line = line;
    }

    public int lineNumber() {
        return lineNumber;
    }

    public String line() {
        return line;
    }
}
