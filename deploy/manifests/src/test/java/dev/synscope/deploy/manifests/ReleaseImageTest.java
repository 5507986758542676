package dev.synscope.deploy.manifests;

import static dev.synscope.deploy.manifests.ComposeSpec.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One release, one name: the image deploy/docker/Dockerfile builds from the tarball of this version
 * (dist/target/synscope-VERSION.tar.gz), and deploy/k8s and deploy/compose run synscope:VERSION.
 * Bumping the project version (a release) fails this test until all of them follow.
 */
class ReleaseImageTest {

    private static final Pattern PARENT_VERSION = Pattern.compile(
            "<artifactId>synscope-parent</artifactId>\\s*<version>([^<]+)</version>");
    private static Path root;
    private static String version;
    private static String dockerfile;

    @BeforeAll
    static void load() throws Exception {
        root = RepositoryRoot.path();
        version = System.getProperty("synscope.version");
        if (version == null || version.isBlank()) {
            Matcher m = PARENT_VERSION.matcher(Files.readString(root.resolve("pom.xml")));
            assertThat(m.find()).as("the root pom's version").isTrue();
            version = m.group(1);
        }
        dockerfile = Files.readString(root.resolve("deploy/docker/Dockerfile"));
    }

    @Test
    void theDockerfileUnpacksTheReleaseTarballOfThisVersionOnAJre() throws Exception {
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre$")
                .containsPattern("(?m)^ARG SYNSCOPE_VERSION=" + Pattern.quote(version) + "$")
                .containsPattern("(?m)^ADD dist/target/synscope-\\$\\{SYNSCOPE_VERSION}\\.tar\\.gz /opt/$")
                .contains("ln -s \"synscope-${SYNSCOPE_VERSION}\" /opt/synscope")
                .doesNotContain("cli/target")
                .containsPattern("(?m)^ENTRYPOINT \\[\"/usr/local/bin/synscope-entrypoint\"]$");
        String entrypoint = Files.readString(root.resolve("deploy/docker/entrypoint.sh"));
        assertThat(entrypoint).containsPattern("(?m)^exec /opt/synscope/bin/synscope \"\\$@\"$");
        assertThat(root.resolve("deploy/docker/entrypoint.sh")).isExecutable();
    }

    @Test
    void theTarballIsNamedAsTheDockerfileExpects() throws Exception {
        // dist/target/synscope-${project.version}.tar.gz holding synscope-${project.version}/
        assertThat(Files.readString(root.resolve("dist/pom.xml")))
                .contains("<finalName>synscope-${project.version}</finalName>",
                        "<appendAssemblyId>false</appendAssemblyId>");
        assertThat(Files.readString(root.resolve("dist/src/assembly/tarball.xml")))
                .contains("<format>tar.gz</format>", "<baseDirectory>synscope-${project.version}</baseDirectory>");
    }

    @Test
    void kubernetesRunsTheImageOfThisVersion() {
        KubernetesManifests.Result k8s = KubernetesManifests.load(root.resolve("deploy/k8s"));
        List<String> images = new ArrayList<>();
        for (KubernetesManifests.Manifest m : k8s.manifests()) {
            PodTemplateSpec template = null;
            if (m.resource() instanceof DaemonSet d) {
                template = d.getSpec().getTemplate();
            } else if (m.resource() instanceof StatefulSet st) {
                template = st.getSpec().getTemplate();
            } else if (m.resource() instanceof Deployment d) {
                template = d.getSpec().getTemplate();
            }
            if (template == null) {
                continue;
            }
            var pod = template.getSpec();
            for (List<Container> cs : List.of(pod.getContainers(),
                    Objects.requireNonNullElse(pod.getInitContainers(), List.<Container>of()))) {
                cs.stream().map(Container::getImage).filter(i -> i.startsWith("synscope")).forEach(images::add);
            }
        }
        assertThat(images).as("synscope images in deploy/k8s").isNotEmpty().containsOnly("synscope:" + version);
    }

    @Test
    void composeRunsAndBuildsTheImageOfThisVersion() {
        Map<String, Object> compose =
                YamlDocuments.load(root.resolve("deploy/compose/docker-compose.yml")).get(0).content();
        List<String> images = new ArrayList<>();
        for (Object service : map(compose.get("services")).values()) {
            Object image = map(service).get("image");
            if (image != null && image.toString().startsWith("synscope")) {
                images.add(image.toString());
                Map<String, Object> build = map(map(service).get("build"));
                assertThat(build.get("dockerfile")).as(image + " built by").isEqualTo("deploy/docker/Dockerfile");
            }
        }
        assertThat(images).as("synscope images in deploy/compose").isNotEmpty().containsOnly("synscope:" + version);
    }
}
