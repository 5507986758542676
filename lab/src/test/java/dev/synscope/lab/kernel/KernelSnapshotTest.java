package dev.synscope.lab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synscope.schema.TcpState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot files recorded by lab.sh during real scenario runs (src/test/resources/ss). */
class KernelSnapshotTest {

    private static Path fixture(String name) throws Exception {
        return Path.of(KernelSnapshotTest.class.getResource("/ss/" + name).toURI());
    }

    @Test
    void readsTheServerSideOfTheCloseWaitLeak() throws Exception {
        KernelSnapshot snapshot = KernelSnapshot.read(fixture("ss-close-wait-leak-server.txt"));

        assertThat(snapshot.namespace()).isEqualTo("ss-server");
        assertThat(snapshot.takenAt()).isEqualTo(Instant.parse("2026-11-24T07:10:20.862893Z"));
        assertThat(snapshot.countByState()).isEqualTo(Map.of(TcpState.LISTEN, 2L, TcpState.CLOSE_WAIT, 10L));
        assertThat(snapshot.connections()).hasSize(10)
                .allSatisfy(s -> assertThat(s.local()).isEqualTo(Endpoint.of("198.51.100.10", 9000)));
    }

    @Test
    void theClientSideOfTheSameLeakIsInFinWait2() throws Exception {
        KernelSnapshot client = KernelSnapshot.read(fixture("ss-close-wait-leak-client.txt"));
        KernelSnapshot server = KernelSnapshot.read(fixture("ss-close-wait-leak-server.txt"));

        // Through the DNAT the client talks to the VIP, the server sees its own address: same client ports.
        assertThat(client.inState(TcpState.FIN_WAIT_2)).extracting(s -> s.local().port())
                .containsExactlyInAnyOrderElementsOf(
                        server.inState(TcpState.CLOSE_WAIT).stream().map(s -> s.peer().port()).toList());
        assertThat(client.inState(TcpState.FIN_WAIT_2)).allSatisfy(
                s -> assertThat(s.peer()).isEqualTo(Endpoint.of("203.0.113.80", 9000)));
    }

    @Test
    void aBrokenServerRouteLeavesOneHalfOpenSocket() throws Exception {
        KernelSnapshot snapshot = KernelSnapshot.read(fixture("ss-server-route-broken-server.txt"));

        assertThat(snapshot.connections()).containsExactly(new KernelSocket(TcpState.SYN_RECEIVED,
                Endpoint.of("198.51.100.10", 80), Endpoint.of("192.0.2.10", 45248)));
    }

    @Test
    void aFileWithoutTheSnapshotHeaderIsRejected(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.txt"), "ESTAB 0 0 192.0.2.10:1 203.0.113.80:80\n");

        assertThatThrownBy(() -> KernelSnapshot.read(file))
                .isInstanceOf(SsParseException.class).hasMessageContaining("not a lab snapshot header");
    }
}
