package dev.synscope.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.lab.net.LabScripts;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void theIssuesTenScenariosAreNumberedOneToTen() {
        assertThat(Arrays.stream(Scenario.values()).map(Scenario::number))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void everyScenarioHasItsShellRecipeAndTheOrderMatchesLabSh() throws Exception {
        String shell = Files.readString(LabScripts.locate().orElseThrow().lib("scenarios.sh"));
        Matcher list = Pattern.compile("SCENARIOS=\\(([^)]*)\\)").matcher(shell);
        assertThat(list.find()).isTrue();
        List<String> shellNames = Arrays.asList(list.group(1).trim().split("\\s+"));

        assertThat(shellNames).containsExactlyElementsOf(Arrays.stream(Scenario.values()).map(Scenario::scriptName).toList());
        for (Scenario s : Scenario.values()) {
            assertThat(shell).as(s.name()).contains("scenario_" + s.scriptName().replace('-', '_') + "() {");
            assertThat(Scenario.byScriptName(s.scriptName())).contains(s);
        }
    }

    @Test
    void normalTrafficExpectsNoAnomalyAndFailuresExpectOne() {
        for (Scenario s : Scenario.values()) {
            assertThat(s.noAnomalyAllowed()).as(s.name()).isEqualTo(s.expectedAnomalies().isEmpty());
        }
    }
}
