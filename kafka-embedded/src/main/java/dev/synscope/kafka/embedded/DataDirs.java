package dev.synscope.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Temporary data directories of local brokers: created fresh, deleted whole. */
final class DataDirs {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirs.class);

    private DataDirs() {
    }

    static Path createTemp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for Kafka's data", e);
        }
    }

    /** Deletes {@code dir} and everything below it; what cannot be deleted is logged, not thrown. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete all of {}: {}", dir, e.toString());
        }
    }
}
