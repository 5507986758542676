package dev.synscope.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.Topics;
import org.junit.jupiter.api.Test;

/** One topic set: the defaults are the contract's topics, and a prefix applies to every one of them. */
class TopicNamesTest {

    @Test
    void theDefaultSetIsTheContractsSet() {
        assertThat(TopicNames.defaults().all()).containsExactlyElementsOf(Topics.ALL);
    }

    @Test
    void aPrefixAppliesToEveryTopicAndKeepsItsConfig() {
        assertThat(TopicNames.prefixed("run-7.").all())
                .containsExactlyElementsOf(Topics.ALL.stream().map(t -> t.withPrefix("run-7.")).toList());
    }

    @Test
    void aFileAnalysisKeepsEveryRecordOfItsStreams() {
        for (Topics.TopicSpec spec : TopicNames.defaults().all()) {
            assertThat(spec.configsKeepingAll().get("retention.ms")).isEqualTo(spec.compacted() ? null : "-1");
            assertThat(spec.configsKeepingAll().get("cleanup.policy")).isEqualTo(spec.compacted() ? "compact" : null);
        }
    }
}
