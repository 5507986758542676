package dev.synscope.lab.net;

/** The lab's hosts, one network namespace each. */
public enum LabRole {
    CLIENT("client"),
    FIREWALL("fw"),
    SERVER("server");

    private final String suffix;

    LabRole(String suffix) {
        this.suffix = suffix;
    }

    /** The namespace name for a lab prefix, as the scripts spell it: {@code PREFIX-client}. */
    public String namespace(String prefix) {
        return prefix + "-" + suffix;
    }
}
