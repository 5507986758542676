package dev.synscope.schema.kafka;

/** Kafka client security is configured wrongly or a secret cannot be read; the message never holds a secret. */
public class KafkaSecurityConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaSecurityConfigException(String message) {
        super(message);
    }

    public KafkaSecurityConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
