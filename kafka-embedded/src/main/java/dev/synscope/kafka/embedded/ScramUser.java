package dev.synscope.kafka.embedded;

import java.util.regex.Pattern;

/**
 * A SCRAM user created in the cluster's metadata when the storage is formatted
 * ({@code kafka-storage format --add-scram}).
 *
 * @param name     the user name clients authenticate as
 * @param password the password; test credentials only, restricted to characters that need no
 *                 quoting in the {@code --add-scram} argument
 */
public record ScramUser(String name, String password) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");

    public ScramUser {
        if (!SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("SCRAM user name must match " + SAFE + ", was '" + name + "'");
        }
        if (!SAFE.matcher(password).matches()) {
            throw new IllegalArgumentException("SCRAM password of '" + name + "' must match " + SAFE);
        }
    }

    /** The {@code --add-scram} value for the given mechanism, e.g. {@code SCRAM-SHA-512=[name=a,password=b]}. */
    String formatArgument(String mechanism) {
        return mechanism + "=[name=" + name + ",password=" + password + "]";
    }

    @Override
    public String toString() {
        return "ScramUser[name=" + name + ", password=***]";
    }
}
