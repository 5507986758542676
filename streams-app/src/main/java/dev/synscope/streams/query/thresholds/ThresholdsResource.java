package dev.synscope.streams.query.thresholds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.query.http.ApiRequest;
import dev.synscope.streams.query.http.Json;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Set;

/**
 * {@code GET /thresholds}: the thresholds this instance alarms on, so that the NOC page (and a dashboard)
 * marks an endpoint "hot" at the app's own CLOSE_WAIT_LEAK / SYN_FLOOD counts instead of a copy of them.
 * Durations in seconds (fractions allowed), counts and ratios as numbers; one field per record component.
 */
public final class ThresholdsResource {

    private final ObjectNode body;

    public ThresholdsResource(Thresholds thresholds) {
        this.body = describe(thresholds);
    }

    public void get(ApiRequest request) throws IOException {
        request.query().allowOnly(Set.of());
        request.json(200, body);
    }

    static ObjectNode describe(Thresholds thresholds) {
        ObjectNode out = Json.object();
        for (RecordComponent c : Thresholds.class.getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(thresholds);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read Thresholds." + c.getName(), e);
            }
            if (value instanceof Duration d) {
                out.put(c.getName() + "Seconds", d.toNanos() / 1e9);
            } else if (value instanceof Long l) {
                out.put(c.getName(), l);
            } else if (value instanceof Double x) {
                out.put(c.getName(), x);
            } else {
                out.put(c.getName(), String.valueOf(value));
            }
        }
        return out;
    }
}
