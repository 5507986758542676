package dev.synscope.probe.capture;

import java.util.List;

/**
 * A live capture could not be opened for a reason the user can fix: no such interface, no
 * permission, a filter that does not compile. The message is one line that says what to do.
 */
public final class CaptureSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, so the CLI can choose its exit code. */
    public enum Problem { NO_SUCH_INTERFACE, NO_PERMISSION, BAD_FILTER, LIBPCAP }

    private final Problem problem;

    public CaptureSetupException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    static CaptureSetupException noSuchInterface(String iface, List<String> available) {
        return new CaptureSetupException(Problem.NO_SUCH_INTERFACE, "no interface named '" + iface
                + "'; available: " + (available.isEmpty() ? "(none visible)" : String.join(", ", available)), null);
    }

    static CaptureSetupException noPermission(String iface, Throwable cause) {
        return new CaptureSetupException(Problem.NO_PERMISSION, "no permission to capture on '" + iface
                + "': run as root or grant the capabilities, e.g. sudo setcap cap_net_raw,cap_net_admin=eip "
                + "\"$(readlink -f \"$(command -v java)\")\"", cause);
    }
}
