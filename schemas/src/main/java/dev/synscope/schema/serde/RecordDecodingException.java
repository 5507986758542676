package dev.synscope.schema.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a valid single-object-encoded record of the expected type.
 *
 * <p>The message names the record type, the topic and what was wrong, so that a log line or a
 * dead-letter reason is enough to find the bad producer without a stack trace.
 */
public final class RecordDecodingException extends SerializationException {
    private static final long serialVersionUID = 1L;

    private final String recordType;

    public RecordDecodingException(String recordType, String topic, int length, Throwable cause) {
        super("cannot decode " + recordType + " from " + length + " bytes"
                + (topic == null ? "" : " on topic " + topic)
                + ": " + describe(cause), cause);
        this.recordType = recordType;
    }

    /** Simple name of the Avro record the bytes should have held, e.g. {@code HeaderObservation}. */
    public String recordType() {
        return recordType;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
