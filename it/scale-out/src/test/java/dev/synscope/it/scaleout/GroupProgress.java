package dev.synscope.it.scaleout;

import dev.synscope.streams.CommittedProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Waits until a Kafka Streams application running elsewhere (other JVMs) has processed everything
 * written to its input so far: the headers topic and the application's repartition topics, by the
 * same rule as {@code StreamsApp#awaitProcessed} ({@link CommittedProgress}), from the outside.
 */
final class GroupProgress {

    private GroupProgress() {
    }

    /** Waits until caught up; fails with the lagging partitions when {@code timeout} passes. */
    static void awaitCaughtUp(Map<String, Object> client, String applicationId, String headersTopic,
                              Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lagging = List.of();
        try (CommittedProgress progress = new CommittedProgress(client, applicationId)) {
            while (System.nanoTime() < deadline) {
                List<String> topics = new ArrayList<>(List.of(headersTopic));
                topics.addAll(progress.repartitionTopics());
                lagging = progress.lagging(topics).toList();
                if (lagging.isEmpty()) {
                    return;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read offsets: " + e.getMessage(), e);
        }
        throw new AssertionError(applicationId + " has not processed its input within " + timeout + "; lagging: "
                + lagging);
    }
}
