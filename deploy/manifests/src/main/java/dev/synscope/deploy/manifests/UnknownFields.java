package dev.synscope.deploy.manifests;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields the Kubernetes API does not define in a parsed fabric8 model object.
 *
 * <p>Why a walk: fabric8's model classes do not fail on unknown properties — they collect them in
 * {@code additionalProperties} (a Jackson any-setter), so a misspelled {@code livenesProbe}
 * deserializes silently. Every non-empty {@code additionalProperties} anywhere in the tree is a
 * field the API server would reject (or, worse, silently drop).
 */
final class UnknownFields {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {
    }

    /** {@code path: unknown field(s) [..]} for every model object below {@code root}. */
    static List<String> find(Object root, String rootPath) {
        List<String> found = new ArrayList<>();
        walk(root, rootPath, found);
        return found;
    }

    private static void walk(Object node, String path, List<String> found) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), found);
            }
            return;
        }
        if (!node.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return; // strings, numbers, enums: leaves
        }
        for (Method getter : node.getClass().getMethods()) {
            if (!isPropertyGetter(getter)) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                walk(value, path + "." + propertyName(getter), found);
            }
        }
    }

    private static boolean isPropertyGetter(Method m) {
        if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                || m.getName().equals("getClass")) {
            return false;
        }
        Class<?> type = m.getReturnType();
        // only descend where model objects can be: nested models, lists and maps of them
        return type.getName().startsWith(MODEL_PACKAGE) || Collection.class.isAssignableFrom(type)
                || Map.class.isAssignableFrom(type);
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter + ": " + e, e);
        }
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
