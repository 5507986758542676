package dev.synscope.schema.serde;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Random, schema-valid instances of the generated record classes: every field, branch and length varied. */
final class RandomRecords {

    private RandomRecords() {
    }

    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> T of(Schema schema, SplittableRandom r) {
        return (T) value(schema, r, 0);
    }

    private static Object value(Schema schema, SplittableRandom r, int depth) {
        return switch (schema.getType()) {
            case RECORD -> {
                SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(field.schema(), r, depth + 1));
                }
                yield record;
            }
            case ENUM -> SpecificData.get().createEnum(
                    schema.getEnumSymbols().get(r.nextInt(schema.getEnumSymbols().size())), schema);
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(depth > 3 ? 1 : 5); i > 0; i--) {
                    list.add(value(schema.getElementType(), r, depth + 1));
                }
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new HashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    map.put(string(r), value(schema.getValueType(), r, depth + 1));
                }
                yield map;
            }
            case UNION -> value(schema.getTypes().get(r.nextInt(schema.getTypes().size())), r, depth + 1);
            case FIXED -> {
                byte[] bytes = new byte[schema.getFixedSize()];
                r.nextBytes(bytes);
                yield SpecificData.get().createFixed(null, bytes, schema);
            }
            case STRING -> string(r);
            case BYTES -> {
                byte[] bytes = new byte[r.nextInt(3) == 0 ? 0 : r.nextInt(1, 40)];
                r.nextBytes(bytes);
                yield ByteBuffer.wrap(bytes);
            }
            case INT -> switch (r.nextInt(3)) {
                case 0 -> r.nextInt(128);
                case 1 -> r.nextInt(Integer.MIN_VALUE, Integer.MAX_VALUE);
                default -> r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            };
            case LONG -> switch (r.nextInt(3)) {
                case 0 -> (long) r.nextInt(128);
                case 1 -> r.nextLong();
                default -> r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            };
            case FLOAT -> (float) r.nextDouble(-1e6, 1e6);
            case DOUBLE -> r.nextBoolean() ? r.nextDouble() : r.nextDouble(-1e12, 1e12);
            case BOOLEAN -> r.nextBoolean();
            case NULL -> null;
        };
    }

    private static String string(SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            // ASCII mostly, some two-, three- and four-byte UTF-8
            s.appendCodePoint(switch (r.nextInt(6)) {
                case 0 -> r.nextInt(0x80, 0x800);
                case 1 -> r.nextInt(0x800, 0xD800);
                case 2 -> r.nextInt(0x10000, 0x10FFFF);
                default -> r.nextInt(0x20, 0x7F);
            });
        }
        return s.toString();
    }
}
