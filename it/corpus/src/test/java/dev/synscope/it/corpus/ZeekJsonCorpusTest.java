package dev.synscope.it.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.streams.report.ZeekConnLogWriter;
import dev.synscope.streams.report.ZeekJsonConnLogWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Our Zeek-JSON conn-log against Zeek's own logs of the same traces. The corpus has no JSON conn.log, so
 * Zeek's TSV baselines stand in for its JSON writer, which writes the same columns (minus the unset
 * ones) with the types of the TSV's {@code #types} line: for every trace whose baseline has Zeek's full
 * conn.log header, every one of our finished TCP records must come out as a JSON object whose Zeek
 * keys are exactly the baseline's {@code #fields} that are set in our TSV line (plus community_id), in
 * the baseline's order, each of the JSON type Zeek's JSON formatter gives the column's {@code #types}
 * entry, with the value of our TSV line (the TSV against Zeek is the parity harness's business:
 * BaselineParity). Then {@code community_id} against Zeek's on its two community-id baselines and
 * against Wireshark's on the corpus's communityid traces.
 */
class ZeekJsonCorpusTest {

    /** Numbers with a fraction read as their exact decimal, to compare with the TSV's text. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Zeek 6+'s conn.log header, the one most baselines carry. */
    private static final List<String> ZEEK_FIELDS = ZeekJsonConnLogWriter.ZEEK_FIELDS.subList(0,
            ZeekJsonConnLogWriter.ZEEK_FIELDS.size() - 1);

    @Test
    void everyRecordIsZeeksJsonOfItsTsvLine() throws IOException {
        ZeekCorpus corpus = ZeekCorpus.locate();
        Map<String, ZeekCorpus.Baseline> byTrace = new LinkedHashMap<>();
        Map<String, List<String>> typesByTrace = new LinkedHashMap<>();
        for (ZeekCorpus.Baseline b : corpus.baselines()) {
            Header h = Header.read(b.file(corpus.root));
            if (ZEEK_FIELDS.equals(h.fields) && Files.isRegularFile(corpus.traces().resolve(b.trace()))
                    && !byTrace.containsKey(b.trace() + b.vlanInKey())) {
                byTrace.put(b.trace() + b.vlanInKey(), b);
                typesByTrace.put(b.trace() + b.vlanInKey(), h.types);
            }
        }
        assertThat(byTrace).as("baselines with Zeek's full conn.log header").hasSizeGreaterThanOrEqualTo(40);

        int traces = 0;
        int records = 0;
        long fieldsCompared = 0;
        long fieldsEqual = 0;
        int ipProtoPaired = 0;
        int ipProtoEqual = 0;
        Map<String, Integer> presentByField = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ZeekCorpus.Baseline> e : byTrace.entrySet()) {
            ZeekCorpus.Baseline b = e.getValue();
            List<String> types = typesByTrace.get(e.getKey());
            List<ConnLogRecord> ours = run(corpus, b);
            traces++;
            Set<String> zeekTcpPairs = new HashSet<>();
            for (Map<String, String> z : ZeekConnLog.read(b.file(corpus.root)).tcpRows()) {
                zeekTcpPairs.add(ZeekConnLog.endpoints(z) + " " + z.get("ip_proto"));
            }
            for (ConnLogRecord r : ours) {
                if (r.getInterim() || !"tcp".equals(r.getProto())) {
                    continue;
                }
                records++;
                String where = b.trace() + " " + r.getUid() + ": ";
                Map<String, String> tsv = ZeekConnLogWriter.columns(r);
                JsonNode json = JSON.readTree(ZeekJsonConnLogWriter.line(r));
                List<String> keys = new ArrayList<>();
                json.fieldNames().forEachRemaining(keys::add);
                List<String> zeekKeys = keys.stream().filter(k -> !k.startsWith(ZeekJsonConnLogWriter.EXTRA_PREFIX)
                        && !k.equals("community_id")).toList();
                // the set: the baseline's columns that our TSV line sets (ip_proto, which our TSV lacks, always)
                List<String> expected = ZEEK_FIELDS.stream()
                        .filter(f -> f.equals("ip_proto") || !"-".equals(tsv.getOrDefault(f, "-"))).toList();
                if (!zeekKeys.equals(expected)) {
                    problems.add(where + "keys " + zeekKeys + " but Zeek's set columns " + expected);
                }
                if (!keys.contains("community_id") || keys.indexOf("community_id") != zeekKeys.size()) {
                    problems.add(where + "community_id is not right after Zeek's columns: " + keys);
                }
                if (keys.stream().skip(zeekKeys.size() + 1L)
                        .anyMatch(k -> !k.startsWith(ZeekJsonConnLogWriter.EXTRA_PREFIX))) {
                    problems.add(where + "a field after community_id without the synscope. prefix: " + keys);
                }
                for (String f : zeekKeys) {
                    presentByField.merge(f, 1, Integer::sum);
                    String type = types.get(ZEEK_FIELDS.indexOf(f));
                    JsonNode v = json.get(f);
                    fieldsCompared++;
                    String problem = typeProblem(type, v);
                    if (problem == null && !f.equals("ip_proto")) {
                        problem = valueProblem(type, v, tsv.get(f));
                    }
                    if (problem == null) {
                        fieldsEqual++;
                    } else {
                        problems.add(where + f + " (" + type + "): " + problem);
                    }
                }
                String pair = ZeekConnLog.endpoints(r.getOrigH(), String.valueOf(r.getOrigP()), r.getRespH(),
                        String.valueOf(r.getRespP()));
                if (zeekTcpPairs.stream().anyMatch(p -> p.startsWith(pair + " "))) {
                    ipProtoPaired++;
                    if (zeekTcpPairs.contains(pair + " " + json.get("ip_proto").asText())) {
                        ipProtoEqual++;
                    }
                }
            }
        }
        String summary = "zeek-json vs Zeek's conn.log columns: " + traces + " traces, " + records
                + " records, fields " + fieldsEqual + "/" + fieldsCompared + " equal (type and value); ip_proto "
                + ipProtoEqual + "/" + ipProtoPaired + " equal to Zeek's on rows Zeek has; per field present "
                + presentByField;
        System.out.println(summary);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "zeek-json-report.txt"), summary + "\n" + String.join("\n", problems)
                + "\n");
        assertThat(problems).as(summary).isEmpty();
        assertThat(records).isGreaterThan(100);
        assertThat(ipProtoEqual).isEqualTo(ipProtoPaired).isPositive();
    }

    @Test
    void communityIdIsZeeksOnItsCommunityIdBaselines() {
        ZeekCorpus corpus = ZeekCorpus.locate();
        for (String test : List.of("scripts.policy.protocols.conn.community-id-logging",
                "scripts.policy.protocols.conn.community-id-logging-flipped")) {
            ZeekCorpus.Baseline b = corpus.baselineOf(test).orElseThrow();
            // zeek-cut id.orig_h id.orig_p id.resp_h id.resp_p proto service community_id, without a header
            List<String[]> rows = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(b.file(corpus.root))) {
                    if (!line.startsWith("#") && !line.isBlank()) {
                        rows.add(line.split("\t"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(rows).as(test).isNotEmpty();
            List<ConnLogRecord> ours = run(corpus, b);
            for (String[] z : rows) {
                String pair = ZeekConnLog.endpoints(z[0], z[1], z[2], z[3]);
                List<String> ids = ours.stream().filter(r -> !r.getInterim())
                        .filter(r -> ZeekConnLog.endpoints(r.getOrigH(), String.valueOf(r.getOrigP()), r.getRespH(),
                                String.valueOf(r.getRespP())).equals(pair))
                        .map(r -> communityId(r)).toList();
                assertThat(ids).as(test + " " + pair).isNotEmpty().containsOnly(z[6]);
            }
        }
    }

    /**
     * tshark 4.0.17 {@code --enable-protocol communityid -T fields -e communityid} on the corpus's
     * traces/communityid/tcp.pcap and ipv6.pcap (every packet of each, both directions, one value).
     */
    @Test
    void communityIdIsWiresharksOnTheCommunityIdTraces() {
        ZeekCorpus corpus = ZeekCorpus.locate();
        Map<String, String> tshark = Map.of(
                "communityid/tcp.pcap", "1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
                "communityid/ipv6.pcap", "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=");
        tshark.forEach((trace, expected) -> {
            List<ConnLogRecord> ours;
            try (TracePipeline pipeline = new TracePipeline("corpus")) {
                ours = pipeline.run(corpus.traces().resolve(trace), trace, null).connLog();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(ours.stream().filter(r -> !r.getInterim()).map(ZeekJsonCorpusTest::communityId).toList())
                    .as(trace).isNotEmpty().containsOnly(expected);
        });
    }

    private static String communityId(ConnLogRecord r) {
        try {
            return JSON.readTree(ZeekJsonConnLogWriter.line(r)).get("community_id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ConnLogRecord> run(ZeekCorpus corpus, ZeekCorpus.Baseline b) {
        try (TracePipeline pipeline = new TracePipeline("corpus", b.vlanInKey(), !b.checksumsIgnored())) {
            TraceResult result = pipeline.run(corpus.traces().resolve(b.trace()), b.trace(), null);
            assertThat(result.exception()).as(b.trace()).isNull();
            return result.connLog();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON type Zeek's JSON formatter writes for a log type (threading/formatters/JSON.cc). */
    private static String typeProblem(String type, JsonNode v) {
        boolean ok = switch (type) {
            case "time", "interval", "double" -> v.isNumber();
            case "port", "count", "int" -> v.isIntegralNumber();
            case "bool" -> v.isBoolean();
            case "addr", "subnet", "string", "enum" -> v.isTextual();
            default -> type.startsWith("set[") || type.startsWith("vector[") ? v.isArray() : false;
        };
        return ok ? null : "JSON " + v.getNodeType() + " " + v;
    }

    /** The JSON value against our TSV line's: numbers as numbers (seconds to the microsecond), strings as they are. */
    private static String valueProblem(String type, JsonNode v, String tsv) {
        boolean equal = switch (type) {
            case "time", "interval", "double" -> v.decimalValue().compareTo(new BigDecimal(tsv)) == 0;
            case "port", "count", "int" -> v.asLong() == Long.parseLong(tsv);
            case "bool" -> String.valueOf(v.asBoolean()).charAt(0) == Character.toLowerCase(tsv.charAt(0));
            default -> ("".equals(v.asText()) ? "(empty)" : v.asText()).equals(tsv);
        };
        return equal ? null : "JSON " + v + " but TSV " + tsv;
    }

    /** A baseline's #fields and #types lines (empty for a zeek-cut baseline). */
    private record Header(List<String> fields, List<String> types) {
        static Header read(Path file) {
            List<String> fields = List.of();
            List<String> types = List.of();
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("#fields\t")) {
                        fields = Arrays.asList(line.substring(8).split("\t", -1));
                    } else if (line.startsWith("#types\t")) {
                        types = Arrays.asList(line.substring(7).split("\t", -1));
                    } else if (!line.startsWith("#")) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Header(new ArrayList<>(new LinkedHashSet<>(fields)).size() == fields.size() ? fields
                    : List.of(), types);
        }
    }
}
