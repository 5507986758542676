package dev.synscope.streams.query.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * JSON of an Avro record, walked along its schema: field names as in the .avsc files, enums as
 * their symbol, unions as the plain value (or null), bytes as base64. A field added to a schema
 * appears in the API without code changes.
 */
public final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    public static ObjectNode toJson(IndexedRecord record) {
        return (ObjectNode) value(record.getSchema(), record);
    }

    private static JsonNode value(Schema schema, Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        return switch (schema.getType()) {
            case NULL -> NODES.nullNode();
            case UNION -> value(schema.getTypes().get(GenericData.get().resolveUnion(schema, v)), v);
            case RECORD -> {
                IndexedRecord r = (IndexedRecord) v;
                ObjectNode o = NODES.objectNode();
                for (Schema.Field f : schema.getFields()) {
                    o.set(f.name(), value(f.schema(), r.get(f.pos())));
                }
                yield o;
            }
            case ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (Object item : (Collection<?>) v) {
                    a.add(value(schema.getElementType(), item));
                }
                yield a;
            }
            case MAP -> {
                ObjectNode o = NODES.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    o.set(e.getKey().toString(), value(schema.getValueType(), e.getValue()));
                }
                yield o;
            }
            case ENUM, STRING -> NODES.textNode(v.toString());
            case INT -> NODES.numberNode(((Number) v).intValue());
            case LONG -> NODES.numberNode(((Number) v).longValue());
            case FLOAT -> NODES.numberNode(((Number) v).floatValue());
            case DOUBLE -> NODES.numberNode(((Number) v).doubleValue());
            case BOOLEAN -> NODES.booleanNode((Boolean) v);
            case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString(bytes((ByteBuffer) v)));
            case FIXED -> NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) v).bytes()));
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }
}
