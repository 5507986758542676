package dev.synscope.lab.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.lab.diagnosis.Diagnosis;
import dev.synscope.lab.diagnosis.InferredConnection;
import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.kernel.KernelSnapshot;
import dev.synscope.lab.kernel.KernelSocket;
import dev.synscope.lab.scenario.Scenario;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.TcpState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabReportTest {

    private static final Endpoint CLIENT = Endpoint.of("192.0.2.10", 40302);
    private static final Endpoint VIP = Endpoint.of("203.0.113.80", 80);

    @Test
    void printsOneRowPerScenarioAndEveryDisagreement() {
        KernelSnapshot kernel = new KernelSnapshot("ss-client", Instant.EPOCH,
                List.of(new KernelSocket(TcpState.TIME_WAIT, CLIENT, VIP)));
        InferredConnection wrong = new InferredConnection(Vantage.CLIENT, CLIENT, TcpState.FIN_WAIT_2, VIP,
                TcpState.LAST_ACK, "SF");
        Diagnosis diagnosis = new Diagnosis(List.of(wrong), List.of());

        LabReport report = new LabReport().add(ScenarioVerdict.judge(Scenario.NORMAL_CLOSE, diagnosis),
                List.of(Agreement.compare(kernel, Vantage.CLIENT, diagnosis.connections())));

        String table = report.render();
        assertThat(table.lines().toList().get(0)).contains("scenario", "expected", "SynScope said", "kernel agreement");
        assertThat(table).contains("Normal HTTP request and four-way close", "no anomaly conn_state SF", "0/1 (low at CLIENT)",
                "FAIL", "DISAGREE CLIENT 192.0.2.10:40302 -> 203.0.113.80:80: kernel TIME_WAIT, SynScope FIN_WAIT_2");
        assertThat(report.allPassed()).isFalse();
    }

    @Test
    void passesWhenDiagnosisAndKernelAgree() {
        KernelSnapshot kernel = new KernelSnapshot("ss-client", Instant.EPOCH,
                List.of(new KernelSocket(TcpState.TIME_WAIT, CLIENT, VIP)));
        InferredConnection right = new InferredConnection(Vantage.CLIENT, CLIENT, TcpState.TIME_WAIT, VIP,
                TcpState.CLOSED, "SF");
        Diagnosis diagnosis = new Diagnosis(List.of(right), List.of());

        LabReport report = new LabReport().add(ScenarioVerdict.judge(Scenario.NORMAL_CLOSE, diagnosis),
                List.of(Agreement.compare(kernel, Vantage.CLIENT, diagnosis.connections())));

        assertThat(report.allPassed()).isTrue();
        assertThat(report.render()).contains("1/1", "PASS").doesNotContain("DISAGREE");
        assertThat(report.twoSidedTable()).contains("kernel vs ours", "ours vs kernel", "two-sided")
                .containsPattern("1 +\\| normal-close +\\| 1/1 +\\| 1/1 +\\| 1/1 +\\| 100.0 % +\\| yes");
    }
}
