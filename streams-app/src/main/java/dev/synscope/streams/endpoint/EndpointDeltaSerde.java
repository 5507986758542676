package dev.synscope.streams.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the internal endpoint-delta repartition topic (not part of the public contract): a
 * version byte, then the fields in order, strings as modified UTF-8 with "" for null.
 */
public final class EndpointDeltaSerde implements Serde<EndpointDelta>, Serializer<EndpointDelta>,
        Deserializer<EndpointDelta> {

    public static final EndpointDeltaSerde INSTANCE = new EndpointDeltaSerde();
    private static final byte VERSION = 1;

    @Override
    public byte[] serialize(String topic, EndpointDelta d) {
        if (d == null) {
            return null;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeUTF(d.endpoint());
            out.writeUTF(d.host());
            out.writeInt(d.port());
            out.writeUTF(d.fromState() == null ? "" : d.fromState());
            out.writeUTF(d.toState() == null ? "" : d.toState());
            out.writeByte(d.event().ordinal());
            out.writeLong(d.tsMicros());
            out.writeUTF(d.uid() == null ? "" : d.uid());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public EndpointDelta deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("endpoint delta version " + version + ", expected " + VERSION);
            }
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
            return new EndpointDelta(endpoint, host, port, from.isEmpty() ? null : from, to.isEmpty() ? null : to,
                    events[event], ts, uid.isEmpty() ? null : uid);
        } catch (IOException e) {
            throw new SerializationException("cannot decode an endpoint delta of " + data.length + " bytes", e);
        }
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
    public Serializer<EndpointDelta> serializer() {
        return this;
    }

    @Override
    public Deserializer<EndpointDelta> deserializer() {
        return this;
    }
}
