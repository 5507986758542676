package dev.synscope.schema.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where a secret comes from: a file (a Kubernetes/compose secret mounted read-only) or an
 * environment variable. Only the reference is kept; the secret itself is read when a client is
 * configured and never stored here, so this record and its {@code toString} are safe to log.
 *
 * @param kind      file or environment variable
 * @param reference the file path or the variable name
 */
public record SecretSource(Kind kind, String reference) {

    public enum Kind { FILE, ENV }

    public SecretSource {
        Objects.requireNonNull(kind, "kind");
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("a secret source needs a file path or a variable name");
        }
    }

    public static SecretSource file(Path path) {
        return new SecretSource(Kind.FILE, path.toString());
    }

    public static SecretSource env(String variable) {
        return new SecretSource(Kind.ENV, variable);
    }

    /** {@code env:NAME} reads a variable; {@code file:/path} or a bare path reads a file. */
    public static SecretSource parse(String spec) {
        if (spec.startsWith("env:")) {
            return env(spec.substring("env:".length()));
        }
        return new SecretSource(Kind.FILE, spec.startsWith("file:") ? spec.substring("file:".length()) : spec);
    }

    /**
     * The secret: the file's content without its trailing line break, or the variable's value.
     *
     * @param environment looks up environment variables ({@code System::getenv} in production)
     * @throws KafkaSecurityConfigException naming the source, never the secret, if it cannot be read or is empty
     */
    public String read(UnaryOperator<String> environment) {
        String value;
        if (kind == Kind.ENV) {
            value = environment.apply(reference);
            if (value == null) {
                throw new KafkaSecurityConfigException("environment variable " + reference + " is not set");
            }
        } else {
            try {
                value = Files.readString(Path.of(reference), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new KafkaSecurityConfigException("cannot read secret file " + reference + " ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        }
        value = value.replaceAll("[\\r\\n]+$", ""); // editors and `echo` add a line break; spaces are kept
        if (value.isEmpty()) {
            throw new KafkaSecurityConfigException("secret " + this + " is empty");
        }
        return value;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + reference;
    }
}
