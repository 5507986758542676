package dev.synscope.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.DeadLetter;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.TopicNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/** The app's Streams config sends what escapes a processor to the DLQ in our format, and goes on. */
class DeadLetterHandlersTest {

    @Test
    void aProcessorThatThrowsCostsOneRecordNotTheThread() throws Exception {
        TopicNames topics = TopicNames.defaults();
        Path dir = Files.createTempDirectory("synscope-dlh");
        Properties props = StreamsAppConfig.defaults("dummy:9092").withApplicationId("dlh-" + System.nanoTime())
                .withStateDir(dir).toProperties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        StreamsBuilder b = new StreamsBuilder();
        b.stream("in", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(v -> {
                    if (new String(v, StandardCharsets.UTF_8).equals("boom")) {
                        throw new IllegalStateException("a bug on this record");
                    }
                    return v;
                })
                .to("out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        try (TopologyTestDriver driver = new TopologyTestDriver(b.build(), props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic("out", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            TestOutputTopic<byte[], DeadLetter> dlq = driver.createOutputTopic(topics.dlq(), new ByteArrayDeserializer(),
                    SynScopeSerdes.DEAD_LETTER);
            in.pipeInput("k".getBytes(StandardCharsets.UTF_8), "boom".getBytes(StandardCharsets.UTF_8));
            in.pipeInput("k".getBytes(StandardCharsets.UTF_8), "fine".getBytes(StandardCharsets.UTF_8));

            assertThat(dlq.readValuesToList()).singleElement().satisfies(d -> {
                assertThat(d.getTopic()).isEqualTo("in");
                assertThat(d.getOffset()).isZero();
                assertThat(d.getReason()).contains("processing failed in", "a bug on this record");
                assertThat(StandardCharsets.UTF_8.decode(d.getValue()).toString()).isEqualTo("boom");
            });
            assertThat(out.readValuesToList()).extracting(v -> new String(v, StandardCharsets.UTF_8))
                    .containsExactly("fine");
        }
    }
}
