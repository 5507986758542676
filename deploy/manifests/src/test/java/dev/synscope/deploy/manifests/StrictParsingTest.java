package dev.synscope.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The checker itself: it must catch the mistakes it exists for. */
class StrictParsingTest {

    @Test
    void aMisspelledFieldDeepInAPodTemplateIsReportedWithItsPath() {
        var result = parse("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: p}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          livenesProbe: {httpGet: {path: /health, port: 8080}}
                """);
        assertThat(result.problems()).singleElement().asString()
                .contains("DaemonSet/p.spec.template.spec.containers[0]", "unknown field(s) [livenesProbe]");
    }

    @Test
    void aFieldOfTheWrongTypeIsReported() {
        var result = parse("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: s}
                spec: {replicas: two, serviceName: h}
                """);
        assertThat(result.problems()).singleElement().asString().contains("StatefulSet", "replicas");
    }

    @Test
    void anUnknownKindOrAMisspelledCustomResourceFieldIsReported() {
        assertThat(parse("""
                apiVersion: apps/v1
                kind: DeamonSet
                metadata: {name: x}
                """).problems()).singleElement().asString().contains("unsupported apiVersion/kind apps/v1/DeamonSet");
        assertThat(parse("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partition: 6, replicas: 3}
                """).problems()).singleElement().asString().contains("KafkaTopic", "partition");
    }

    @Test
    void aValidServiceHasNoProblems() {
        var result = parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: h, namespace: n}
                spec: {clusterIP: None, selector: {a: b}, ports: [{name: http, port: 8080, targetPort: http}]}
                """);
        assertThat(result.problems()).isEmpty();
        assertThat(result.manifests()).singleElement().extracting(KubernetesManifests.Manifest::kind).isEqualTo("Service");
    }

    private static KubernetesManifests.Result parse(String yaml) {
        Map<String, Object> content = new Yaml().load(yaml);
        return KubernetesManifests.parse(new YamlDocuments.Document(Path.of("inline.yaml"), 0, content));
    }
}
