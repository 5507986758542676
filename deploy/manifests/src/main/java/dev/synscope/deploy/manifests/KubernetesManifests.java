package dev.synscope.deploy.manifests;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every YAML document under a directory, parsed into the typed Kubernetes API model (fabric8) —
 * the offline equivalent of {@code kubectl apply --dry-run=server} for the fields' names and types.
 *
 * <p>A document is a problem when its apiVersion/kind is not one we know, when a field has the
 * wrong type, or when it has a field the API does not define (see {@link UnknownFields}).
 */
public final class KubernetesManifests {

    /** apiVersion/kind -> the model class; what our manifests may contain. */
    private static final Map<String, Class<?>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "apps/v1/DaemonSet", DaemonSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            StrimziKafkaTopic.API_VERSION + "/" + StrimziKafkaTopic.KIND, StrimziKafkaTopic.class);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** One parsed document. */
    public record Manifest(YamlDocuments.Document source, String kind, Object resource) {
        public <T> T as(Class<T> type) {
            return type.cast(resource);
        }
    }

    /** What was parsed and what was wrong. */
    public record Result(List<Manifest> manifests, List<String> problems) {

        public <T> List<T> all(Class<T> type) {
            return manifests.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
        }
    }

    private KubernetesManifests() {
    }

    /** Parses every {@code *.yaml}/{@code *.yml} under {@code dir}, in file-name order. */
    public static Result load(Path dir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        List<Manifest> manifests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            for (YamlDocuments.Document doc : YamlDocuments.load(file)) {
                parse(doc, manifests, problems);
            }
        }
        return new Result(manifests, problems);
    }

    /** Parses one document; exposed for tests of the checker itself. */
    public static Result parse(YamlDocuments.Document doc) {
        List<Manifest> manifests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        parse(doc, manifests, problems);
        return new Result(manifests, problems);
    }

    private static void parse(YamlDocuments.Document doc, List<Manifest> manifests, List<String> problems) {
        Object apiVersion = doc.content().get("apiVersion");
        Object kind = doc.content().get("kind");
        String key = apiVersion + "/" + kind;
        Class<?> type = KINDS.get(key);
        if (type == null) {
            problems.add(doc.where() + ": unsupported apiVersion/kind " + key + " (known: " + KINDS.keySet() + ")");
            return;
        }
        Object resource;
        try {
            resource = MAPPER.convertValue(doc.content(), type);
        } catch (IllegalArgumentException e) {
            problems.add(doc.where() + " (" + kind + ") at " + jsonPath(e) + ": " + firstLine(e.getMessage()));
            return;
        }
        String name = nameOf(doc);
        for (String unknown : UnknownFields.find(resource, kind + "/" + name)) {
            problems.add(doc.where() + ": " + unknown);
        }
        manifests.add(new Manifest(doc, kind.toString(), resource));
    }

    private static String nameOf(YamlDocuments.Document doc) {
        return doc.content().get("metadata") instanceof Map<?, ?> meta ? String.valueOf(meta.get("name")) : "?";
    }

    /** Where in the document Jackson gave up, e.g. {@code spec.template.spec.containers[0].ports}. */
    private static String jsonPath(IllegalArgumentException e) {
        if (!(e.getCause() instanceof JsonMappingException mapping)) {
            return "?";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        int nl = message == null ? -1 : message.indexOf('\n');
        return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
    }
}
