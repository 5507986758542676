package dev.synscope.streams.anomaly;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.Evidence;
import java.util.List;

/** Builds anomaly events with deterministic ids, so the same condition always gets the same id. */
public final class AnomalyEvents {

    private AnomalyEvents() {
    }

    /** A per-connection anomaly: id = uid + type (raised at most once per connection instance). */
    public static AnomalyEvent forConnection(AnomalyType type, ConnectionState s, long tsMicros, String probeId,
                                             List<Evidence> evidence, List<String> tags) {
        return AnomalyEvent.newBuilder()
                .setEventId(s.getUid() + "-" + type.name())
                .setType(type)
                .setSeverity(AnomalyCatalog.severity(type))
                .setTsMicros(tsMicros)
                .setUid(s.getUid())
                .setOrigH(s.getOrigAddr())
                .setOrigP(s.getOrigPort())
                .setRespH(s.getRespAddr())
                .setRespP(s.getRespPort())
                .setVantageProbe(probeId)
                .setEvidence(List.copyOf(evidence))
                .setLikelyCause(AnomalyCatalog.likelyCause(type, tags))
                .setTags(List.copyOf(tags))
                .build();
    }

    /** An endpoint anomaly: id = endpoint + type + event time at which the count crossed the threshold. */
    public static AnomalyEvent forEndpoint(AnomalyType type, String endpoint, String host, Integer port,
                                           long tsMicros, long count, List<Evidence> evidence) {
        return AnomalyEvent.newBuilder()
                .setEventId(endpoint + "-" + type.name() + "-" + tsMicros)
                .setType(type)
                .setSeverity(AnomalyCatalog.severity(type))
                .setTsMicros(tsMicros)
                .setRespH(host)
                .setRespP(port)
                .setEvidence(List.copyOf(evidence))
                .setLikelyCause(AnomalyCatalog.likelyCause(type))
                .setCount(count)
                .build();
    }

    public static Evidence evidence(long tsMicros, String probeId, String description) {
        return Evidence.newBuilder().setTsMicros(tsMicros).setProbeId(probeId).setDescription(description).build();
    }

    /** Vantage of a connection-wide condition: the probe that saw most of it, or null. */
    public static String mainVantage(ConnectionState s) {
        return s.getVantages().stream()
                .max(java.util.Comparator.comparingLong(v -> v.getOrigPackets() + v.getRespPackets()))
                .map(v -> v.getProbeId())
                .orElse(null);
    }
}
