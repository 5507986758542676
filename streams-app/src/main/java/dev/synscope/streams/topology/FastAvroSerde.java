package dev.synscope.streams.topology;

import dev.synscope.schema.serde.AvroSerde;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The same bytes as {@link AvroSerde} (Avro single-object encoding), made on the hot path without
 * Avro's message encoder/decoder: those go through a {@code ByteArrayOutputStream} /
 * {@code ByteArrayInputStream} one byte at a time (a synchronized call per byte) and copy twice.
 * Here a buffered binary encoder writes into a reused per-thread buffer, and the decoder reads the
 * array in place.
 *
 * <pre>
 *  0      2                      10
 *  +------+----------------------+---------------------------------+
 *  |C3 01 | schema fingerprint   | Avro binary encoding of the     |
 *  |marker| 8 bytes, little end. | record (the schema's fields)    |
 *  +------+----------------------+---------------------------------+
 * </pre>
 *
 * Bytes written with another schema (an earlier release: another fingerprint), and anything that does
 * not decode, go to the wrapped {@link AvroSerde}, which resolves old schemas and raises its typed error.
 */
public final class FastAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private static final int HEADER = 10;

    private final AvroSerde<T> fallback;
    private final byte[] header = new byte[HEADER];
    private final ThreadLocal<Codec<T>> codecs;

    /** Per thread: Avro's writer/reader and encoder/decoder objects are reused, not shared. */
    private static final class Codec<T> {
        final SpecificDatumWriter<T> writer;
        final SpecificDatumReader<T> reader;
        final Buffer buffer = new Buffer();
        BinaryEncoder encoder;
        BinaryDecoder decoder;

        Codec(Schema schema, SpecificData model) {
            this.writer = new SpecificDatumWriter<>(schema, model);
            this.reader = new SpecificDatumReader<>(schema, schema, model);
        }
    }

    /** An unsynchronized growable byte buffer. */
    private static final class Buffer extends java.io.OutputStream {
        byte[] bytes = new byte[512];
        int size;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    public FastAvroSerde(AvroSerde<T> fallback, Schema schema) {
        this.fallback = fallback;
        // the generated classes' own encode/decode methods ("custom coders") instead of Avro's generic,
        // reflective field walk; a model of our own, so the contract serdes' shared model is left alone
        SpecificData model = new SpecificData(fallback.type().getClassLoader());
        model.setCustomCoders(true);
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        header[0] = (byte) 0xC3;
        header[1] = 0x01;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        this.codecs = ThreadLocal.withInitial(() -> new Codec<>(schema, model));
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Codec<T> c = codecs.get();
        try {
            c.buffer.size = 0;
            c.buffer.write(header, 0, HEADER);
            c.encoder = EncoderFactory.get().binaryEncoder(c.buffer, c.encoder);
            c.writer.write(record, c.encoder);
            c.encoder.flush();
            return Arrays.copyOf(c.buffer.bytes, c.buffer.size);
        } catch (Exception e) {
            throw new SerializationException("cannot encode " + fallback.type().getSimpleName()
                    + (topic == null ? "" : " for topic " + topic) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > HEADER && Arrays.equals(data, 0, HEADER, header, 0, HEADER)) {
            Codec<T> c = codecs.get();
            try {
                c.decoder = DecoderFactory.get().binaryDecoder(data, HEADER, data.length - HEADER, c.decoder);
                T value = c.reader.read(null, c.decoder);
                if (c.decoder.isEnd()) {
                    return value;
                }
            } catch (Exception | StackOverflowError e) {
                // not a valid record after all: the fallback reports it with its typed error
            }
        }
        return fallback.deserialize(topic, data);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // the schema is fixed by the type
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
