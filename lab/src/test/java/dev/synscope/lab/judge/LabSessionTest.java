package dev.synscope.lab.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.lab.diagnosis.Diagnosis;
import dev.synscope.lab.diagnosis.InferredConnection;
import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.kernel.KernelSnapshot;
import dev.synscope.lab.kernel.KernelSocket;
import dev.synscope.lab.scenario.Scenario;
import dev.synscope.lab.scenario.ScenarioRun;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.TcpState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabSessionTest {

    private static final Endpoint CLIENT = Endpoint.of("192.0.2.10", 34626);
    private static final Endpoint VIP = Endpoint.of("203.0.113.80", 8080);

    @Test
    void eachSnapshotIsJudgedAtItsVantageAgainstTheRowsOfThatMoment() {
        KernelSnapshot client = new KernelSnapshot("ss-client", Instant.EPOCH,
                List.of(new KernelSocket(TcpState.SYN_SENT, CLIENT, VIP)));
        KernelSnapshot server = new KernelSnapshot("ss-server", Instant.EPOCH, List.of());
        ScenarioRun run = new ScenarioRun(Scenario.SYN_DROPPED, Instant.EPOCH, Instant.EPOCH, "",
                Map.of("syn-dropped-client", client, "syn-dropped-server", server), Map.of());
        InferredConnection atSnapshot = new InferredConnection(Vantage.CLIENT, CLIENT, TcpState.SYN_SENT, VIP, TcpState.LISTEN);
        InferredConnection atEnd = new InferredConnection(Vantage.CLIENT, CLIENT, TcpState.CLOSED, VIP, TcpState.LISTEN, "S0");
        Diagnosis diagnosis = new Diagnosis(List.of(atEnd), Map.of("syn-dropped-client", List.of(atSnapshot)), List.of());

        List<AgreementReport> reports = LabSession.judgeSnapshots(run, diagnosis);

        assertThat(reports).hasSize(2);
        assertThat(reports).filteredOn(r -> r.vantage() == Vantage.CLIENT).singleElement().satisfies(r -> {
            assertThat(r.judgedAgreeing()).isEqualTo(1);
            assertThat(r.disagreements()).isEmpty();
        });
        assertThat(reports).filteredOn(r -> r.vantage() == Vantage.SERVER).singleElement()
                .satisfies(r -> assertThat(r.judgedTotal()).isZero());
    }

    @Test
    void theVantageComesFromTheSnapshotNamesSuffix() {
        assertThat(LabSession.vantageOf("host-unreachable-router-client")).contains(Vantage.CLIENT);
        assertThat(LabSession.vantageOf("syn-flood-server")).contains(Vantage.SERVER);
        assertThat(LabSession.vantageOf("asymmetric-crafted-curl")).isEmpty();
    }
}
