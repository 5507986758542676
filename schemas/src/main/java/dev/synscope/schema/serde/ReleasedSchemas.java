package dev.synscope.schema.serde;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The schemas of earlier releases, shipped in the jar under {@code /released/<version>/<Type>.avsc}
 * and listed in {@code /released/versions.txt}. A reader registers them with its decoder so that
 * records written by an older probe or streams app (another fingerprint) still decode.
 * {@code schemas/snapshot-schemas.sh} adds a version at release time.
 */
public final class ReleasedSchemas {

    private static final String INDEX = "/released/versions.txt";

    private ReleasedSchemas() {
    }

    /** Release versions, oldest first. */
    public static List<String> versions() {
        List<String> versions = new ArrayList<>();
        try (InputStream in = ReleasedSchemas.class.getResourceAsStream(INDEX)) {
            if (in == null) {
                return versions;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    versions.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
        return versions;
    }

    /** Every released schema of the record type with this simple name, oldest first. */
    public static List<Schema> of(String recordType) {
        List<Schema> schemas = new ArrayList<>();
        for (String version : versions()) {
            String path = "/released/" + version + "/" + recordType + ".avsc";
            try (InputStream in = ReleasedSchemas.class.getResourceAsStream(path)) {
                if (in != null) {
                    schemas.add(new Schema.Parser().parse(in));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        return schemas;
    }
}
