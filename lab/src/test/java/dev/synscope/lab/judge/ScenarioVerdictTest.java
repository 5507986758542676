package dev.synscope.lab.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.lab.diagnosis.Diagnosis;
import dev.synscope.lab.diagnosis.InferredConnection;
import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.scenario.Scenario;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.Severity;
import dev.synscope.schema.TcpState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioVerdictTest {

    private static AnomalyEvent event(AnomalyType type, String... tags) {
        return AnomalyEvent.newBuilder()
                .setEventId(type + "-1").setType(type).setSeverity(Severity.MAJOR).setTsMicros(1_795_503_750_000_000L)
                // evidence set explicitly: building its default would make Avro resolve the Evidence class
                .setLikelyCause("test").setTags(List.of(tags)).setEvidence(List.of()).build();
    }

    private static InferredConnection refused(String connState) {
        return new InferredConnection(Vantage.CLIENT, Endpoint.of("192.0.2.10", 57024), TcpState.CLOSED,
                Endpoint.of("203.0.113.80", 8443), TcpState.CLOSED, connState);
    }

    @Test
    void theForgedRstNeedsRefusalAndTheMiddleboxTagAndRej() {
        Diagnosis good = new Diagnosis(List.of(refused("REJ")),
                List.of(event(AnomalyType.CONNECTION_REFUSED, "middlebox_suspected")));

        ScenarioVerdict verdict = ScenarioVerdict.judge(Scenario.FORGED_RST, good);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.expectedText()).isEqualTo("CONNECTION_REFUSED [middlebox_suspected] conn_state REJ");
        assertThat(verdict.saidText()).isEqualTo("CONNECTION_REFUSED [middlebox_suspected] conn_state REJ");
    }

    @Test
    void aRefusalWithoutTheTagIsNotTheForgedRstDiagnosis() {
        Diagnosis untagged = new Diagnosis(List.of(refused("REJ")), List.of(event(AnomalyType.CONNECTION_REFUSED)));

        ScenarioVerdict verdict = ScenarioVerdict.judge(Scenario.FORGED_RST, untagged);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.missingTags()).containsExactly("middlebox_suspected");
        assertThat(verdict.missing()).isEmpty();
    }

    @Test
    void aTagOnAnotherAnomalyTypeDoesNotCount() {
        Diagnosis diagnosis = new Diagnosis(List.of(refused("REJ")), List.of(
                event(AnomalyType.CONNECTION_REFUSED), event(AnomalyType.OTHER, "middlebox_suspected")));

        assertThat(ScenarioVerdict.judge(Scenario.FORGED_RST, diagnosis).missingTags()).containsExactly("middlebox_suspected");
    }

    @Test
    void everyExpectedTypeMustBeRaised() {
        Diagnosis onlyOne = new Diagnosis(List.of(), List.of(event(AnomalyType.SEQUENCE_MISMATCH)));

        ScenarioVerdict verdict = ScenarioVerdict.judge(Scenario.ASYMMETRIC, onlyOne);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.missing()).containsExactly(AnomalyType.ONE_SIDED_FLOW);
    }

    @Test
    void theWrongConnStateFails() {
        Diagnosis diagnosis = new Diagnosis(List.of(refused("S0")), List.of(event(AnomalyType.CONNECTION_REFUSED)));

        ScenarioVerdict verdict = ScenarioVerdict.judge(Scenario.SERVICE_DOWN, diagnosis);

        assertThat(verdict.connStateMissing()).isTrue();
        assertThat(verdict.connStatesSeen()).containsExactly("S0");
        assertThat(verdict.passed()).isFalse();
    }

    @Test
    void normalTrafficMustRaiseNothing() {
        InferredConnection sf = new InferredConnection(Vantage.CLIENT, Endpoint.of("192.0.2.10", 1), TcpState.TIME_WAIT,
                Endpoint.of("203.0.113.80", 80), TcpState.CLOSED, "SF");

        assertThat(ScenarioVerdict.judge(Scenario.MANY_SHORT, new Diagnosis(List.of(sf), List.of())).passed()).isTrue();
        ScenarioVerdict noisy = ScenarioVerdict.judge(Scenario.MANY_SHORT,
                new Diagnosis(List.of(sf), List.of(event(AnomalyType.RESET_MIDSTREAM))));
        assertThat(noisy.passed()).isFalse();
        assertThat(noisy.saidText()).startsWith("RESET_MIDSTREAM");
    }

    @Test
    void extraSymptomsBesideTheExpectedOnesDoNotFail() {
        Diagnosis diagnosis = new Diagnosis(List.of(), List.of(
                event(AnomalyType.HALF_OPEN), event(AnomalyType.CONNECT_TIMEOUT), event(AnomalyType.RETRANSMISSION_STORM)));

        assertThat(ScenarioVerdict.judge(Scenario.SERVER_ROUTE_BROKEN, diagnosis).passed()).isTrue();
    }
}
