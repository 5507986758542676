package dev.synscope.probe.capture;

import dev.synscope.probe.decode.LinkType;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live capture on one interface through pcap4j (libpcap via JNA). Reads with
 * {@code pcap_dispatch} and a raw listener: one JNA call per batch of packets instead of one per
 * packet as with {@code getNextRawPacket} (BENCHMARKS.md "Probe" has both numbers). pcap4j copies
 * each packet into a fresh {@code byte[]}; at a header-only snaplen that is at most 128 bytes.
 */
public final class LiveCapture implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(LiveCapture.class);

    private final PcapHandle handle;
    private final String iface;
    private final int dlt;
    private final LinkType linkType;
    /** Reused across batches; pcap4j calls it on the thread that called dispatch. */
    private final BatchListener listener = new BatchListener();
    /** Set once the capture stopped and only the ring's backlog is read. */
    private boolean nonBlocking;

    private LiveCapture(PcapHandle handle, String iface) {
        this.handle = handle;
        this.iface = iface;
        this.dlt = handle.getDlt().value();
        this.linkType = LinkType.fromDlt(dlt);
    }

    /**
     * Opens the interface, applies the filter and checks the link type.
     *
     * @throws CaptureSetupException with a one-line explanation when the user can fix the problem
     */
    public static LiveCapture open(LiveCaptureSettings settings) {
        PcapLibrary.configure();
        String iface = settings.iface();
        if (!"any".equals(iface)) {
            List<String> names = interfaceNames();
            if (!names.isEmpty() && !names.contains(iface)) {
                throw CaptureSetupException.noSuchInterface(iface, names);
            }
        }
        PcapHandle handle;
        try {
            handle = new PcapHandle.Builder(iface)
                    .snaplen(settings.snaplen())
                    .promiscuousMode(settings.promiscuous()
                            ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(settings.timeoutMillis())
                    .bufferSize(settings.bufferBytes())
                    .immediateMode(settings.immediate())
                    .timestampPrecision(PcapHandle.TimestampPrecision.MICRO)
                    .build();
        } catch (PcapNativeException e) {
            throw classify(iface, e);
        }
        try {
            handle.setFilter(settings.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException | NotOpenException e) {
            handle.close();
            throw new CaptureSetupException(CaptureSetupException.Problem.BAD_FILTER,
                    "BPF filter '" + settings.filter() + "' does not compile on " + iface + ": " + e.getMessage(), e);
        }
        LiveCapture capture = new LiveCapture(handle, iface);
        if (capture.linkType == null) {
            handle.close();
            throw new CaptureSetupException(CaptureSetupException.Problem.LIBPCAP, "interface " + iface
                    + " has link type " + capture.dlt + ", which the decoder does not support", null);
        }
        LOG.info("capturing on {} (link type {} = {}, snaplen {}, filter '{}')", iface, capture.dlt,
                capture.linkType, settings.snaplen(), settings.filter());
        return capture;
    }

    /** Names of the interfaces libpcap can capture on (empty if libpcap cannot list them). */
    public static List<String> interfaceNames() {
        PcapLibrary.configure();
        try {
            return Pcaps.findAllDevs().stream().map(PcapNetworkInterface::getName).toList();
        } catch (PcapNativeException e) {
            return List.of();
        }
    }

    private static CaptureSetupException classify(String iface, PcapNativeException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("permission") || lower.contains("not permitted")) {
            return CaptureSetupException.noPermission(iface, e);
        }
        if (lower.contains("no such device") || lower.contains("doesn't exist")) {
            return CaptureSetupException.noSuchInterface(iface, interfaceNames());
        }
        return new CaptureSetupException(CaptureSetupException.Problem.LIBPCAP,
                "cannot open " + iface + ": " + message, e);
    }

    /** DLT / LINKTYPE of the handle (LINUX_SLL or LINUX_SLL2 for {@code any}). */
    public int dlt() {
        return dlt;
    }

    @Override
    public int deliver(FrameHandler handler, int maxFrames) throws IOException {
        listener.handler = handler;
        try {
            int n = handle.dispatch(maxFrames, listener);
            return Math.max(n, 0);
        } catch (PcapNativeException e) {
            throw new IOException("capture on " + iface + " failed: " + e.getMessage(), e);
        } catch (NotOpenException e) {
            return -1;
        } catch (InterruptedException e) {
            // pcap_breakloop: close() was called from another thread
            return -1;
        } finally {
            listener.handler = null;
        }
    }

    /**
     * Non-blocking reads of what is already in the kernel ring. A {@link #breakLoop()} that arrived
     * while no read was running leaves libpcap's break flag set; the first read here consumes it.
     */
    @Override
    public int deliverQueued(FrameHandler handler, int maxFrames) throws IOException {
        try {
            if (!nonBlocking) {
                handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
                nonBlocking = true;
            }
        } catch (PcapNativeException | NotOpenException e) {
            return -1;
        }
        int n = deliver(handler, maxFrames);
        return n >= 0 ? n : deliver(handler, maxFrames);
    }

    @Override
    public String name() {
        return iface;
    }

    @Override
    public KernelStats kernelStats() {
        try {
            PcapStat stat = handle.getStats();
            return new KernelStats(stat.getNumPacketsReceived(), stat.getNumPacketsDropped(),
                    stat.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException e) {
            return KernelStats.NONE;
        }
    }

    /** Wakes a thread blocked in {@link #deliver} so it can see the probe is stopping. */
    public void breakLoop() {
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // already closed: nothing to wake
        }
    }

    @Override
    public void close() {
        handle.close();
    }

    private final class BatchListener implements RawPacketListener {
        FrameHandler handler;

        @Override
        public void gotPacket(byte[] packet) {
            Timestamp ts = handle.getTimestamp();
            long micros = ts.getTime() / 1000 * 1_000_000L + ts.getNanos() / 1000;
            Integer wire = handle.getOriginalLength();
            handler.onFrame(linkType, packet, 0, packet.length, wire == null ? packet.length : wire, micros);
        }
    }
}
