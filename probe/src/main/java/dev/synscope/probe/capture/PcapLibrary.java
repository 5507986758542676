package dev.synscope.probe.capture;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points pcap4j at the system libpcap. JNA looks for {@code libpcap.so}, which only the -dev package
 * installs; the runtime package ships {@code libpcap.so.0.8} / {@code libpcap.so.1.x}. An explicit
 * {@code -Dorg.pcap4j.core.pcapLibName=...} always wins.
 */
final class PcapLibrary {

    static final String PROPERTY = "org.pcap4j.core.pcapLibName";
    private static final String[] CANDIDATES = {
        "/usr/lib/x86_64-linux-gnu/libpcap.so", "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8",
        "/usr/lib/aarch64-linux-gnu/libpcap.so", "/usr/lib/aarch64-linux-gnu/libpcap.so.0.8",
        "/usr/lib64/libpcap.so", "/usr/lib64/libpcap.so.1", "/usr/lib/libpcap.so", "/usr/lib/libpcap.so.1",
    };

    private PcapLibrary() {
    }

    static synchronized void configure() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        for (String candidate : CANDIDATES) {
            if (Files.isReadable(Path.of(candidate))) {
                System.setProperty(PROPERTY, candidate);
                return;
            }
        }
    }
}
