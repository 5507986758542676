package dev.synscope.lab.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the lab's scripts live ({@code lab}: {@code lab.sh}, {@code lib/*.sh}, the small
 * python servers). Found from the system property {@code synscope.lab.dir}, the environment
 * variable {@code SYNSCOPE_LAB_DIR}, or by walking up from the working directory.
 */
public record LabScripts(Path dir) {

    public static final String PROPERTY = "synscope.lab.dir";
    public static final String ENV = "SYNSCOPE_LAB_DIR";
    private static final String MARKER = "lib/topology.sh";

    public static Optional<LabScripts> locate() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENV));
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath();
            return Files.isRegularFile(dir.resolve(MARKER)) ? Optional.of(new LabScripts(dir)) : Optional.empty();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate : new Path[] {p, p.resolve("lab"), p.resolve("lab")}) {
                if (Files.isRegularFile(candidate.resolve(MARKER))) {
                    return Optional.of(new LabScripts(candidate));
                }
            }
        }
        return Optional.empty();
    }

    public Path lib(String name) {
        return dir.resolve("lib").resolve(name);
    }

    public Path labScript() {
        return dir.resolve("lab.sh");
    }
}
