package dev.synscope.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.serde.SynScopeSerdes;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise: our records are Avro single-object encoding, decodable by a tool we did
 * not write. Here Apache's avro-tools (run as its own process) decodes the body of a record our
 * serializer wrote, given only the .avsc.
 */
class WireFormatTest {

    @Test
    void headerIsMarkerThenLittleEndianSchemaFingerprint() {
        byte[] bytes = SynScopeSerdes.HEADER_OBSERVATION.serialize("t", SampleRecords.syn());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(HeaderObservation.getClassSchema()));
    }

    @Test
    void avroToolsDecodesOurRecordFromTheSchemaAlone(@TempDir Path dir) throws Exception {
        byte[] bytes = SynScopeSerdes.HEADER_OBSERVATION.serialize("t", SampleRecords.syn());
        Path body = dir.resolve("record.bin");
        Path schema = dir.resolve("HeaderObservation.avsc");
        Files.write(body, Arrays.copyOfRange(bytes, 10, bytes.length)); // drop C3 01 + 8-byte fingerprint
        Files.writeString(schema, HeaderObservation.getClassSchema().toString(true));

        String json = run(List.of(javaBinary(), "-jar", avroToolsJar(), "fragtojson", "--schema-file",
                schema.toString(), body.toString()));

        assertThat(json).contains("\"srcPort\" : 38608", "\"dstPort\" : 80", "\"seq\" : 2473414591",
                "\"window\" : 14600", "\"mss\" : {", "\"int\" : 1460", "\"probeId\" : \"client-host\"");
    }

    static String avroToolsJar() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("avro-tools"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("avro-tools is a test dependency of schemas/"));
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }
}
