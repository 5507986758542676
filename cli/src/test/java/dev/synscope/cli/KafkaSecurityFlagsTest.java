package dev.synscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code --kafka-*} security flags of {@code probe} and {@code streams}: parsed into the clients'
 * settings, and never printed with a secret. The flags against a real TLS + SCRAM broker:
 * {@code SecurePipelineIT} (it/scale-out).
 */
class KafkaSecurityFlagsTest {

    private static final String SECRET = "s3cret-never-printed";

    @TempDir
    Path tmp;

    @Test
    void probeGetsSaslSslSettingsAndItsPrintedConfigHidesThePassword() throws Exception {
        Path password = Files.writeString(tmp.resolve("pw"), SECRET + "\n");
        Path truststorePassword = Files.writeString(tmp.resolve("tpw"), "trust-" + SECRET);
        Path capture = Files.write(tmp.resolve("a.pcap"), new byte[24]);
        ProbeCommand probe = new ProbeCommand();
        new CommandLine(probe).parseArgs("--pcap", capture.toString(), "--kafka-security-protocol", "SASL_SSL",
                "--kafka-sasl-mechanism", "SCRAM-SHA-512", "--kafka-sasl-username", "probe",
                "--kafka-sasl-password-file", password.toString(), "--kafka-truststore", "/etc/ca.p12",
                "--kafka-truststore-password-file", truststorePassword.toString());

        var config = probe.config();

        assertThat(config.producerOverrides()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/ca.p12");
        assertThat(config.producerOverrides().get("sasl.jaas.config")).contains("username=\"probe\"")
                .contains(SECRET);
        String printed = ProbeCommand.describe(config) + probe.kafkaSecurity.security();
        assertThat(printed).doesNotContain(SECRET).contains("[hidden]").contains(password.toString());
    }

    @Test
    void producerPropertyStillWinsOverTheSecurityFlags() throws Exception {
        Path capture = Files.write(tmp.resolve("b.pcap"), new byte[24]);
        ProbeCommand probe = new ProbeCommand();
        new CommandLine(probe).parseArgs("--pcap", capture.toString(), "--producer-property", "security.protocol=SSL");

        assertThat(probe.config().producerOverrides()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void streamsConfigCarriesTheSettingsAndDescribesOnlyTheirSources() throws Exception {
        Path password = Files.writeString(tmp.resolve("pw"), SECRET);
        StreamsCommand streams = new StreamsCommand();
        new CommandLine(streams).parseArgs("--kafka-security-protocol", "SASL_SSL", "--kafka-sasl-mechanism",
                "SCRAM-SHA-512", "--kafka-sasl-username", "streams", "--kafka-sasl-password-file",
                "file:" + password, "--streams-property", "session.timeout.ms=6000");

        var config = streams.config();

        assertThat(config.toProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("session.timeout.ms", "6000");
        assertThat(String.valueOf(config.toProperties().get("sasl.jaas.config"))).contains(SECRET);
        assertThat(config.describe()).doesNotContain(SECRET).contains("file:" + password);
    }

    @Test
    void inconsistentSettingsAreAUsageError() {
        StreamsCommand streams = new StreamsCommand();
        new CommandLine(streams).parseArgs("--kafka-security-protocol", "PLAINTEXT", "--kafka-sasl-username", "x");

        assertThatThrownBy(streams::config).isInstanceOf(FailureHandler.UsageProblem.class)
                .hasMessageContaining("SASL settings given but security protocol is PLAINTEXT");
    }
}
