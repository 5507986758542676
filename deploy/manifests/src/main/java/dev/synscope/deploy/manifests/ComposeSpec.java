package dev.synscope.deploy.manifests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of the Compose Specification (compose-spec.io) that a typo or a dangling reference
 * breaks, checked offline: known top-level and service keys, an image or a build per service,
 * build contexts and Dockerfiles that exist, {@code depends_on} targets and conditions, health
 * checks where {@code service_healthy} waits for one, and named volumes and secrets that are declared.
 * {@code x-*} extension keys are allowed everywhere, as the spec allows them.
 */
public final class ComposeSpec {

    static final Set<String> TOP_LEVEL = Set.of("name", "version", "services", "networks", "volumes", "configs",
            "secrets", "include", "models");

    /** Service attributes of the Compose Specification. */
    static final Set<String> SERVICE = Set.of("annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop",
            "cgroup", "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent",
            "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset",
            "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules", "devices", "dns", "dns_opt",
            "dns_search", "domainname", "entrypoint", "env_file", "environment", "expose", "extends",
            "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image", "init", "ipc",
            "isolation", "labels", "label_file", "links", "logging", "mac_address", "mem_limit", "mem_reservation",
            "mem_swappiness", "memswap_limit", "models", "network_mode", "networks", "oom_kill_disable",
            "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop", "privileged",
            "profiles", "provider", "pull_policy", "read_only", "restart", "runtime", "scale", "secrets",
            "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls",
            "tmpfs", "tty", "ulimits", "use_api_socket", "user", "userns_mode", "uts", "volumes", "volumes_from",
            "working_dir");

    static final Set<String> HEALTHCHECK = Set.of("test", "interval", "timeout", "retries", "start_period",
            "start_interval", "disable");
    static final Set<String> BUILD = Set.of("context", "dockerfile", "dockerfile_inline", "args", "ssh", "cache_from",
            "cache_to", "additional_contexts", "entitlements", "extra_hosts", "isolation", "privileged", "labels",
            "no_cache", "pull", "network", "shm_size", "target", "secrets", "tags", "ulimits", "platforms");
    static final Set<String> DEPENDS_ON = Set.of("condition", "restart", "required");
    static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy", "service_completed_successfully");
    static final Set<String> RESTART = Set.of("no", "always", "on-failure", "unless-stopped");

    private ComposeSpec() {
    }

    /** Everything wrong with {@code compose} (loaded from a file in {@code composeDir}); empty if nothing. */
    public static List<String> problems(Map<String, Object> compose, Path composeDir) {
        List<String> problems = new ArrayList<>();
        unknownKeys("top level", compose, TOP_LEVEL, problems);
        Map<String, Object> services = map(compose.get("services"));
        if (services.isEmpty()) {
            problems.add("no services");
        }
        Set<String> volumes = map(compose.get("volumes")).keySet();
        Set<String> secrets = map(compose.get("secrets")).keySet();
        for (var entry : services.entrySet()) {
            String name = entry.getKey();
            Map<String, Object> service = map(entry.getValue());
            unknownKeys("service " + name, service, SERVICE, problems);
            if (!service.containsKey("image") && !service.containsKey("build")) {
                problems.add("service " + name + ": neither image nor build");
            }
            build(name, service.get("build"), composeDir, problems);
            healthcheck(name, service.get("healthcheck"), problems);
            dependsOn(name, service.get("depends_on"), services, problems);
            if (service.get("restart") instanceof String restart && !RESTART.contains(restart.split(":")[0])) {
                problems.add("service " + name + ": restart '" + restart + "' is not one of " + RESTART);
            }
            for (Object secret : list(service.get("secrets"))) {
                String source = secret instanceof String s ? s : String.valueOf(map(secret).get("source"));
                if (!secrets.contains(source)) {
                    problems.add("service " + name + ": secret '" + source + "' is not declared under secrets");
                }
            }
            for (Object mount : list(service.get("volumes"))) {
                String source = mount instanceof String s ? s.split(":")[0] : String.valueOf(map(mount).get("source"));
                boolean named = !source.startsWith("/") && !source.startsWith(".") && !source.startsWith("~");
                if (named && !volumes.contains(source)) {
                    problems.add("service " + name + ": volume '" + source + "' is not declared under volumes");
                }
            }
        }
        return problems;
    }

    private static void build(String service, Object build, Path composeDir, List<String> problems) {
        if (build == null) {
            return;
        }
        Path context;
        String dockerfile = "Dockerfile";
        if (build instanceof String s) {
            context = composeDir.resolve(s).normalize();
        } else {
            Map<String, Object> b = map(build);
            unknownKeys("service " + service + " build", b, BUILD, problems);
            context = composeDir.resolve(String.valueOf(b.getOrDefault("context", "."))).normalize();
            dockerfile = String.valueOf(b.getOrDefault("dockerfile", dockerfile));
        }
        if (!Files.isDirectory(context)) {
            problems.add("service " + service + ": build context " + context + " does not exist");
        } else if (!Files.isRegularFile(context.resolve(dockerfile))) {
            problems.add("service " + service + ": Dockerfile " + context.resolve(dockerfile) + " does not exist");
        }
    }

    private static void healthcheck(String service, Object healthcheck, List<String> problems) {
        if (healthcheck != null) {
            unknownKeys("service " + service + " healthcheck", map(healthcheck), HEALTHCHECK, problems);
        }
    }

    private static void dependsOn(String service, Object dependsOn, Map<String, Object> services,
                                  List<String> problems) {
        if (dependsOn == null) {
            return;
        }
        Map<String, Object> targets = new java.util.LinkedHashMap<>();
        if (dependsOn instanceof List<?> names) {
            names.forEach(n -> targets.put(String.valueOf(n), Map.of()));
        } else {
            targets.putAll(map(dependsOn));
        }
        for (var t : targets.entrySet()) {
            if (!services.containsKey(t.getKey())) {
                problems.add("service " + service + ": depends_on unknown service " + t.getKey());
                continue;
            }
            Map<String, Object> how = map(t.getValue());
            unknownKeys("service " + service + " depends_on " + t.getKey(), how, DEPENDS_ON, problems);
            Object condition = how.get("condition");
            if (condition != null && !CONDITIONS.contains(condition.toString())) {
                problems.add("service " + service + ": depends_on condition '" + condition + "' is not one of "
                        + CONDITIONS);
            }
            if ("service_healthy".equals(condition) && !map(services.get(t.getKey())).containsKey("healthcheck")) {
                problems.add("service " + service + " waits for " + t.getKey() + " to be healthy, which has no healthcheck");
            }
        }
    }

    private static void unknownKeys(String where, Map<String, Object> map, Set<String> known, List<String> problems) {
        for (String key : map.keySet()) {
            if (!known.contains(key) && !key.startsWith("x-")) {
                problems.add(where + ": unknown key '" + key + "'");
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
