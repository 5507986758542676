package dev.synscope.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.serde.AvroSerde;
import dev.synscope.schema.serde.ReleasedSchemas;
import dev.synscope.schema.serde.SynScopeSerdes;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards schema evolution: every current schema must read what every released schema wrote
 * (consumers upgraded first) and every released schema must read what the current one writes
 * (producers upgraded first). Avro's own SchemaCompatibility is the judge.
 */
class SchemaCompatibilityTest {

    static Stream<Arguments> currentAndReleased() {
        List<AvroSerde<? extends SpecificRecord>> serdes = List.of(SynScopeSerdes.CONNECTION_KEY,
                SynScopeSerdes.HEADER_OBSERVATION, SynScopeSerdes.CONNECTION_STATE, SynScopeSerdes.CONN_LOG_RECORD,
                SynScopeSerdes.ANOMALY_EVENT, SynScopeSerdes.PROBE_STATS, SynScopeSerdes.DEAD_LETTER,
                SynScopeSerdes.ENDPOINT_STATS);
        return serdes.stream().flatMap(serde -> {
            Schema current = SpecificRecordSchemas.of(serde.type());
            return ReleasedSchemas.of(serde.type().getSimpleName()).stream()
                    .map(released -> Arguments.of(serde.type().getSimpleName(), current, released));
        });
    }

    @Test
    void aReleaseIsRecordedForEveryType() {
        assertThat(ReleasedSchemas.versions()).isNotEmpty();
        for (String type : List.of("ConnectionKey", "HeaderObservation", "ConnectionState", "ConnLogRecord",
                "AnomalyEvent", "ProbeStats", "DeadLetter", "EndpointStats")) {
            assertThat(ReleasedSchemas.of(type)).as("released schemas of %s", type).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentAndReleased")
    void currentReadsReleasedAndReleasedReadsCurrent(String type, Schema current, Schema released) {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType())
                .as("current %s reading data written by a released schema", type)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, current).getType())
                .as("released %s reading data written by the current schema", type)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void recordWrittenWithReleasedSchemaDecodesWithCurrentSerde() throws Exception {
        Schema released = ReleasedSchemas.of("ConnectionKey").get(0);
        GenericRecord old = new GenericData.Record(released);
        for (Schema.Field field : released.getFields()) {
            if (field.hasDefaultValue()) {
                old.put(field.name(), GenericData.get().getDefaultValue(field));
            }
        }
        old.put("ipVersion", 4);
        old.put("lowAddr", ByteBuffer.wrap(new byte[] {(byte) 192, 0, 2, 10}));
        old.put("lowPort", 38608);
        old.put("highAddr", ByteBuffer.wrap(new byte[] {(byte) 198, 51, 100, 10}));
        old.put("highPort", 80);
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released).encode(old);

        ConnectionKey key = SynScopeSerdes.CONNECTION_KEY.deserialize("t", bytes.array());

        assertThat(CanonicalKeys.describe(key)).isEqualTo("192.0.2.10:38608 <-> 198.51.100.10:80");
    }

    /** The schema a generated class was compiled from. */
    static final class SpecificRecordSchemas {
        static Schema of(Class<?> type) {
            try {
                return (Schema) type.getMethod("getClassSchema").invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
