package dev.synscope.cli;

import dev.synscope.schema.kafka.KafkaClientSecurity;
import dev.synscope.schema.kafka.KafkaSecurityConfigException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How {@code probe} and {@code streams} authenticate to Kafka and encrypt their traffic (TLS, mTLS,
 * SASL/SCRAM over TLS), as flags and {@code SYNSCOPE_KAFKA_*} environment variables.
 *
 * <p>Flags name <em>where</em> a secret is ({@code FILE}, {@code file:/path} or {@code env:VAR}), never
 * the secret itself: a value on the command line would show in {@code ps} and in shell history.
 * The secrets are read when the Kafka clients are built; what is printed is {@link KafkaClientSecurity#toString()},
 * which names the sources only.
 */
final class KafkaSecurityOptions {

    @Option(names = "--kafka-security-protocol", defaultValue = "${env:SYNSCOPE_KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}",
            paramLabel = "PROTOCOL", description = "PLAINTEXT, SSL (TLS; mutual TLS with --kafka-keystore) or SASL_SSL "
                    + "(env SYNSCOPE_KAFKA_SECURITY_PROTOCOL; default ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--kafka-sasl-mechanism", defaultValue = "${env:SYNSCOPE_KAFKA_SASL_MECHANISM:-}",
            paramLabel = "MECHANISM", description = "SCRAM-SHA-512 (recommended), SCRAM-SHA-256 or PLAIN; SASL_SSL only "
                    + "(env SYNSCOPE_KAFKA_SASL_MECHANISM).")
    String saslMechanism;

    @Option(names = "--kafka-sasl-username", defaultValue = "${env:SYNSCOPE_KAFKA_SASL_USERNAME:-}",
            paramLabel = "USER", description = "SASL user (env SYNSCOPE_KAFKA_SASL_USERNAME).")
    String saslUsername;

    @Option(names = "--kafka-sasl-password-file", defaultValue = "${env:SYNSCOPE_KAFKA_SASL_PASSWORD_FILE:-}",
            paramLabel = "FILE|env:VAR", description = "Where the SASL password is: a file (e.g. a mounted secret) or "
                    + "env:VAR (env SYNSCOPE_KAFKA_SASL_PASSWORD_FILE).")
    String saslPasswordSource;

    @Option(names = "--kafka-truststore", defaultValue = "${env:SYNSCOPE_KAFKA_TRUSTSTORE:-}", paramLabel = "FILE",
            description = "PKCS12 (or .jks) store with the CA of the brokers' certificates; default: the JVM's CAs "
                    + "(env SYNSCOPE_KAFKA_TRUSTSTORE).")
    String truststore;

    @Option(names = "--kafka-truststore-password-file",
            defaultValue = "${env:SYNSCOPE_KAFKA_TRUSTSTORE_PASSWORD_FILE:-}", paramLabel = "FILE|env:VAR",
            description = "Where the truststore password is (env SYNSCOPE_KAFKA_TRUSTSTORE_PASSWORD_FILE).")
    String truststorePasswordSource;

    @Option(names = "--kafka-keystore", defaultValue = "${env:SYNSCOPE_KAFKA_KEYSTORE:-}", paramLabel = "FILE",
            description = "PKCS12 (or .jks) store with this client's key and certificate, for mutual TLS "
                    + "(env SYNSCOPE_KAFKA_KEYSTORE).")
    String keystore;

    @Option(names = "--kafka-keystore-password-file", defaultValue = "${env:SYNSCOPE_KAFKA_KEYSTORE_PASSWORD_FILE:-}",
            paramLabel = "FILE|env:VAR", description = "Where the keystore (and key) password is "
                    + "(env SYNSCOPE_KAFKA_KEYSTORE_PASSWORD_FILE).")
    String keystorePasswordSource;

    /** The settings, checked for consistency (a wrong combination is a usage error naming the problem). */
    KafkaClientSecurity security() {
        try {
            return KafkaClientSecurity.fromSettings(protocol, saslMechanism, saslUsername, saslPasswordSource,
                    truststore, truststorePasswordSource, keystore, keystorePasswordSource);
        } catch (KafkaSecurityConfigException | IllegalArgumentException e) {
            throw new FailureHandler.UsageProblem("Kafka security settings: " + e.getMessage());
        }
    }

    /**
     * The client properties as strings (for the probe's producer overrides), secrets read now.
     * A secret that cannot be read is a usage error naming its source, never its content.
     */
    static Map<String, String> clientProperties(KafkaClientSecurity security) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            security.toClientProperties().forEach((k, v) -> out.put(k, String.valueOf(v)));
        } catch (KafkaSecurityConfigException e) {
            throw new FailureHandler.UsageProblem("Kafka security settings: " + e.getMessage());
        }
        return out;
    }

    /** A copy of client properties fit for printing: every password-like value replaced by {@code [hidden]}. */
    static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> out.put(k, isSecret(k) ? "[hidden]" : v));
        return out;
    }

    /** Kafka's own password-typed settings: JAAS config (it embeds the password) and store/key passwords. */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("jaas.config") || k.contains("password") || k.endsWith(".secret");
    }
}
