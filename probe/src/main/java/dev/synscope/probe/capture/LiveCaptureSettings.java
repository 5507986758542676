package dev.synscope.probe.capture;

/**
 * How a live capture handle is opened.
 *
 * @param iface       interface name, or {@code any} (Linux cooked capture)
 * @param filter      BPF filter expression (tcpdump syntax)
 * @param snaplen     bytes kept per packet: headers only, never the payload
 * @param promiscuous put the interface in promiscuous mode
 * @param bufferBytes kernel capture buffer size
 * @param immediate   deliver packets as they arrive instead of when the buffer fills
 * @param timeoutMillis read timeout: how long a read waits for packets before returning (also the
 *                    longest a quiet capture goes without flushing and heartbeating)
 */
public record LiveCaptureSettings(String iface, String filter, int snaplen, boolean promiscuous, int bufferBytes,
                                  boolean immediate, int timeoutMillis) {

    /**
     * TCP plus the ICMP errors that quote TCP headers (RFC 792 unreachable and time exceeded) and
     * ICMPv6 (its error types are checked by the decoder: the BPF {@code icmp6[]} accessor cannot see
     * past IPv6 extension headers).
     */
    public static final String DEFAULT_FILTER =
            "tcp or icmp[icmptype] == icmp-unreach or icmp[icmptype] == icmp-timxceed or icmp6";
    public static final int DEFAULT_SNAPLEN = 128;
    /**
     * 128 MiB: at snaplen 128 a packet takes ~210 bytes of the TPACKET_V3 ring, so this holds ~600k
     * packets, ~3 s of 200k packets/s. Measured on the 2-core bench (BENCHMARKS.md "Probe"): with
     * 32 MiB a busy machine (JIT warm-up, GC, other processes taking the cores) made the kernel drop
     * 17-74% of a 200k packets/s burst; with 128 MiB it dropped none. {@code --capture-buffer}
     * lowers it where memory is tighter than CPU.
     */
    public static final int DEFAULT_BUFFER_BYTES = 128 << 20;
    public static final int DEFAULT_TIMEOUT_MILLIS = 100;

    public LiveCaptureSettings {
        if (iface == null || iface.isBlank()) {
            throw new IllegalArgumentException("an interface name is required");
        }
        if (snaplen < 64 || snaplen > 262_144) {
            throw new IllegalArgumentException("snaplen must be 64..262144 bytes, not " + snaplen);
        }
        if (bufferBytes < 65_536) {
            throw new IllegalArgumentException("capture buffer must be at least 64 KiB, not " + bufferBytes);
        }
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("read timeout must be positive, not " + timeoutMillis);
        }
    }

    public static LiveCaptureSettings defaults(String iface) {
        return new LiveCaptureSettings(iface, DEFAULT_FILTER, DEFAULT_SNAPLEN, false, DEFAULT_BUFFER_BYTES, true,
                DEFAULT_TIMEOUT_MILLIS);
    }
}
