package dev.synscope.streams;

import static dev.synscope.streams.topology.Conversations.all;
import static dev.synscope.streams.topology.Conversations.clientCloses;
import static dev.synscope.streams.topology.Conversations.exchange;
import static dev.synscope.streams.topology.Conversations.handshake;
import static dev.synscope.streams.topology.Conversations.serverCloses;
import static dev.synscope.streams.topology.Conversations.syn;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.DeadLetter;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.metrics.DeadLetterReason;
import dev.synscope.streams.report.TopicReader;
import dev.synscope.streams.topology.Conversations;
import dev.synscope.streams.topology.Packets;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One probe's clock cannot change what the others see (live, on a real broker): a probe a day
 * ahead, one 23 hours ahead, one ten years behind and one jumping two days either way send their own connections among
 * a good probe's traffic. The good probe's connection table and anomalies are exactly those of a run
 * without the bad probes, and every bad-clock record is a {@code clock} dead letter.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ProbeClockIT {

    private static final int PARTITIONS = 2;
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final long DAY = seconds(86_400);
    private static final long YEAR = 365 * DAY;
    private static final Set<Integer> GOOD_PORTS = Set.of(38608, 40001, 40002, 40003, 40004);

    /** What the good probe's connections came to: table rows and anomalies, as comparable text. */
    private record Outcome(List<String> rows, List<String> anomalies, List<DeadLetter> deadLetters) {
    }

    @Test
    void aProbeWithABadClockChangesNothingForTheOthers(TestKafka kafka, @TempDir Path dirA, @TempDir Path dirB) {
        long now = System.currentTimeMillis() * 1_000L;
        List<HeaderObservation> good = good(now);
        List<HeaderObservation> bad = bad(now);

        Outcome reference = run(kafka, "clock-ref", dirA, good);
        List<HeaderObservation> mixed = new ArrayList<>();
        for (int i = 0; i < Math.max(good.size(), bad.size()); i++) {
            if (i < bad.size()) {
                mixed.add(bad.get(i));
            }
            if (i < good.size()) {
                mixed.add(good.get(i));
            }
        }
        Outcome withBadClocks = run(kafka, "clock-bad", dirB, mixed);

        // the reference shows something worth protecting
        assertThat(reference.anomalies()).contains("CONNECTION_REFUSED 40001", "CONNECT_TIMEOUT 40002");
        assertThat(reference.rows()).hasSizeGreaterThanOrEqualTo(3); // 40002 gave up: its row left the table
        assertThat(reference.deadLetters()).isEmpty();

        assertThat(withBadClocks.rows()).isEqualTo(reference.rows());
        assertThat(withBadClocks.anomalies()).isEqualTo(reference.anomalies());
        long badClockRecords = bad.stream().filter(h -> Math.abs(h.getTsMicros() - now) > seconds(3600)).count();
        // a heartbeat goes to every partition, so it is one record per partition
        long badClockWrites = bad.stream().filter(h -> Math.abs(h.getTsMicros() - now) > seconds(3600))
                .mapToLong(h -> h.getKind() == ObservationKind.HEARTBEAT ? PARTITIONS : 1).sum();
        assertThat(badClockRecords).isPositive();
        assertThat(withBadClocks.deadLetters()).hasSize((int) badClockWrites)
                .allSatisfy(d -> assertThat(DeadLetterReason.of(d.getReason())).isEqualTo(DeadLetterReason.CLOCK));
    }

    /** A client's session, a refusal, an unanswered SYN, a short connection, one left open; then 6 s of heartbeats. */
    private static List<HeaderObservation> good(long t) {
        List<HeaderObservation> p = new ArrayList<>();
        p.add(Packets.heartbeat(t)); // as a real probe does every second: every partition has a time
        p.addAll(List.of(all(handshake(t, 38608, 80), exchange(t + 10_000, 38608, 80),
                clientCloses(t + 20_000, 38608, 80), serverCloses(t + 30_000, 38608, 80))));
        p.add(syn(t + 100_000, 40001, 81));
        p.add(Conversations.rstAnsweringSyn(t + 100_500, 40001, 81));
        p.add(syn(t + 200_000, 40002, 82));
        p.addAll(List.of(all(handshake(t + seconds(1), 40003, 80), exchange(t + seconds(1.1), 40003, 80),
                clientCloses(t + seconds(1.2), 40003, 80))));
        p.addAll(List.of(all(handshake(t + seconds(2), 40004, 80), exchange(t + seconds(2.1), 40004, 80))));
        for (int s = 3; s <= 7; s++) {
            p.add(Packets.heartbeat(t + seconds(s)));
        }
        return p;
    }

    /** Four bad probes' own connections (ports 5000x), each with its own wrong clock. */
    private static List<HeaderObservation> bad(long t) {
        List<HeaderObservation> p = new ArrayList<>();
        p.addAll(as("probe-ahead", all(handshake(t + DAY, 50001, 80), exchange(t + DAY + 10_000, 50001, 80))));
        p.add(as("probe-ahead", Packets.heartbeat(t + DAY + seconds(1))));
        // under a day ahead: within the 24 h stream-time rule, refused by the wall-clock rule (maxClockAhead)
        long hours = seconds(23 * 3600);
        p.addAll(as("probe-hours-ahead", all(handshake(t + hours, 50004, 80), exchange(t + hours, 50004, 80))));
        p.add(as("probe-hours-ahead", Packets.heartbeat(t + hours + seconds(1))));
        p.addAll(as("probe-behind", all(handshake(t - 10 * YEAR, 50002, 80), exchange(t - 10 * YEAR, 50002, 80))));
        p.add(as("probe-behind", Packets.heartbeat(t - 10 * YEAR)));
        long[] jumps = {0, 2 * DAY, -2 * DAY, 10_000, 2 * DAY + 20_000, -2 * DAY + 30_000, 40_000};
        List<HeaderObservation> conversation = List.of(all(handshake(t, 50003, 80), exchange(t, 50003, 80)));
        for (int i = 0; i < conversation.size(); i++) {
            HeaderObservation h = conversation.get(i);
            p.add(as("probe-jumping", HeaderObservation.newBuilder(h).setTsMicros(t + jumps[i % jumps.length]
                    + i * 1_000L).build()));
        }
        p.add(as("probe-jumping", Packets.heartbeat(t + 2 * DAY)));
        p.add(as("probe-jumping", Packets.heartbeat(t - 2 * DAY)));
        return p;
    }

    private static List<HeaderObservation> as(String probe, HeaderObservation... packets) {
        return java.util.Arrays.stream(packets).map(h -> HeaderObservation.newBuilder(h).setProbeId(probe).build())
                .toList();
    }

    private static HeaderObservation as(String probe, HeaderObservation h) {
        return HeaderObservation.newBuilder(h).setProbeId(probe).build();
    }

    private static Outcome run(TestKafka kafka, String name, Path stateDir, List<HeaderObservation> records) {
        String prefix = kafka.uniquePrefix(name) + ".";
        StreamsAppConfig config = StreamsAppConfig.defaults(kafka.bootstrapServers())
                .withApplicationId(prefix + "app").withStateDir(stateDir).withTopics(TopicNames.prefixed(prefix))
                // timeouts follow capture time only, so both runs are judged on the same clock
                .withThresholds(Thresholds.defaults().withWallClockIdleAdvance(Duration.ZERO));
        StreamsApp.ensureTopics(config, PARTITIONS);
        try (StreamsApp app = StreamsApp.start(config)) {
            app.awaitRunning(WAIT);
            produce(kafka, config, records);
            assertThat(app.awaitProcessed(WAIT)).isTrue();
            List<String> rows = app.connectionTable().stream()
                    .filter(c -> GOOD_PORTS.contains(c.getOrigPort()) || GOOD_PORTS.contains(c.getRespPort()))
                    .map(ProbeClockIT::row).sorted().toList();
            List<String> anomalies = TopicReader.readAll(kafka.bootstrapServers(), config.topics().anomalies(),
                            new ByteArrayDeserializer(), SynScopeSerdes.ANOMALY_EVENT, WAIT).stream()
                    .map(ConsumerRecord::value)
                    .filter(e -> e.getOrigP() == null || GOOD_PORTS.contains(e.getOrigP()))
                    .map(e -> e.getType() + " " + (e.getOrigP() == null ? e.getRespH() + ":" + e.getRespP()
                            : e.getOrigP()))
                    .sorted().toList();
            List<DeadLetter> dead = TopicReader.readAll(kafka.bootstrapServers(), config.topics().dlq(),
                    new ByteArrayDeserializer(), SynScopeSerdes.DEAD_LETTER, WAIT).stream()
                    .map(ConsumerRecord::value).toList();
            return new Outcome(rows, anomalies, dead);
        }
    }

    private static String row(ConnectionState c) {
        return c.getOrigPort() + ">" + c.getRespPort() + " " + c.getOrigState() + "/" + c.getRespState() + " "
                + c.getConnState() + " " + c.getHistory() + " " + c.getOrigPackets() + "/" + c.getRespPackets() + " " + c.getOrigBytes() + "/" + c.getRespBytes();
    }

    private static void produce(TestKafka kafka, StreamsAppConfig config, List<HeaderObservation> records) {
        ProbeLikeProducer.produce(kafka, config.topics().headers(), PARTITIONS, records);
    }
}
