package dev.synscope.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/k8s against the Kubernetes API types, and against what SynScope needs of it. */
class KubernetesManifestsTest {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static KubernetesManifests.Result k8s;

    @BeforeAll
    static void load() {
        k8s = KubernetesManifests.load(RepositoryRoot.path().resolve("deploy/k8s"));
    }

    @Test
    void everyDocumentIsAKnownKindWithOnlyFieldsTheApiDefines() {
        assertThat(k8s.problems()).as("problems in deploy/k8s").isEmpty();
        assertThat(k8s.manifests()).extracting(KubernetesManifests.Manifest::kind)
                .contains("Namespace", "ConfigMap", "Service", "StatefulSet", "DaemonSet", "KafkaTopic");
    }

    @Test
    void theProbeRunsOnTheHostNetworkWithNetRawAndNetAdminOnlyAndNotPrivileged() {
        DaemonSet probe = daemonSet("synscope-probe");
        var pod = probe.getSpec().getTemplate().getSpec();
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getDnsPolicy()).as("cluster DNS despite hostNetwork").isEqualTo("ClusterFirstWithHostNet");
        for (Container c : pod.getContainers()) {
            var sc = c.getSecurityContext();
            assertThat(sc).as(c.getName() + " securityContext").isNotNull();
            assertThat(sc.getPrivileged()).as(c.getName() + " privileged").isNotEqualTo(Boolean.TRUE);
            assertThat(sc.getCapabilities().getAdd()).as(c.getName() + " capabilities added")
                    .containsExactlyInAnyOrder("NET_RAW", "NET_ADMIN");
            assertThat(sc.getCapabilities().getDrop()).as(c.getName() + " capabilities dropped").containsExactly("ALL");
            // file capabilities only take effect without no_new_privs (see the comment in 40-probe.yaml)
            assertThat(sc.getAllowPrivilegeEscalation()).isNotEqualTo(Boolean.FALSE);
            assertRunsAsNonRoot(pod.getSecurityContext(), c);
        }
    }

    @Test
    void theStreamsAppIsAStatefulSetWithPersistentStateAndAHeadlessServiceForQueries() {
        StatefulSet streams = statefulSet("synscope-streams");
        assertThat(streams.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);

        Service headless = service(streams.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getMetadata().getNamespace()).isEqualTo(streams.getMetadata().getNamespace());
        Map<String, String> podLabels = streams.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(headless.getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(streams.getSpec().getSelector().getMatchLabels());

        Container app = streams.getSpec().getTemplate().getSpec().getContainers().get(0);
        Set<String> claims = streams.getSpec().getVolumeClaimTemplates().stream()
                .map(pvc -> pvc.getMetadata().getName()).collect(Collectors.toSet());
        String stateDir = configValue("SYNSCOPE_STATE_DIR");
        assertThat(app.getVolumeMounts()).as("state directory on a persistent volume")
                .anyMatch(m -> claims.contains(m.getName()) && stateDir.startsWith(m.getMountPath()));

        String server = env(app, "SYNSCOPE_APPLICATION_SERVER").getValue();
        assertThat(server).as("application.server is the pod's DNS name under the headless service")
                .startsWith("$(POD_NAME)." + headless.getMetadata().getName() + ".")
                .endsWith(":" + containerPort(app, "http"));
        assertThat(env(app, "POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");

        PodDisruptionBudget pdb = k8s.all(PodDisruptionBudget.class).stream()
                .filter(p -> podLabels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()))
                .findFirst().orElseThrow(() -> new AssertionError("no PodDisruptionBudget for the streams app"));
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void everyWorkloadAnswersHealthProbesAndIsScrapedForMetrics() {
        for (PodTemplateSpec template : podTemplates()) {
            Map<String, String> annotations = template.getMetadata().getAnnotations();
            assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/metrics")
                    .containsKey("prometheus.io/port");
            Container c = template.getSpec().getContainers().get(0);
            assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort)
                    .contains(Integer.valueOf(annotations.get("prometheus.io/port")));
            for (Probe probe : List.of(c.getLivenessProbe(), c.getReadinessProbe())) {
                assertThat(probe.getHttpGet().getPath()).startsWith("/health");
                assertThat(portNumber(c, probe.getHttpGet().getPort())).isPositive();
            }
        }
        // the streams app restarts only when it cannot recover, and takes no traffic while restoring
        Container streams = statefulSet("synscope-streams").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(streams.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(streams.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    }

    @Test
    void everyEnvironmentReferenceIsDefinedEarlierAndEveryConfigMapExists() {
        Set<String> configMaps = k8s.all(ConfigMap.class).stream().map(cm -> cm.getMetadata().getName())
                .collect(Collectors.toSet());
        for (PodTemplateSpec template : podTemplates()) {
            for (Container c : template.getSpec().getContainers()) {
                c.getEnvFrom().forEach(from -> assertThat(configMaps).contains(from.getConfigMapRef().getName()));
                Set<String> defined = new HashSet<>();
                for (EnvVar var : c.getEnv()) {
                    if (var.getValue() != null) {
                        Matcher m = ENV_REFERENCE.matcher(var.getValue());
                        while (m.find()) {
                            assertThat(defined).as(var.getName() + " uses $(" + m.group(1) + ")").contains(m.group(1));
                        }
                    }
                    defined.add(var.getName());
                }
            }
        }
    }

    @Test
    void theDeclaredTopicsAreSynScopesTopicsReplicatedThreeTimes() {
        List<StrimziKafkaTopic> topics = k8s.all(StrimziKafkaTopic.class);
        assertThat(topics).extracting(StrimziKafkaTopic::effectiveTopicName)
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
        for (StrimziKafkaTopic topic : topics) {
            Topics.TopicSpec spec = Topics.ALL.stream().filter(t -> t.name().equals(topic.effectiveTopicName()))
                    .findFirst().orElseThrow();
            assertThat(topic.config("cleanup.policy")).as(spec.name() + " cleanup.policy")
                    .isEqualTo(spec.compacted() ? "compact" : "delete");
            assertThat(topic.spec().partitions()).as(spec.name() + " partitions").isEqualTo(6);
            assertThat(topic.spec().replicas()).as(spec.name() + " replicas").isEqualTo(3);
            assertThat(topic.config("min.insync.replicas")).as(spec.name() + " min.insync.replicas").isEqualTo("2");
            assertThat(topic.metadata().getLabels()).containsKey("strimzi.io/cluster");
        }
    }

    private static void assertRunsAsNonRoot(PodSecurityContext pod, Container c) {
        Boolean nonRoot = c.getSecurityContext().getRunAsNonRoot() != null
                ? c.getSecurityContext().getRunAsNonRoot() : pod == null ? null : pod.getRunAsNonRoot();
        Long user = c.getSecurityContext().getRunAsUser() != null
                ? c.getSecurityContext().getRunAsUser() : pod == null ? null : pod.getRunAsUser();
        assertThat(nonRoot).as(c.getName() + " runAsNonRoot").isTrue();
        assertThat(user).as(c.getName() + " runAsUser").isNotNull().isNotZero();
    }

    private static List<PodTemplateSpec> podTemplates() {
        return Stream.concat(k8s.all(DaemonSet.class).stream().map(d -> d.getSpec().getTemplate()),
                k8s.all(StatefulSet.class).stream().map(s -> s.getSpec().getTemplate())).toList();
    }

    private static int portNumber(Container c, IntOrString port) {
        return port.getIntVal() != null ? port.getIntVal() : containerPort(c, port.getStrVal());
    }

    private static int containerPort(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + name)).getContainerPort();
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name));
    }

    private static String configValue(String key) {
        return k8s.all(ConfigMap.class).stream().map(cm -> cm.getData().get(key)).filter(v -> v != null).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap sets " + key));
    }

    private static DaemonSet daemonSet(String name) {
        return k8s.all(DaemonSet.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no DaemonSet " + name));
    }

    private static StatefulSet statefulSet(String name) {
        return k8s.all(StatefulSet.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no StatefulSet " + name));
    }

    private static Service service(String name) {
        return k8s.all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Service " + name));
    }
}
