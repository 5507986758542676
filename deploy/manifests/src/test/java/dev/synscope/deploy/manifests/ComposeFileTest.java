package dev.synscope.deploy.manifests;

import static dev.synscope.deploy.manifests.ComposeSpec.list;
import static dev.synscope.deploy.manifests.ComposeSpec.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** deploy/compose/docker-compose.yml against the Compose Specification and against SynScope's needs. */
class ComposeFileTest {

    static final String KAFKA_IMAGE = "apache/kafka:4.3.1";
    private static final Pattern CREATE = Pattern.compile("^\\s*create\\s+(\\S+)(.*)$", Pattern.MULTILINE);

    private static Path composeFile;
    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    static void load() {
        composeFile = RepositoryRoot.path().resolve("deploy/compose/docker-compose.yml");
        compose = YamlDocuments.load(composeFile).get(0).content();
        services = map(compose.get("services"));
    }

    @Test
    void followsTheComposeSpecification() {
        assertThat(ComposeSpec.problems(compose, composeFile.getParent())).isEmpty();
    }

    @Test
    void kafkaIsAThreeNodeKraftQuorumOfCombinedNodes() {
        Map<String, Map<String, Object>> kafka = servicesWithImage(KAFKA_IMAGE).entrySet().stream()
                .filter(e -> env(e.getValue()).containsKey("KAFKA_NODE_ID"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(kafka).hasSize(3);
        Set<String> clusterIds = new HashSet<>();
        Set<String> expectedVoters = new HashSet<>();
        for (var node : kafka.entrySet()) {
            Map<String, String> env = env(node.getValue());
            clusterIds.add(env.get("CLUSTER_ID"));
            expectedVoters.add(env.get("KAFKA_NODE_ID") + "@" + node.getKey() + ":9093");
            assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
            assertThat(env.get("KAFKA_MIN_INSYNC_REPLICAS")).isEqualTo("2");
            assertThat(env.get("KAFKA_DEFAULT_REPLICATION_FACTOR")).isEqualTo("3");
            // the EXTERNAL listener for host-network clients is advertised on a port the host publishes
            String external = Arrays.stream(env.get("KAFKA_ADVERTISED_LISTENERS").split(","))
                    .filter(l -> l.startsWith("EXTERNAL://")).findFirst().orElseThrow();
            String port = external.substring(external.lastIndexOf(':') + 1);
            assertThat(strings(node.getValue().get("ports"))).contains("127.0.0.1:" + port + ":" + port);
        }
        assertThat(clusterIds).as("one cluster id").hasSize(1);
        // kafka-storage format accepts only a base64url-encoded 16-byte UUID
        assertThat(org.apache.kafka.common.Uuid.fromString(clusterIds.iterator().next())).isNotNull();
        for (var node : kafka.values()) {
            assertThat(Set.of(env(node).get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","))).isEqualTo(expectedVoters);
        }
    }

    @Test
    void theTopicInitJobCreatesSynScopesTopicsReplicatedThreeTimes() {
        Map<String, Object> init = services.get("topic-init") instanceof Map<?, ?> ? map(services.get("topic-init")) : Map.of();
        assertThat(init.get("image")).isEqualTo(KAFKA_IMAGE);
        String script = String.join("\n", list(init.get("command")).stream().map(String::valueOf).toList());
        assertThat(script).contains("--partitions 6", "--replication-factor 3", "min.insync.replicas=2", "--if-not-exists");
        Matcher m = CREATE.matcher(script);
        Map<String, String> created = new java.util.HashMap<>();
        while (m.find()) {
            created.put(m.group(1), m.group(2));
        }
        assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(
                Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
        for (Topics.TopicSpec topic : Topics.ALL) {
            assertThat(created.get(topic.name())).as(topic.name())
                    .contains("cleanup.policy=" + (topic.compacted() ? "compact" : "delete"));
        }
    }

    @Test
    void twoStreamsInstancesEachWithItsOwnStateAndQueryAddress() {
        Map<String, Map<String, Object>> streams = services.entrySet().stream()
                .filter(e -> list(map(e.getValue()).get("command")).contains("streams"))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> map(e.getValue())));
        assertThat(streams).hasSizeGreaterThanOrEqualTo(2);
        Set<String> servers = new HashSet<>();
        Set<String> stateVolumes = new HashSet<>();
        for (var s : streams.entrySet()) {
            Map<String, String> env = env(s.getValue());
            servers.add(env.get("SYNSCOPE_APPLICATION_SERVER"));
            assertThat(env.get("SYNSCOPE_APPLICATION_SERVER")).startsWith(s.getKey() + ":");
            assertThat(env.get("SYNSCOPE_BOOTSTRAP")).contains("kafka-1:9092", "kafka-2:9092", "kafka-3:9092");
            assertThat(env.get("SYNSCOPE_STATE_DIR")).startsWith("/var/lib/synscope");
            list(s.getValue().get("volumes")).forEach(v -> stateVolumes.add(v.toString().split(":")[0]));
            assertThat(strings(s.getValue().get("cap_drop"))).containsExactly("ALL");
            assertThat(strings(s.getValue().get("ports"))).allMatch(p -> p.toString().startsWith("127.0.0.1:"));
        }
        assertThat(servers).hasSize(streams.size());
        assertThat(stateVolumes).hasSize(streams.size());
    }

    @Test
    void theProbeUsesTheHostNetworkWithNetRawAndNetAdminOnlyAsANonRootUser() {
        Map<String, Object> probe = map(services.get("probe"));
        assertThat(probe.get("network_mode")).isEqualTo("host");
        assertThat(strings(probe.get("cap_add"))).containsExactlyInAnyOrder("NET_RAW", "NET_ADMIN");
        assertThat(strings(probe.get("cap_drop"))).containsExactly("ALL");
        assertThat(probe.get("privileged")).isNotEqualTo(Boolean.TRUE);
        assertThat(String.valueOf(probe.get("user"))).doesNotStartWith("0").doesNotStartWith("root").isNotEqualTo("null");
        assertThat(strings(probe.get("security_opt"))).as("no-new-privileges would void the file capabilities")
                .noneMatch(o -> o.toString().startsWith("no-new-privileges"));
        assertThat(strings(probe.get("command"))).containsExactly("probe");
        // from the host network only the published EXTERNAL listeners are reachable
        Set<String> published = servicesWithImage(KAFKA_IMAGE).values().stream()
                .flatMap(s -> list(s.get("ports")).stream()).map(p -> p.toString().substring(0, p.toString().lastIndexOf(':')))
                .collect(Collectors.toSet());
        assertThat(env(probe).get("SYNSCOPE_BOOTSTRAP").split(",")).isNotEmpty().allMatch(published::contains);
    }

    @Test
    void theImageIsBuiltAsANonRootUserWithLibpcap() throws Exception {
        // that it is built from the release tarball: ReleaseImageTest
        String dockerfile = Files.readString(RepositoryRoot.path().resolve("deploy/docker/Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre$")
                .contains("libpcap0.8", "setcap cap_net_raw,cap_net_admin+ep")
                .containsPattern("(?m)^USER 10001(:10001)?$");
        assertThat(RepositoryRoot.path().resolve("deploy/docker/entrypoint.sh")).isExecutable();
    }

    @Test
    void theSpecCheckCatchesTyposAndDanglingReferences() {
        Map<String, Object> broken = new Yaml().load("""
                services:
                  a:
                    image: x
                    cap_ad: [NET_RAW]
                    depends_on: {b: {condition: service_healthy}, c: {condition: started}}
                    volumes: [data:/data]
                  b:
                    build: {context: ., dockerfile: Nope.Dockerfile}
                  c:
                    restart: sometimes
                """);
        assertThat(ComposeSpec.problems(broken, composeFile.getParent())).containsExactlyInAnyOrder(
                "service a: unknown key 'cap_ad'",
                "service a waits for b to be healthy, which has no healthcheck",
                "service a: depends_on condition 'started' is not one of " + ComposeSpec.CONDITIONS,
                "service a: volume 'data' is not declared under volumes",
                "service b: Dockerfile " + composeFile.getParent().resolve("Nope.Dockerfile") + " does not exist",
                "service c: neither image nor build",
                "service c: restart 'sometimes' is not one of " + ComposeSpec.RESTART);
    }

    private static Map<String, Map<String, Object>> servicesWithImage(String image) {
        return services.entrySet().stream().filter(e -> image.equals(map(e.getValue()).get("image")))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> map(e.getValue())));
    }

    private static List<String> strings(Object yamlList) {
        return list(yamlList).stream().map(String::valueOf).toList();
    }

    private static Map<String, String> env(Map<String, Object> service) {
        return map(service.get("environment")).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }
}
