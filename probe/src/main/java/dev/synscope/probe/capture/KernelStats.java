package dev.synscope.probe.capture;

/**
 * libpcap's {@code pcap_stats}: packets received by the capture, dropped because its buffer was full
 * (ps_drop), and dropped by the interface or driver (ps_ifdrop). Cumulative since the handle opened.
 */
public record KernelStats(long received, long dropped, long ifaceDropped) {

    /** What a file reports: nothing was received from or dropped by a kernel. */
    public static final KernelStats NONE = new KernelStats(0, 0, 0);
}
