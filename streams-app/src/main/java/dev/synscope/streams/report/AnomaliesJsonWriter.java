package dev.synscope.streams.report;

import dev.synscope.schema.AnomalyEvent;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.apache.avro.specific.SpecificData;

/**
 * Anomalies as JSON lines: one JSON object per line with the AnomalyEvent's field names, enums as
 * their names and optional fields as plain values or null (Avro's JSON rendering of a record, not
 * its union-tagged JSON encoding, so any JSON tool reads it directly).
 */
public final class AnomaliesJsonWriter {

    private AnomaliesJsonWriter() {
    }

    public static void write(List<AnomalyEvent> anomalies, Writer out) throws IOException {
        for (AnomalyEvent a : anomalies) {
            out.write(SpecificData.get().toString(a).replace('\n', ' '));
            out.write('\n');
        }
        out.flush();
    }
}
