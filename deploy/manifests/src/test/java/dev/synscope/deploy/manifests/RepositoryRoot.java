package dev.synscope.deploy.manifests;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: from the build ({@code synscope.root}), else two levels up from this module. */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Path path() {
        Path root = Path.of(System.getProperty("synscope.root", "../..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("deploy"))) {
            throw new IllegalStateException("not the SynScope repository root: " + root);
        }
        return root;
    }
}
