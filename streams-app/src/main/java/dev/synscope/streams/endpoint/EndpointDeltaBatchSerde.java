package dev.synscope.streams.endpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the internal endpoint-delta repartition topic (not part of the public contract): a
 * version byte (2; 1 = a single delta of the earlier format, still read), the endpoint, host and port the deltas share, a count, then per delta its from/to
 * state, event, event time and connection uid; strings as modified UTF-8 with "" for null.
 */
public final class EndpointDeltaBatchSerde implements Serde<EndpointDeltaBatch>, Serializer<EndpointDeltaBatch>,
        Deserializer<EndpointDeltaBatch> {

    public static final EndpointDeltaBatchSerde INSTANCE = new EndpointDeltaBatchSerde();
    private static final byte VERSION = 2;
    private static final byte SINGLE_DELTA_VERSION = 1;
    /** More deltas than this in one record is a corrupt count, not a batch. */
    private static final int MAX_DELTAS = 10_000_000;

    @Override
    public byte[] serialize(String topic, EndpointDeltaBatch batch) {
        if (batch == null) {
            return null;
        }
        List<EndpointDelta> deltas = batch.deltas();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 24 * deltas.size());
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            EndpointDelta first = deltas.isEmpty() ? null : deltas.get(0);
            out.writeUTF(batch.endpoint());
            out.writeUTF(first == null ? "" : first.host());
            out.writeInt(first == null ? -1 : first.port());
            out.writeInt(deltas.size());
            for (EndpointDelta d : deltas) {
                out.writeUTF(d.fromState() == null ? "" : d.fromState());
                out.writeUTF(d.toState() == null ? "" : d.toState());
                out.writeByte(d.event().ordinal());
                out.writeLong(d.tsMicros());
                out.writeUTF(d.uid() == null ? "" : d.uid());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public EndpointDeltaBatch deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            byte version = in.readByte();
            if (version == SINGLE_DELTA_VERSION) {
                return singleDelta(in);
            }
            if (version != VERSION) {
                throw new SerializationException("endpoint delta batch version " + version + ", expected " + VERSION);
            }
            String endpoint = in.readUTF();
            String host = in.readUTF();
            int port = in.readInt();
            int count = in.readInt();
            if (count < 0 || count > MAX_DELTAS || count > data.length) {
                throw new SerializationException("endpoint delta batch of " + count + " deltas in " + data.length
                        + " bytes");
            }
            EndpointDelta.Event[] events = EndpointDelta.Event.values();
            List<EndpointDelta> deltas = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String from = in.readUTF();
                String to = in.readUTF();
                int event = in.readByte();
                long ts = in.readLong();
                String uid = in.readUTF();
                if (event < 0 || event >= events.length) {
                    throw new SerializationException("endpoint delta event " + event + " unknown");
                }
                deltas.add(new EndpointDelta(endpoint, host, port, from.isEmpty() ? null : from,
                        to.isEmpty() ? null : to, events[event], ts, uid.isEmpty() ? null : uid));
            }
            return new EndpointDeltaBatch(endpoint, deltas);
        } catch (IOException e) {
            throw new SerializationException("cannot decode an endpoint delta batch of " + data.length + " bytes", e);
        }
    }

    /**
     * Version 1 records (one delta each, written before batching) may still sit in the repartition topic
     * when an app is upgraded: read as a batch of one, nothing lost. Fields: endpoint, host, port, from,
     * to, event, time, uid.
     */
    private static EndpointDeltaBatch singleDelta(DataInputStream in) throws IOException {
        String endpoint = in.readUTF();
        String host = in.readUTF();
        int port = in.readInt();
        String from = in.readUTF();
        String to = in.readUTF();
        int event = in.readByte();
        long ts = in.readLong();
        String uid = in.readUTF();
        EndpointDelta.Event[] events = EndpointDelta.Event.values();
        if (event < 0 || event >= events.length) {
            throw new SerializationException("endpoint delta event " + event + " unknown");
        }
        return new EndpointDeltaBatch(endpoint, List.of(new EndpointDelta(endpoint, host, port,
                from.isEmpty() ? null : from, to.isEmpty() ? null : to, events[event], ts,
                uid.isEmpty() ? null : uid)));
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // stateless
    }

    @Override
    public Serializer<EndpointDeltaBatch> serializer() {
        return this;
    }

    @Override
    public Deserializer<EndpointDeltaBatch> deserializer() {
        return this;
    }
}
