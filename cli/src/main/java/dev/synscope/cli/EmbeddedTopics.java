package dev.synscope.cli;

import dev.synscope.kafka.embedded.LocalKafkaBroker;
import dev.synscope.streams.config.TopicNames;

/** Creates SynScope's topics on the embedded broker. */
final class EmbeddedTopics {

    private EmbeddedTopics() {
    }

    static void create(LocalKafkaBroker broker) {
        broker.createTopics(TopicNames.defaults().all().stream().map(t -> broker.topic(t.name(), t.configs())).toList());
    }
}
