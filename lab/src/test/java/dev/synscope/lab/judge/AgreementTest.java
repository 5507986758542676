package dev.synscope.lab.judge;

import static dev.synscope.schema.TcpState.CLOSED;
import static dev.synscope.schema.TcpState.CLOSE_WAIT;
import static dev.synscope.schema.TcpState.ESTABLISHED;
import static dev.synscope.schema.TcpState.FIN_WAIT_1;
import static dev.synscope.schema.TcpState.FIN_WAIT_2;
import static dev.synscope.schema.TcpState.LISTEN;
import static dev.synscope.schema.TcpState.SYN_RECEIVED;
import static dev.synscope.schema.TcpState.SYN_SENT;
import static dev.synscope.schema.TcpState.TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.lab.diagnosis.InferredConnection;
import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.kernel.KernelSnapshot;
import dev.synscope.lab.kernel.KernelSocket;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.TcpState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementTest {

    private static final Endpoint SERVER = Endpoint.of("198.51.100.10", 9000);
    private static final Endpoint VIP = Endpoint.of("203.0.113.80", 9000);

    private static Endpoint client(int port) {
        return Endpoint.of("192.0.2.10", port);
    }

    private static KernelSnapshot kernel(String ns, KernelSocket... sockets) {
        return new KernelSnapshot(ns, Instant.parse("2026-11-24T07:10:20Z"), List.of(sockets));
    }

    private static KernelSocket socket(TcpState state, Endpoint local, Endpoint peer) {
        return new KernelSocket(state, local, peer);
    }

    private static InferredConnection row(Vantage v, Endpoint orig, TcpState origState, Endpoint resp, TcpState respState) {
        return new InferredConnection(v, orig, origState, resp, respState);
    }

    @Test
    void everyKernelSocketMatchedFromItsOwnSideAgrees() {
        KernelSnapshot server = kernel("ss-server",
                socket(LISTEN, SERVER, Endpoint.of("0.0.0.0", Endpoint.ANY_PORT)),
                socket(CLOSE_WAIT, SERVER, client(50001)),
                socket(CLOSE_WAIT, SERVER, client(50002)));
        List<InferredConnection> rows = List.of(
                row(Vantage.SERVER, client(50001), FIN_WAIT_2, SERVER, CLOSE_WAIT),
                row(Vantage.SERVER, client(50002), FIN_WAIT_2, SERVER, CLOSE_WAIT));

        AgreementReport report = Agreement.compare(server, Vantage.SERVER, rows);

        assertThat(report.byKernelState()).containsOnlyKeys(CLOSE_WAIT); // listeners are not judged
        assertThat(report.byKernelState().get(CLOSE_WAIT)).isEqualTo(new StateAgreement(CLOSE_WAIT, 2, 2, true));
        assertThat(report.disagreements()).isEmpty();
        assertThat(report.judgedRatio()).isEqualTo(1.0);
        assertThat(report.meets(Agreement.TARGET)).isTrue();
    }

    @Test
    void aWrongStateIsADisagreementWithBothViews() {
        KernelSnapshot server = kernel("ss-server", socket(SYN_RECEIVED, Endpoint.of("198.51.100.10", 80), client(45248)));
        InferredConnection synscope = row(Vantage.SERVER, client(45248), SYN_SENT, Endpoint.of("198.51.100.10", 80), LISTEN);

        AgreementReport report = Agreement.compare(server, Vantage.SERVER, List.of(synscope));

        assertThat(report.byKernelState().get(SYN_RECEIVED)).isEqualTo(new StateAgreement(SYN_RECEIVED, 1, 0, true));
        assertThat(report.disagreements()).singleElement().satisfies(d -> {
            assertThat(d.kernelState()).contains(SYN_RECEIVED);
            assertThat(d.synscopeState()).contains(LISTEN);
            assertThat(d.local()).isEqualTo(Endpoint.of("198.51.100.10", 80));
            assertThat(d.toString()).contains("kernel SYN_RECEIVED", "SynScope LISTEN", "192.0.2.10:45248");
        });
        assertThat(report.meets(Agreement.TARGET)).isFalse();
        assertThat(report.format()).contains("two-sided 0/1 (0.0%)", "kernel vs ours 0/1 judged sockets", "DISAGREE");
    }

    @Test
    void aConnectionSynScopeNeverSawIsADisagreement() {
        KernelSnapshot client = kernel("ss-client", socket(TIME_WAIT, client(40302), Endpoint.of("203.0.113.80", 80)));

        AgreementReport report = Agreement.compare(client, Vantage.CLIENT, List.of());

        assertThat(report.disagreements()).singleElement().satisfies(d -> {
            assertThat(d.kernelState()).contains(TIME_WAIT);
            assertThat(d.synscopeState()).isEmpty();
            assertThat(d.toString()).contains("(no row)");
        });
    }

    @Test
    void throughTheNatEachVantageIsJudgedByItsOwnKernelWithItsOwnAddresses() {
        KernelSnapshot client = kernel("ss-client", socket(FIN_WAIT_2, client(50001), VIP));
        KernelSnapshot server = kernel("ss-server", socket(CLOSE_WAIT, SERVER, client(50001)));
        List<InferredConnection> rows = List.of(
                row(Vantage.CLIENT, client(50001), FIN_WAIT_2, VIP, CLOSE_WAIT),
                row(Vantage.SERVER, client(50001), FIN_WAIT_2, SERVER, CLOSE_WAIT));

        assertThat(Agreement.compare(client, Vantage.CLIENT, rows).disagreements()).isEmpty();
        assertThat(Agreement.compare(server, Vantage.SERVER, rows).disagreements()).isEmpty();
        // the server's kernel is no judge of what the client probe saw (the VIP is not its address)
        AgreementReport crossed = Agreement.compare(server, Vantage.CLIENT, rows);
        assertThat(crossed.judgedAgreeing()).isZero();
        assertThat(crossed.judgedTotal()).isEqualTo(1);
    }

    @Test
    void aLiveStateClaimedWhereTheKernelHasNoSocketIsADisagreement() {
        Endpoint web = Endpoint.of("198.51.100.10", 80);
        KernelSnapshot server = kernel("ss-server", socket(LISTEN, web, Endpoint.of("0.0.0.0", Endpoint.ANY_PORT)));
        List<InferredConnection> rows = List.of(
                row(Vantage.SERVER, client(1), TIME_WAIT, web, CLOSED),     // server side closed: fine
                row(Vantage.SERVER, client(2), FIN_WAIT_2, web, CLOSE_WAIT)); // server side still open: wrong

        AgreementReport report = Agreement.compare(server, Vantage.SERVER, rows);

        assertThat(report.disagreements()).singleElement().satisfies(d -> {
            assertThat(d.kernelState()).isEmpty();
            assertThat(d.synscopeState()).contains(CLOSE_WAIT);
            assertThat(d.peer()).isEqualTo(client(2));
            assertThat(d.toString()).contains("kernel (no socket)");
        });
        assertThat(report.judgedTotal()).isZero();
        // issue 13: both server-side claims are judged; the CLOSED one agrees with the absence
        assertThat(report.ours()).isEqualTo(new AgreementReport.Counts(2, 1));
        assertThat(report.twoSided()).isEqualTo(new AgreementReport.Counts(2, 1));
        assertThat(report.meets(Agreement.TARGET)).isFalse();
    }

    @Test
    void aSynSentTheKernelNoLongerHasCountsAgainstUsEvenInAnEmptyNamespace() {
        Endpoint dropped = Endpoint.of("203.0.113.80", 8080);
        KernelSnapshot client = kernel("ss-client"); // curl gave up: no socket at all
        List<InferredConnection> rows = List.of(row(Vantage.CLIENT, client(40002), SYN_SENT, dropped, LISTEN));

        AgreementReport judgedByItsSockets = Agreement.compare(client, Vantage.CLIENT, rows);
        assertThat(judgedByItsSockets.twoSided().total()).isZero(); // no socket says which addresses are local

        AgreementReport report = Agreement.compare(client, Vantage.CLIENT, rows, s -> true, java.util.Set.of("192.0.2.10"));
        assertThat(report.kernel()).isEqualTo(new AgreementReport.Counts(0, 0));
        assertThat(report.ours()).isEqualTo(new AgreementReport.Counts(1, 0));
        assertThat(report.twoSided()).isEqualTo(new AgreementReport.Counts(1, 0));
        assertThat(report.meets(Agreement.TARGET)).isFalse();
        assertThat(report.disagreements()).singleElement()
                .satisfies(d -> assertThat(d.toString()).contains("kernel (no socket), SynScope SYN_SENT"));

        AgreementReport gaveUp = Agreement.compare(client, Vantage.CLIENT,
                List.of(row(Vantage.CLIENT, client(40002), CLOSED, dropped, LISTEN)), s -> true, java.util.Set.of("192.0.2.10"));
        assertThat(gaveUp.twoSided()).isEqualTo(new AgreementReport.Counts(1, 1));
        assertThat(gaveUp.disagreements()).isEmpty();
    }

    @Test
    void theTwoSidedCountHasEachTupleOnceAndListenOrUnknownClaimNothing() {
        Endpoint web = Endpoint.of("198.51.100.10", 80);
        KernelSnapshot server = kernel("ss-server",
                socket(ESTABLISHED, web, client(1)),   // both agree: one tuple, counted once
                socket(SYN_RECEIVED, web, client(2)),  // we say LISTEN: kernel vs ours only
                socket(CLOSE_WAIT, web, client(3)));   // we say ESTABLISHED: both lists, counted once
        List<InferredConnection> rows = List.of(
                row(Vantage.SERVER, client(1), ESTABLISHED, web, ESTABLISHED),
                row(Vantage.SERVER, client(2), SYN_SENT, web, LISTEN),
                row(Vantage.SERVER, client(3), FIN_WAIT_2, web, ESTABLISHED));

        AgreementReport report = Agreement.compare(server, Vantage.SERVER, rows);

        assertThat(report.kernel()).isEqualTo(new AgreementReport.Counts(3, 1));
        assertThat(report.ours()).isEqualTo(new AgreementReport.Counts(2, 1));
        assertThat(report.twoSided()).isEqualTo(new AgreementReport.Counts(3, 1));
        assertThat(report.disagreements()).hasSize(2);
        assertThat(report.format()).contains("two-sided 1/3 (33.3%)", "kernel vs ours 1/3", "ours vs kernel 1/2");
    }

    @Test
    void statesOutsideTheIssuesSevenAreCountedButNotJudged() {
        KernelSnapshot client = kernel("ss-client",
                socket(FIN_WAIT_1, client(1), VIP),
                socket(ESTABLISHED, client(2), VIP));
        List<InferredConnection> rows = List.of(
                row(Vantage.CLIENT, client(1), ESTABLISHED, VIP, ESTABLISHED),
                row(Vantage.CLIENT, client(2), ESTABLISHED, VIP, ESTABLISHED));

        AgreementReport report = Agreement.compare(client, Vantage.CLIENT, rows);

        assertThat(report.byKernelState().get(FIN_WAIT_1)).isEqualTo(new StateAgreement(FIN_WAIT_1, 1, 0, false));
        assertThat(report.judgedTotal()).isEqualTo(1);
        assertThat(report.judgedRatio()).isEqualTo(1.0);
        assertThat(report.disagreements()).hasSize(1); // still printed, with both views
        assertThat(report.format()).contains("(not judged)");
    }

    @Test
    void aReusedTupleAgreesWhenAnyInstanceMatches() {
        KernelSnapshot client = kernel("ss-client", socket(SYN_SENT, client(7), VIP));
        List<InferredConnection> rows = List.of(
                row(Vantage.CLIENT, client(7), TIME_WAIT, VIP, CLOSED),   // the old instance
                row(Vantage.CLIENT, client(7), SYN_SENT, VIP, LISTEN));   // the new one

        AgreementReport report = Agreement.compare(client, Vantage.CLIENT, rows);

        assertThat(report.disagreements()).isEmpty();
        assertThat(report.byKernelState().get(SYN_SENT).agreeing()).isEqualTo(1);
    }

    @Test
    void theTargetIsNinetyNinePercentOfJudgedSockets() {
        KernelSocket[] sockets = new KernelSocket[100];
        List<InferredConnection> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sockets[i] = socket(TIME_WAIT, client(1000 + i), VIP);
            rows.add(row(Vantage.CLIENT, client(1000 + i), i == 0 ? FIN_WAIT_2 : TIME_WAIT, VIP, CLOSED));
        }

        AgreementReport report = Agreement.compare(kernel("ss-client", sockets), Vantage.CLIENT, rows);

        assertThat(report.judgedAgreeing()).isEqualTo(99);
        assertThat(report.meets(Agreement.TARGET)).isTrue();
        rows.set(1, row(Vantage.CLIENT, client(1001), ESTABLISHED, VIP, CLOSED));
        assertThat(Agreement.compare(kernel("ss-client", sockets), Vantage.CLIENT, rows).meets(Agreement.TARGET)).isFalse();
    }
    @Test
    void aSocketWhosePacketsNeverReachedTheWireIsListedNotJudgedUnlessSynScopeHasARow() {
        Endpoint deadNeighbour = Endpoint.of("192.0.2.99", 80);
        Endpoint dropped = Endpoint.of("203.0.113.80", 8080);
        KernelSnapshot client = kernel("ss-client",
                socket(SYN_SENT, client(40001), deadNeighbour),   // held in the neighbour queue: no probe sees it
                socket(SYN_SENT, client(40002), dropped));        // on the wire, and SynScope has it
        List<InferredConnection> rows = List.of(row(Vantage.CLIENT, client(40002), SYN_SENT, dropped, LISTEN));

        AgreementReport report = Agreement.compare(client, Vantage.CLIENT, rows,
                s -> !s.peer().equals(deadNeighbour));

        assertThat(report.judgedTotal()).isEqualTo(1);
        assertThat(report.judgedAgreeing()).isEqualTo(1);
        assertThat(report.notOnTheWire()).containsExactly(socket(SYN_SENT, client(40001), deadNeighbour));
        assertThat(report.format()).contains("NOT ON THE WIRE at CLIENT (not judged): kernel SYN_SENT 192.0.2.10:40001");

        // a row for it means a probe did see it: then it is judged like any other
        AgreementReport seen = Agreement.compare(client, Vantage.CLIENT, List.of(rows.get(0),
                row(Vantage.CLIENT, client(40001), CLOSED, deadNeighbour, LISTEN)), s -> false);
        assertThat(seen.notOnTheWire()).isEmpty();
        assertThat(seen.judgedTotal()).isEqualTo(2);
        assertThat(seen.judgedAgreeing()).isEqualTo(1);
    }
}
