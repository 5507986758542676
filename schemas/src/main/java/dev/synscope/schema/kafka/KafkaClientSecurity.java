package dev.synscope.schema.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * How a SynScope client (probe producer, streams app, CLI tools) authenticates to Kafka and
 * encrypts its traffic: PLAINTEXT, TLS ({@code SSL}, optionally with a client certificate = mTLS),
 * or SASL/SCRAM over TLS ({@code SASL_SSL}).
 *
 * <p>Secrets are never held here, only where to read them ({@link SecretSource}: a file or an
 * environment variable); they are read by {@link #toClientProperties()} when a client is built.
 * Kafka itself treats {@code sasl.jaas.config} and the store passwords as passwords and logs them
 * as {@code [hidden]}; {@link #toString()} shows the references only.
 *
 * @param protocol           the Kafka {@code security.protocol}
 * @param saslMechanism      {@code SCRAM-SHA-512} (recommended), {@code SCRAM-SHA-256} or {@code PLAIN}; SASL only
 * @param username           SASL user name; SASL only
 * @param password           SASL password source; SASL only
 * @param truststore         PKCS12 or JKS store with the CA that signed the brokers' certificates;
 *                           empty means the JVM's default CAs
 * @param truststorePassword source of the truststore password; required with a truststore
 * @param keystore           PKCS12 or JKS store with this client's key and certificate (mTLS)
 * @param keystorePassword   source of the keystore (and key) password; required with a keystore
 */
public record KafkaClientSecurity(SecurityProtocol protocol, Optional<String> saslMechanism, Optional<String> username,
                                  Optional<SecretSource> password, Optional<Path> truststore,
                                  Optional<SecretSource> truststorePassword, Optional<Path> keystore,
                                  Optional<SecretSource> keystorePassword) {

    /** The SASL mechanisms we configure; GSSAPI and OAUTHBEARER need more than a user and a password. */
    public static final Set<String> SASL_MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

    public KafkaClientSecurity {
        Objects.requireNonNull(protocol, "protocol");
        boolean sasl = protocol == SecurityProtocol.SASL_SSL || protocol == SecurityProtocol.SASL_PLAINTEXT;
        boolean tls = protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
        if (sasl) {
            String mechanism = saslMechanism.orElseThrow(() -> new KafkaSecurityConfigException(
                    protocol + " needs a SASL mechanism (one of " + SASL_MECHANISMS + ")"));
            if (!SASL_MECHANISMS.contains(mechanism)) {
                throw new KafkaSecurityConfigException("SASL mechanism " + mechanism + " is not supported; use one of "
                        + SASL_MECHANISMS);
            }
            if (mechanism.equals("PLAIN") && !tls) {
                throw new KafkaSecurityConfigException("SASL PLAIN sends the password as is: use it with SASL_SSL only");
            }
            if (username.isEmpty() || username.get().isBlank() || password.isEmpty()) {
                throw new KafkaSecurityConfigException(protocol + " needs a user name and a password source");
            }
        } else if (saslMechanism.isPresent() || username.isPresent() || password.isPresent()) {
            throw new KafkaSecurityConfigException("SASL settings given but security protocol is " + protocol);
        }
        if (!tls && (truststore.isPresent() || keystore.isPresent())) {
            throw new KafkaSecurityConfigException("TLS stores given but security protocol is " + protocol);
        }
        if (truststore.isPresent() != truststorePassword.isPresent()) {
            throw new KafkaSecurityConfigException("a truststore and its password source go together");
        }
        if (keystore.isPresent() != keystorePassword.isPresent()) {
            throw new KafkaSecurityConfigException("a keystore and its password source go together");
        }
    }

    /** No encryption, no authentication: the default, for a broker on loopback or a trusted network. */
    public static KafkaClientSecurity plaintext() {
        return new KafkaClientSecurity(SecurityProtocol.PLAINTEXT, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** TLS, and SCRAM-SHA-512 (or another {@link #SASL_MECHANISMS mechanism}) with a user and a password. */
    public static KafkaClientSecurity saslSsl(String mechanism, String username, SecretSource password,
                                              Path truststore, SecretSource truststorePassword) {
        return new KafkaClientSecurity(SecurityProtocol.SASL_SSL, Optional.of(mechanism), Optional.of(username),
                Optional.of(password), Optional.of(truststore), Optional.of(truststorePassword), Optional.empty(),
                Optional.empty());
    }

    /** TLS where the client proves who it is with its own certificate. */
    public static KafkaClientSecurity mutualTls(Path truststore, SecretSource truststorePassword, Path keystore,
                                                SecretSource keystorePassword) {
        return new KafkaClientSecurity(SecurityProtocol.SSL, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(truststore), Optional.of(truststorePassword), Optional.of(keystore),
                Optional.of(keystorePassword));
    }

    /**
     * From command-line flags or environment variables where an empty string means "not set", as
     * picocli's {@code ${env:SYNSCOPE_X:-}} defaults give them. Secret specs are parsed by
     * {@link SecretSource#parse} ({@code env:NAME}, {@code file:/path} or a bare path).
     */
    public static KafkaClientSecurity fromSettings(String protocol, String saslMechanism, String username,
                                                   String passwordSpec, String truststore, String truststorePasswordSpec,
                                                   String keystore, String keystorePasswordSpec) {
        SecurityProtocol parsed;
        try {
            parsed = SecurityProtocol.forName(blankToNull(protocol) == null ? "PLAINTEXT"
                    : protocol.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KafkaSecurityConfigException("unknown security protocol '" + protocol + "'; use one of "
                    + SecurityProtocol.names());
        }
        return new KafkaClientSecurity(parsed,
                Optional.ofNullable(blankToNull(saslMechanism)).map(m -> m.trim().toUpperCase(Locale.ROOT)),
                Optional.ofNullable(blankToNull(username)),
                Optional.ofNullable(blankToNull(passwordSpec)).map(SecretSource::parse),
                Optional.ofNullable(blankToNull(truststore)).map(Path::of),
                Optional.ofNullable(blankToNull(truststorePasswordSpec)).map(SecretSource::parse),
                Optional.ofNullable(blankToNull(keystore)).map(Path::of),
                Optional.ofNullable(blankToNull(keystorePasswordSpec)).map(SecretSource::parse));
    }

    /** Client properties with the secrets read from their sources now (environment: {@link System#getenv}). */
    public Map<String, Object> toClientProperties() {
        return toClientProperties(System::getenv);
    }

    /**
     * Client properties to merge into a producer, consumer, admin or streams configuration.
     *
     * @param environment looks up environment variables for {@link SecretSource.Kind#ENV} secrets
     * @throws KafkaSecurityConfigException if a secret cannot be read (the message names its source only)
     */
    public Map<String, Object> toClientProperties(UnaryOperator<String> environment) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name);
        if (saslMechanism.isPresent()) {
            String mechanism = saslMechanism.get();
            p.put(SaslConfigs.SASL_MECHANISM, mechanism);
            p.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(mechanism, username.orElseThrow(),
                    password.orElseThrow().read(environment)));
        }
        truststore.ifPresent(store -> {
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, store.toString());
            p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, storeType(store));
            p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststorePassword.orElseThrow().read(environment));
        });
        keystore.ifPresent(store -> {
            String secret = keystorePassword.orElseThrow().read(environment);
            p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, store.toString());
            p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, storeType(store));
            p.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, secret);
            p.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, secret);
        });
        return p;
    }

    private static String jaasConfig(String mechanism, String user, String secret) {
        String module = mechanism.startsWith("SCRAM-")
                ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
        return module + " required username=\"" + jaasQuote(user) + "\" password=\"" + jaasQuote(secret) + "\";";
    }

    /** JAAS option values are double-quoted strings: escape the backslash and the quote. */
    private static String jaasQuote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** PKCS12 unless the file is named {@code *.jks}: Kafka's own default (JKS) would not open a .p12. */
    private static String storeType(Path store) {
        return store.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("KafkaClientSecurity[").append(protocol.name);
        saslMechanism.ifPresent(m -> b.append(", sasl=").append(m));
        username.ifPresent(u -> b.append(", user=").append(u));
        password.ifPresent(s -> b.append(", password=").append(s));
        truststore.ifPresent(t -> b.append(", truststore=").append(t));
        truststorePassword.ifPresent(s -> b.append(", truststorePassword=").append(s));
        keystore.ifPresent(k -> b.append(", keystore=").append(k));
        keystorePassword.ifPresent(s -> b.append(", keystorePassword=").append(s));
        return b.append(']').toString();
    }
}
