package dev.synscope.schema.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {

    private static final String SECRET = "s3cr\"et\\pw";

    @Test
    void saslSslReadsThePasswordFromAFileAndQuotesItForJaas(@TempDir Path tmp) throws Exception {
        Path pw = Files.writeString(tmp.resolve("pw"), SECRET + "\n");
        Path trustPw = Files.writeString(tmp.resolve("trust-pw"), "trust-secret\n");
        var security = KafkaClientSecurity.saslSsl("SCRAM-SHA-512", "probe", SecretSource.file(pw),
                tmp.resolve("truststore.p12"), SecretSource.file(trustPw));

        Map<String, Object> props = security.toClientProperties(name -> null);

        assertThat(props).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"probe\" password=\"s3cr\\\"et\\\\pw\";")
                .containsEntry("ssl.truststore.location", tmp.resolve("truststore.p12").toString())
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.truststore.password", "trust-secret")
                .doesNotContainKey("ssl.keystore.location");
    }

    @Test
    void mutualTlsReadsStorePasswordsFromTheEnvironment(@TempDir Path tmp) {
        var security = KafkaClientSecurity.mutualTls(tmp.resolve("ca.jks"), SecretSource.env("TRUST_PW"),
                tmp.resolve("client.p12"), SecretSource.parse("env:KEY_PW"));

        Map<String, Object> props = security.toClientProperties(Map.of("TRUST_PW", "t", "KEY_PW", "k")::get);

        assertThat(props).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.type", "JKS")
                .containsEntry("ssl.truststore.password", "t")
                .containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", "k")
                .containsEntry("ssl.key.password", "k")
                .doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void toStringNamesWhereSecretsLiveButNeverTheSecrets(@TempDir Path tmp) throws Exception {
        Path pw = Files.writeString(tmp.resolve("pw"), SECRET);
        var security = KafkaClientSecurity.saslSsl("SCRAM-SHA-512", "probe", SecretSource.file(pw),
                tmp.resolve("t.p12"), SecretSource.env("TRUST_PW"));

        assertThat(security.toString()).contains("SASL_SSL", "probe", "file:" + pw, "env:TRUST_PW")
                .doesNotContain(SECRET);
    }

    @Test
    void aMissingOrEmptySecretIsAClearErrorNamingItsSourceOnly(@TempDir Path tmp) throws Exception {
        var missingFile = KafkaClientSecurity.saslSsl("SCRAM-SHA-512", "probe", SecretSource.file(tmp.resolve("nope")),
                tmp.resolve("t.p12"), SecretSource.env("TRUST_PW"));
        assertThatThrownBy(() -> missingFile.toClientProperties(name -> "x"))
                .isInstanceOf(KafkaSecurityConfigException.class)
                .hasMessageContaining("cannot read secret file " + tmp.resolve("nope"));

        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        var emptySecret = KafkaClientSecurity.saslSsl("SCRAM-SHA-512", "probe", SecretSource.file(empty),
                tmp.resolve("t.p12"), SecretSource.env("TRUST_PW"));
        assertThatThrownBy(() -> emptySecret.toClientProperties(name -> "x"))
                .isInstanceOf(KafkaSecurityConfigException.class).hasMessageContaining("is empty");

        var unsetVariable = KafkaClientSecurity.mutualTls(tmp.resolve("t.p12"), SecretSource.env("UNSET_VAR"),
                tmp.resolve("k.p12"), SecretSource.env("UNSET_VAR"));
        assertThatThrownBy(() -> unsetVariable.toClientProperties(name -> null))
                .isInstanceOf(KafkaSecurityConfigException.class).hasMessage("environment variable UNSET_VAR is not set");
    }

    @Test
    void inconsistentSettingsAreRejectedWhenBuilt() {
        assertThatThrownBy(() -> KafkaClientSecurity.fromSettings("SASL_SSL", "", "probe", "env:PW", "", "", "", ""))
                .isInstanceOf(KafkaSecurityConfigException.class).hasMessageContaining("needs a SASL mechanism");
        assertThatThrownBy(() -> KafkaClientSecurity.fromSettings("SASL_PLAINTEXT", "PLAIN", "u", "env:PW", "", "", "", ""))
                .isInstanceOf(KafkaSecurityConfigException.class).hasMessageContaining("SASL_SSL only");
        assertThatThrownBy(() -> KafkaClientSecurity.fromSettings("PLAINTEXT", "", "", "", "/t.p12", "env:X", "", ""))
                .isInstanceOf(KafkaSecurityConfigException.class).hasMessageContaining("TLS stores given");
        assertThatThrownBy(() -> KafkaClientSecurity.fromSettings("SSL", "", "", "", "/t.p12", "", "", ""))
                .isInstanceOf(KafkaSecurityConfigException.class).hasMessageContaining("truststore and its password");
        assertThatThrownBy(() -> KafkaClientSecurity.fromSettings("TLS", "", "", "", "", "", "", ""))
                .isInstanceOf(KafkaSecurityConfigException.class).hasMessageContaining("unknown security protocol 'TLS'");
    }

    @Test
    void emptySettingsMeanPlaintext() {
        assertThat(KafkaClientSecurity.fromSettings("", "", "", "", "", "", "", ""))
                .isEqualTo(KafkaClientSecurity.plaintext());
        assertThat(KafkaClientSecurity.plaintext().toClientProperties(name -> null))
                .isEqualTo(Map.of("security.protocol", "PLAINTEXT"));
    }
}
