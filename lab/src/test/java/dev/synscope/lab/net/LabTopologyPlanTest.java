package dev.synscope.lab.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LabTopologyPlanTest {

    private static final Pattern IPV4 = Pattern.compile("\\b(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\b");

    /** RFC 5737 documentation ranges, plus 0.0.0.0 as a wildcard. */
    private static boolean documentationOnly(String address) {
        return address.startsWith("192.0.2.") || address.startsWith("198.51.100.") || address.startsWith("203.0.113.");
    }

    @Test
    void everyAddressThePlanConfiguresIsADocumentationAddress() {
        List<String> addresses = new LabTopologyPlan("t").commands().stream()
                .flatMap(List::stream)
                .flatMap(arg -> IPV4.matcher(arg).results().map(m -> m.group()))
                .toList();

        assertThat(addresses).isNotEmpty().allSatisfy(a -> assertThat(documentationOnly(a)).as(a).isTrue());
    }

    @Test
    void namespacesCarryThePrefixAndAreCreatedFirst() {
        List<List<String>> commands = new LabTopologyPlan("lab7").commands();

        assertThat(commands.subList(0, 3)).containsExactly(
                List.of("ip", "netns", "add", "lab7-client"),
                List.of("ip", "netns", "add", "lab7-fw"),
                List.of("ip", "netns", "add", "lab7-server"));
        assertThat(commands.stream().skip(3)).allSatisfy(c -> assertThat(String.join(" ", c))
                .satisfiesAnyOf(s -> assertThat(s).startsWith("ip netns exec lab7-"), s -> assertThat(s).startsWith("ip link add")));
    }

    @Test
    void theSecondServerInterfaceStartsDown() {
        assertThat(new LabTopologyPlan("t").commands())
                .contains(List.of("ip", "netns", "exec", "t-server", "ip", "link", "set", "veth-s2", "down"))
                .doesNotContain(List.of("ip", "netns", "exec", "t-server", "ip", "link", "set", "veth-s2", "up"));
    }

    /** lab.sh's shell scenarios run against namespaces this harness built: the constants must agree. */
    @Test
    void javaConstantsEqualTheShellTopologys() throws Exception {
        LabScripts scripts = LabScripts.locate().orElseThrow(() -> new AssertionError("lab/lib/topology.sh not found"));
        String shell = Files.readString(scripts.lib("topology.sh"));
        Matcher m = Pattern.compile("(?m)^([A-Z_]+)=([0-9.]+)\\s").matcher(shell);
        Map<String, String> shellValues = new java.util.HashMap<>();
        while (m.find()) {
            shellValues.put(m.group(1), m.group(2));
        }
        Map<String, String> javaValues = java.util.Arrays.stream(LabAddresses.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers()))
                .collect(Collectors.toMap(Field::getName, LabTopologyPlanTest::value));

        assertThat(javaValues).isNotEmpty();
        javaValues.forEach((name, value) -> assertThat(shellValues.get(name)).as(name).isEqualTo(value));
    }

    private static String value(Field f) {
        try {
            return String.valueOf(f.get(null));
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
