package dev.synscope.streams.query.anomalies;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.Severity;
import dev.synscope.streams.query.http.ApiException;
import dev.synscope.streams.query.http.QueryParams;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Filters of {@code GET /anomalies} and {@code GET /anomalies/stream}. Sets match any member;
 * {@code host} matches either endpoint of the anomaly, {@code port} either port; times are
 * event times (when the condition became true), given as ISO-8601 instants or epoch microseconds.
 */
public record AnomalyFilter(Set<AnomalyType> types, Set<Severity> severities, String host, Integer port, String uid,
                            Long sinceMicros, Long untilMicros) {

    public static final Set<String> PARAMETERS = Set.of("type", "severity", "host", "port", "uid", "since", "until");
    public static final AnomalyFilter NONE = new AnomalyFilter(Set.of(), Set.of(), null, null, null, null, null);

    public static AnomalyFilter from(QueryParams q) {
        return new AnomalyFilter(
                Set.copyOf(q.enumSet("type", AnomalyType.class)),
                Set.copyOf(q.enumSet("severity", Severity.class)),
                q.ipAddress("host").orElse(null),
                q.string("port").isPresent() ? q.intValue("port", 0, 1, 65535) : null,
                q.string("uid").orElse(null),
                time(q, "since"),
                time(q, "until"));
    }

    public boolean matches(AnomalyEvent e) {
        return (types.isEmpty() || types.contains(e.getType()))
                && (severities.isEmpty() || severities.contains(e.getSeverity()))
                && (host == null || host.equals(e.getOrigH()) || host.equals(e.getRespH()))
                && (port == null || port.equals(e.getOrigP()) || port.equals(e.getRespP()))
                && (uid == null || uid.equals(e.getUid()))
                && (sinceMicros == null || e.getTsMicros() >= sinceMicros)
                && (untilMicros == null || e.getTsMicros() < untilMicros);
    }

    private static Long time(QueryParams q, String name) {
        String v = q.string(name).orElse(null);
        if (v == null) {
            return null;
        }
        if (v.matches("[0-9]{1,19}")) {
            return Long.parseLong(v);
        }
        try {
            Instant t = Instant.parse(v);
            return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000L;
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "'" + v + "' is not a time",
                    List.of("an ISO-8601 instant like 2026-11-24T07:00:00Z", "epoch microseconds"));
        }
    }
}
