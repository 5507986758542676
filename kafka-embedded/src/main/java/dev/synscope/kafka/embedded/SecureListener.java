package dev.synscope.kafka.embedded;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An extra client listener named {@code SECURE} on every node of a {@link LocalKafkaCluster}, next to
 * the PLAINTEXT listener the harness itself uses (inter-broker traffic and the harness's admin
 * client stay on PLAINTEXT: everything is on 127.0.0.1, and the point is to test clients).
 *
 * <p>Two variants, as deployments use them:
 * <ul>
 *   <li>{@link #saslSsl}: TLS with a server certificate, clients authenticate with SCRAM-SHA-512;</li>
 *   <li>{@link #mutualTls}: TLS where clients authenticate with their own certificate.</li>
 * </ul>
 *
 * @param protocol          {@code SASL_SSL} or {@code SSL}
 * @param clientAuthRequired mutual TLS: the broker requires a client certificate signed by the CA
 * @param scramUsers        users created at format time (SASL_SSL only)
 * @param tls               the broker keystore and truststore
 */
public record SecureListener(String protocol, boolean clientAuthRequired, List<ScramUser> scramUsers, TlsMaterial tls) {

    /** The only SASL mechanism the local cluster enables: the one we recommend for deployments. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    static final String LISTENER_NAME = "SECURE";

    public SecureListener {
        if (!protocol.equals("SASL_SSL") && !protocol.equals("SSL")) {
            throw new IllegalArgumentException("protocol must be SASL_SSL or SSL, was " + protocol);
        }
        scramUsers = List.copyOf(scramUsers);
        Objects.requireNonNull(tls, "tls");
        if (protocol.equals("SASL_SSL") && scramUsers.isEmpty()) {
            throw new IllegalArgumentException("a SASL_SSL listener needs at least one SCRAM user");
        }
    }

    /** TLS plus SCRAM-SHA-512 with the given users. */
    public static SecureListener saslSsl(TlsMaterial tls, List<ScramUser> users) {
        return new SecureListener("SASL_SSL", false, users, tls);
    }

    /** TLS where the broker requires a client certificate (mTLS). */
    public static SecureListener mutualTls(TlsMaterial tls) {
        return new SecureListener("SSL", true, List.of(), tls);
    }

    /** Server properties for this listener, all prefixed with {@code listener.name.secure.}. */
    Map<String, String> serverProperties() {
        String prefix = "listener.name." + LISTENER_NAME.toLowerCase(java.util.Locale.ROOT) + ".";
        var p = new java.util.LinkedHashMap<String, String>();
        p.put(prefix + "ssl.keystore.location", tls.brokerKeystore().toString());
        p.put(prefix + "ssl.keystore.type", "PKCS12");
        p.put(prefix + "ssl.keystore.password", tls.password());
        p.put(prefix + "ssl.key.password", tls.password());
        p.put(prefix + "ssl.truststore.location", tls.truststore().toString());
        p.put(prefix + "ssl.truststore.type", "PKCS12");
        p.put(prefix + "ssl.truststore.password", tls.password());
        p.put(prefix + "ssl.client.auth", clientAuthRequired ? "required" : "none");
        if (protocol.equals("SASL_SSL")) {
            p.put(prefix + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
            p.put(prefix + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        return p;
    }

    @Override
    public String toString() {
        return "SecureListener[" + protocol + (clientAuthRequired ? ", client certificate required" : "")
                + ", users=" + scramUsers.stream().map(ScramUser::name).toList() + "]";
    }
}
