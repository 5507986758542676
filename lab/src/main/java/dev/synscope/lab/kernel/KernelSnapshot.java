package dev.synscope.lab.kernel;

import dev.synscope.lab.exec.CommandRunner;
import dev.synscope.schema.TcpState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's view of every TCP socket in one network namespace at one moment: the oracle
 * SynScope's inferred states are judged against.
 *
 * @param namespace the network namespace the snapshot was taken in
 * @param takenAt   wall-clock time of the snapshot
 * @param sockets   every socket ss listed, listeners included
 */
public record KernelSnapshot(String namespace, Instant takenAt, List<KernelSocket> sockets) {

    private static final Duration SS_TIMEOUT = Duration.ofSeconds(10);
    /** The first line of the lab scripts' snapshot files: "# ss -tanH in NS at ISO-TIME". */
    private static final Pattern FILE_HEADER = Pattern.compile("^# ss -tanH in (\\S+) at (\\S+)");

    public KernelSnapshot {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(takenAt, "takenAt");
        sockets = List.copyOf(sockets);
    }

    /** Runs {@code ip netns exec NS ss -tanH} now and parses its output. */
    public static KernelSnapshot take(CommandRunner runner, String namespace) {
        Instant now = Instant.now();
        String out = runner.check(SS_TIMEOUT, "ip", "netns", "exec", namespace, "ss", "-tanH").stdout();
        return new KernelSnapshot(namespace, now, SsOutputParser.parse(out));
    }

    /** Reads a snapshot file written by the lab scripts ({@code lab_ss_snapshot}). */
    public static KernelSnapshot read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read snapshot " + file, e);
        }
        String first = text.lines().findFirst().orElse("");
        Matcher header = FILE_HEADER.matcher(first);
        if (!header.find()) {
            throw new SsParseException(1, first, "not a lab snapshot header (" + file + ")");
        }
        Instant takenAt;
        try {
            takenAt = Instant.parse(header.group(2));
        } catch (DateTimeParseException e) {
            throw new SsParseException(1, first, "bad time '" + header.group(2) + "'");
        }
        return new KernelSnapshot(header.group(1), takenAt, SsOutputParser.parse(text));
    }

    /** The sockets that are connections (not listeners). */
    public List<KernelSocket> connections() {
        return sockets.stream().filter(s -> !s.isListener()).toList();
    }

    public Map<TcpState, Long> countByState() {
        Map<TcpState, Long> counts = new EnumMap<>(TcpState.class);
        sockets.forEach(s -> counts.merge(s.state(), 1L, Long::sum));
        return counts;
    }

    public List<KernelSocket> inState(TcpState state) {
        return sockets.stream().filter(s -> s.state() == state).toList();
    }
}
