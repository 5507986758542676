package dev.synscope.lab.kernel;

import dev.synscope.schema.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses {@code ss -tanH} output (no header line): one socket per line, whitespace-separated
 * columns {@code State Recv-Q Send-Q Local:Port Peer:Port [Process]}. Blank lines and lines
 * starting with {@code #} (the snapshot files' own header) are skipped. Any other line that does
 * not fit raises {@link SsParseException}: a silently dropped socket would make the kernel's
 * judgement wrong without anyone noticing.
 */
public final class SsOutputParser {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final int STATE = 0;
    private static final int LOCAL = 3;
    private static final int PEER = 4;
    private static final int MIN_COLUMNS = 5;

    private SsOutputParser() {
    }

    public static List<KernelSocket> parse(String output) {
        List<KernelSocket> sockets = new ArrayList<>();
        String[] lines = output.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            sockets.add(parseLine(i + 1, line));
        }
        return List.copyOf(sockets);
    }

    static KernelSocket parseLine(int lineNumber, String line) {
        String[] columns = WHITESPACE.split(line);
        if (columns.length < MIN_COLUMNS) {
            throw new SsParseException(lineNumber, line,
                    "expected at least " + MIN_COLUMNS + " columns, got " + columns.length);
        }
        TcpState state = SsStateNames.toTcpState(columns[STATE]).orElseThrow(
                () -> new SsParseException(lineNumber, line, "unknown ss state '" + columns[STATE] + "'"));
        try {
            return new KernelSocket(state, Endpoint.parse(columns[LOCAL]), Endpoint.parse(columns[PEER]));
        } catch (IllegalArgumentException e) {
            throw new SsParseException(lineNumber, line, e.getMessage());
        }
    }
}
