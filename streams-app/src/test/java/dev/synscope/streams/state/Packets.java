package dev.synscope.streams.state;

import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.IcmpError;
import dev.synscope.schema.ObservationKind;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test fixtures written as tcpdump lines, e.g.
 * {@code 15:16:05.360735 IP client.38608 > server.80: Flags [S], seq 2473414591, win 14600, length 0}.
 * Hosts "client", "server", "client2" map to documentation addresses; IP literals work too; the port
 * follows the host after '.' (tcpdump) or ':'. Extra fields beyond tcpdump's: {@code ttl N}, {@code id N}
 * (IPv4 id), {@code probe NAME}, {@code at +N} (micros after the previous line, when no time is given).
 * Times without a date are on the article's day, 2016-02-16 UTC. A line without a time gets the
 * previous line's time plus 1 ms.
 */
final class Packets {

    static {
        java.util.Objects.requireNonNull(dev.synscope.schema.serde.SynScopeSerdes.HEADER_OBSERVATION); // Avro trust
    }

    static final Map<String, String> HOSTS = Map.of(
            "client", "192.0.2.10",
            "client2", "192.0.2.11",
            "server", "198.51.100.80",
            "router", "203.0.113.1");

    private static final long DAY_MICROS = LocalDate.of(2016, 2, 16).atStartOfDay().toEpochSecond(ZoneOffset.UTC)
            * 1_000_000L;
    private static final Pattern TIME = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2})\\.(\\d{6})\\s+");
    private static final Pattern ENDPOINTS = Pattern.compile("(?:IP6?\\s+)?(\\S+)\\s+>\\s+(\\S+?):?\\s+Flags\\s+\\[([^\\]]*)]");
    private static final Pattern OPTIONS = Pattern.compile("options\\s+\\[([^\\]]*)]");

    private long clock = DAY_MICROS + 12L * 3600 * 1_000_000L;
    /** Next sequence number of each sender ("host.port"), for lines that, like tcpdump's pure ACKs, omit seq. */
    private final java.util.Map<String, Long> nextSeq = new java.util.HashMap<>();
    private String probe = "probe-a";

    Packets probe(String probeId) {
        this.probe = probeId;
        return this;
    }

    static HeaderObservation from(String line) {
        return new Packets().line(line);
    }

    HeaderObservation line(String line) {
        String rest = line.trim();
        Matcher t = TIME.matcher(rest);
        if (t.find()) {
            clock = DAY_MICROS + LocalTime.parse(t.group(1)).toSecondOfDay() * 1_000_000L
                    + Long.parseLong(t.group(2));
            rest = rest.substring(t.end());
        } else {
            clock += 1_000;
        }
        Matcher e = ENDPOINTS.matcher(rest);
        if (!e.find()) {
            throw new IllegalArgumentException("not a tcpdump line: " + line);
        }
        String[] src = endpoint(e.group(1));
        String[] dst = endpoint(e.group(2));
        int flags = flags(e.group(3));
        String fields = rest.substring(e.end());
        Integer wscale = null;
        Matcher o = OPTIONS.matcher(fields);
        if (o.find()) {
            Matcher w = Pattern.compile("wscale (\\d+)").matcher(o.group(1));
            if (w.find()) {
                wscale = Integer.parseInt(w.group(1));
            }
            fields = fields.substring(0, o.start()) + fields.substring(o.end());
        }
        Long seq = null;
        long ack = 0;
        int win = 0;
        int length = 0;
        int ttl = 64;
        Integer ipId = null;
        String probeId = probe;
        for (String field : fields.split(",")) {
            String[] kv = field.trim().split("\\s+", 2);
            if (kv.length < 2) {
                continue;
            }
            switch (kv[0]) {
                case "seq" -> seq = Long.parseLong(kv[1].split(":")[0]);
                case "ack" -> ack = Long.parseLong(kv[1]);
                case "win" -> win = Integer.parseInt(kv[1]);
                case "length" -> length = Integer.parseInt(kv[1]);
                case "ttl" -> ttl = Integer.parseInt(kv[1]);
                case "id" -> ipId = Integer.parseInt(kv[1]);
                case "probe" -> probeId = kv[1];
                case "wscale" -> wscale = Integer.parseInt(kv[1]);
                case "at" -> clock += Long.parseLong(kv[1].replace("+", "")) - 1_000;
                default -> { }
            }
        }
        String srcKey = src[0] + "." + src[1];
        String dstKey = dst[0] + "." + dst[1];
        if (seq == null) {
            seq = nextSeq.getOrDefault(srcKey, 0L);
        }
        if (TcpFlags.ack(flags) && !nextSeq.containsKey(dstKey)) {
            nextSeq.put(dstKey, ack);
        }
        if ((flags & TcpFlags.RST) == 0) {
            long end = (seq + length + (TcpFlags.syn(flags) ? 1 : 0) + (TcpFlags.fin(flags) ? 1 : 0)) & 0xFFFF_FFFFL;
            Long known = nextSeq.get(srcKey);
            if (known == null || (int) (end - known) > 0 || TcpFlags.syn(flags)) {
                nextSeq.put(srcKey, end);
            }
        }
        byte[] srcAddr = address(src[0]);
        return HeaderObservation.newBuilder()
                .setKind(ObservationKind.TCP)
                .setTsMicros(clock)
                .setProbeId(probeId)
                .setIface("test")
                .setIpVersion(srcAddr.length == 4 ? 4 : 6)
                .setSrcAddr(ByteBuffer.wrap(srcAddr))
                .setDstAddr(ByteBuffer.wrap(address(dst[0])))
                .setSrcPort(Integer.parseInt(src[1]))
                .setDstPort(Integer.parseInt(dst[1]))
                .setFlags(flags)
                .setSeq(seq)
                .setAck(ack)
                .setWindow(win)
                .setPayloadLength(length)
                .setIpLength((srcAddr.length == 4 ? 40 : 60) + length)
                .setTtl(ttl)
                .setIpId(ipId)
                .setWindowScale(wscale)
                .build();
    }

    /** An ICMP error quoting a segment src > dst (type/code, reported by {@code reporter}). */
    HeaderObservation icmp(String quotedSrc, String quotedDst, long seq, int type, int code, String reporter) {
        clock += 1_000;
        String[] src = endpoint(quotedSrc);
        String[] dst = endpoint(quotedDst);
        return HeaderObservation.newBuilder()
                .setKind(ObservationKind.ICMP_ERROR)
                .setTsMicros(clock)
                .setProbeId(probe)
                .setIface("test")
                .setIpVersion(4)
                .setSrcAddr(ByteBuffer.wrap(address(src[0])))
                .setDstAddr(ByteBuffer.wrap(address(dst[0])))
                .setSrcPort(Integer.parseInt(src[1]))
                .setDstPort(Integer.parseInt(dst[1]))
                .setFlags(TcpFlags.SYN)
                .setSeq(seq)
                .setTtl(64)
                .setIpLength(68)
                .setIcmp(IcmpError.newBuilder().setType(type).setCode(code)
                        .setReporterAddr(ByteBuffer.wrap(address(reporter))).build())
                .build();
    }

    HeaderObservation heartbeat() {
        clock += 1_000;
        return HeaderObservation.newBuilder().setKind(ObservationKind.HEARTBEAT).setTsMicros(clock)
                .setProbeId(probe).setIface("test").build();
    }

    long now() {
        return clock;
    }

    static long micros(String hhmmss) {
        String[] parts = hhmmss.split("\\.");
        return DAY_MICROS + LocalTime.parse(parts[0]).toSecondOfDay() * 1_000_000L + Long.parseLong(parts[1]);
    }

    /** "client.38608", "client:38608", "192.0.2.10.80", "192.0.2.10:80" or "[2001:db8::1]:80". */
    private static String[] endpoint(String text) {
        String s = text.endsWith(":") ? text.substring(0, text.length() - 1) : text;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            return new String[] {s.substring(1, close), s.substring(close + 2)};
        }
        int colons = s.length() - s.replace(":", "").length();
        int cut = colons == 1 ? s.indexOf(':') : s.lastIndexOf('.');
        return new String[] {s.substring(0, cut), s.substring(cut + 1)};
    }

    private static byte[] address(String host) {
        try {
            return InetAddress.getByName(HOSTS.getOrDefault(host, host)).getAddress();
        } catch (UnknownHostException ex) {
            throw new IllegalArgumentException("unknown host " + host, ex);
        }
    }

    private static int flags(String f) {
        int flags = 0;
        for (char ch : f.toCharArray()) {
            flags |= switch (ch) {
                case 'S' -> TcpFlags.SYN;
                case 'F' -> TcpFlags.FIN;
                case 'R' -> TcpFlags.RST;
                case 'P' -> TcpFlags.PSH;
                case 'U' -> TcpFlags.URG;
                case '.' -> TcpFlags.ACK;
                default -> 0;
            };
        }
        return flags;
    }
}
