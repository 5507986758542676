package dev.synscope.deploy.manifests;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;

/**
 * Strimzi's {@code KafkaTopic} (kafka.strimzi.io/v1beta2), the fields we use. A custom resource
 * is not in fabric8's core model; this record is parsed with unknown properties failing, so a
 * misspelled field is caught as in the core kinds.
 *
 * @param spec topic name, partitions, replicas and topic configs
 */
public record StrimziKafkaTopic(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public static final String API_VERSION = "kafka.strimzi.io/v1beta2";
    public static final String KIND = "KafkaTopic";

    /** Strimzi's KafkaTopicSpec. {@code topicName} defaults to {@code metadata.name}. */
    public record Spec(String topicName, Integer partitions, Integer replicas, Map<String, Object> config) {
    }

    /** The Kafka topic this resource declares. */
    public String effectiveTopicName() {
        return spec.topicName() != null ? spec.topicName() : metadata.getName();
    }

    /** A topic config as a string, or null; YAML numbers and strings alike. */
    public String config(String key) {
        Object value = spec.config() == null ? null : spec.config().get(key);
        return value == null ? null : value.toString();
    }
}
