package dev.synscope.lab.scenario;

import dev.synscope.lab.net.LabRole;
import java.util.Locale;

/** Where a probe captures in the lab; each vantage has a matching kernel (namespace) to judge it. */
public enum Vantage {
    /** The client namespace's veth-c: sees the virtual IP, packets before the firewall. */
    CLIENT(LabRole.CLIENT, "veth-c"),
    /** The server namespace's veth-s: sees the server's real address, after the firewall. */
    SERVER(LabRole.SERVER, "veth-s");

    private final LabRole role;
    private final String device;

    Vantage(LabRole role, String device) {
        this.role = role;
        this.device = device;
    }

    public LabRole role() {
        return role;
    }

    public String device() {
        return device;
    }

    /** Lower-case name, as in file and snapshot names: {@code client}, {@code server}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The probe id the lab gives this vantage's probe, e.g. {@code lab-client}. */
    public String probeId() {
        return "lab-" + label();
    }
}
