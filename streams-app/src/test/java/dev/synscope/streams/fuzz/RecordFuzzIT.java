package dev.synscope.streams.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.DeadLetter;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.StreamsApp;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.metrics.DeadLetterReason;
import dev.synscope.streams.query.QueryConfig;
import dev.synscope.streams.query.QueryServer;
import dev.synscope.streams.query.metrics.QueryMetrics;
import dev.synscope.streams.report.TopicReader;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzed header records ({@link RecordFuzzer}) into a real app on a real broker: the app stays
 * RUNNING with no stream thread replaced, every record is processed, exactly the impossible ones are
 * dead-lettered (each with its source offset), none fails in the tracker, and the topology's own
 * counters on {@code /metrics} add up to what was sent. {@code -Dfuzz.records=1000000} is the soak.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RecordFuzzIT {

    private static final int PARTITIONS = 2;
    private static final int WARM_UP = 2_000;
    private static final Duration WAIT = Duration.ofMinutes(5);

    @Test
    void theAppSurvivesEveryRecordAndTheCountsAddUp(TestKafka kafka, @TempDir Path stateDir) throws Exception {
        int records = Integer.getInteger("fuzz.records", 100_000);
        long seed = Long.getLong("fuzz.seed", 20261203L);
        String prefix = kafka.uniquePrefix("fuzz") + ".";
        QueryConfig query = QueryConfig.defaults(kafka.bootstrapServers(), prefix + TopicNames.defaults().anomalies())
                .withPort(freePort());
        StreamsAppConfig config = StreamsAppConfig.defaults(kafka.bootstrapServers())
                .withApplicationId(prefix + "app").withStateDir(stateDir).withTopics(TopicNames.prefixed(prefix));
        StreamsApp.ensureTopics(config, PARTITIONS);

        try (StreamsApp app = StreamsApp.start(config); QueryServer server = QueryServer.start(app.streams(), query)) {
            app.awaitRunning(Duration.ofMinutes(1));
            long start = System.nanoTime();
            Map<String, RecordFuzzer.Fuzzed> sent = produce(kafka, config, new RecordFuzzer(seed,
                    System.currentTimeMillis() * 1_000L), records);
            assertThat(app.awaitProcessed(WAIT)).as("the app processed everything within " + WAIT).isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(QueryMetrics.failedStreamThreads(app.streams())).as("stream threads replaced").isZero();

            List<ConsumerRecord<byte[], DeadLetter>> dlq = TopicReader.readAll(kafka.bootstrapServers(),
                    config.topics().dlq(), new ByteArrayDeserializer(), SynScopeSerdes.DEAD_LETTER, WAIT);
            Map<String, DeadLetter> dead = new HashMap<>();
            Map<DeadLetterReason, Long> byReason = new EnumMap<>(DeadLetterReason.class);
            for (ConsumerRecord<byte[], DeadLetter> r : dlq) {
                DeadLetter d = r.value();
                assertThat(d.getTopic()).isEqualTo(config.topics().headers());
                assertThat(dead.put(d.getPartition() + "@" + d.getOffset(), d)).as("one dead letter per record").isNull();
                byReason.merge(DeadLetterReason.of(d.getReason()), 1L, Long::sum);
            }
            List<String> wrong = new ArrayList<>();
            Map<RecordFuzzer.Expect, Long> expected = new EnumMap<>(RecordFuzzer.Expect.class);
            sent.forEach((where, f) -> {
                expected.merge(f.expect(), 1L, Long::sum);
                DeadLetter d = dead.get(where);
                if (f.expect() == RecordFuzzer.Expect.INVALID && d == null) {
                    wrong.add(where + " " + f.what() + ": processed, expected a dead letter");
                } else if (f.expect() == RecordFuzzer.Expect.VALID && d != null) {
                    wrong.add(where + " " + f.what() + ": dead-lettered (" + d.getReason() + ")");
                } else if (d != null && DeadLetterReason.of(d.getReason()) == DeadLetterReason.PROCESSING_FAILED) {
                    wrong.add(where + " " + f.what() + ": failed in processing (" + d.getReason() + ")");
                }
            });
            System.out.printf("fuzz: %,d records (seed %d) in %.1f s: %s sent; %,d dead letters %s%n", sent.size(),
                    seed, seconds, expected, dlq.size(), byReason);
            assertThat(wrong).as("records handled otherwise than expected").isEmpty();
            // (a set difference: AssertJ's isSubsetOf compares every pair, hours at a million records)
            java.util.Set<String> foreign = new java.util.HashSet<>(dead.keySet());
            foreign.removeAll(sent.keySet());
            assertThat(foreign).as("dead letters of records we did not send").isEmpty();

            // the topology's own counts, on the page Prometheus scrapes
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(meter(metrics, "synscope_records_processed_total")).isEqualTo(sent.size());
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                assertThat(meter(metrics, "synscope_dlq_records_total{reason=\"" + reason.tag() + "\"}"))
                        .as("dead letters counted as " + reason).isEqualTo(byReason.getOrDefault(reason, 0L));
            }
            assertThat(meter(metrics, "synscope_stream_thread_replacements_total")).isZero();
        }
    }

    /** Sends the warm-up (valid records on every partition first, so each has a time) and the mix. */
    private static Map<String, RecordFuzzer.Fuzzed> produce(TestKafka kafka, StreamsAppConfig config,
                                                            RecordFuzzer fuzzer, int records) throws Exception {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        List<Future<RecordMetadata>> acks = new ArrayList<>(records);
        List<RecordFuzzer.Fuzzed> fuzzed = new ArrayList<>(records);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                RecordFuzzer.Fuzzed f = i < WARM_UP ? fuzzer.valid() : fuzzer.next();
                fuzzed.add(f);
                // Kafka timestamp = now, as a probe's; the capture time is in the value
                acks.add(producer.send(new ProducerRecord<>(config.topics().headers(), null, System.currentTimeMillis(),
                        f.key(), f.value())));
            }
            producer.flush();
        }
        Map<String, RecordFuzzer.Fuzzed> byOffset = new HashMap<>();
        for (int i = 0; i < records; i++) {
            RecordMetadata m = acks.get(i).get();
            byOffset.put(m.partition() + "@" + m.offset(), fuzzed.get(i));
        }
        return byOffset;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static long meter(String page, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+]+)$").matcher(page);
        assertThat(m.find()).as(name + " on /metrics").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }
}
