package dev.synscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Issue 16: an environment variable means one thing. Walks every command's options (picocli's model,
 * variables not interpolated) and collects the {@code ${env:SYNSCOPE_...}} of each default, plus the
 * threshold flags' variables (ThresholdDefaults); two options reading the same variable must be the
 * same option: the same flag name, type and fallback default. (SYNSCOPE_TIMEOUT was analyze's stage
 * timeout, PT5M, and tail's run time, 0s = forever.)
 */
class EnvVarNamesTest {

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(SYNSCOPE_[A-Z0-9_]+)(?::-([^}]*))?}");
    private static final Pattern ENV_IN_HELP = Pattern.compile("\\benv (SYNSCOPE_[A-Z0-9_]+)");

    /** One option reading a variable: where, and what it means. */
    private record Use(String command, String flag, String meaning) {
    }

    private static Map<String, List<Use>> uses() {
        CommandLine cli = new CommandLine(new SynScope());
        cli.setInterpolateVariables(false);
        Map<String, List<Use>> byEnv = new TreeMap<>();
        collect(cli, byEnv);
        return byEnv;
    }

    private static void collect(CommandLine cmd, Map<String, List<Use>> byEnv) {
        CommandSpec spec = cmd.getCommandSpec();
        boolean thresholds = spec.defaultValueProvider() instanceof ThresholdDefaults;
        for (OptionSpec option : spec.options()) {
            String flag = option.longestName();
            String raw = option.defaultValue();
            if (raw != null) {
                Matcher m = ENV_DEFAULT.matcher(raw);
                while (m.find()) {
                    byEnv.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(new Use(spec.qualifiedName(), flag,
                            flag + " " + option.type().getSimpleName() + " default " + m.group(2)));
                }
            }
            if (thresholds && ThresholdDefaults.FLAGS.containsKey(flag)) {
                byEnv.computeIfAbsent(ThresholdDefaults.envName(flag), k -> new ArrayList<>()).add(new Use(
                        spec.qualifiedName(), flag, flag + " threshold " + option.type().getSimpleName()));
            }
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            collect(sub, byEnv);
        }
    }

    @Test
    void noVariableIsReadByTwoDifferentOptions() {
        Map<String, List<Use>> byEnv = uses();
        assertThat(byEnv).containsKeys("SYNSCOPE_ANALYZE_TIMEOUT", "SYNSCOPE_TAIL_TIMEOUT", "SYNSCOPE_BOOTSTRAP",
                "SYNSCOPE_SYN_TIMEOUT", "SYNSCOPE_VERBOSE");
        assertThat(byEnv).doesNotContainKey("SYNSCOPE_TIMEOUT");
        Map<String, Set<String>> clashes = new TreeMap<>();
        byEnv.forEach((env, list) -> {
            Set<String> meanings = new TreeSet<>();
            list.forEach(u -> meanings.add(u.meaning()));
            if (meanings.size() > 1) {
                Set<String> where = new TreeSet<>();
                list.forEach(u -> where.add(u.command() + " " + u.meaning()));
                clashes.put(env, where);
            }
        });
        assertThat(clashes).as("variables read by options with different meanings").isEmpty();
    }

    @Test
    void analyzeDoesNotReadTheServicesBootstrap() {
        // a deployment sets SYNSCOPE_BOOTSTRAP for probe and streams; analyze in that shell stays on its own broker
        assertThat(uses().get("SYNSCOPE_BOOTSTRAP")).extracting(Use::command).doesNotContain("synscope analyze");
        assertThat(uses().get("SYNSCOPE_ANALYZE_BOOTSTRAP")).extracting(Use::command).containsExactly("synscope analyze");
    }

    @Test
    void everyVariableTheHelpNamesIsTheOneTheOptionReads() {
        List<String> wrong = new ArrayList<>();
        CommandLine cli = new CommandLine(new SynScope());
        cli.setInterpolateVariables(false);
        checkHelp(cli, wrong);
        assertThat(wrong).as("options whose help names another variable than the one they read").isEmpty();
    }

    private static void checkHelp(CommandLine cmd, List<String> wrong) {
        CommandSpec spec = cmd.getCommandSpec();
        boolean thresholds = spec.defaultValueProvider() instanceof ThresholdDefaults;
        for (OptionSpec option : spec.options()) {
            Set<String> read = new TreeSet<>();
            if (option.defaultValue() != null) {
                Matcher m = ENV_DEFAULT.matcher(option.defaultValue());
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
            if (thresholds && ThresholdDefaults.FLAGS.containsKey(option.longestName())) {
                read.add(ThresholdDefaults.envName(option.longestName()));
            }
            Matcher help = ENV_IN_HELP.matcher(String.join(" ", option.description()));
            while (help.find()) {
                if (!read.contains(help.group(1))) {
                    wrong.add(spec.qualifiedName() + " " + option.longestName() + ": help says " + help.group(1)
                            + ", reads " + read);
                }
            }
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            checkHelp(sub, wrong);
        }
    }
}
