package dev.synscope.deploy.manifests;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The documents of a YAML file as plain maps. SnakeYAML's safe constructor: no arbitrary types,
 * but anchors, aliases and {@code <<} merge keys resolved, as Docker Compose and kubectl resolve them.
 */
public final class YamlDocuments {

    /** One document of a file; {@code index} counts from 0 and includes empty documents. */
    public record Document(Path file, int index, Map<String, Object> content) {
        /** {@code file#index}, for messages. */
        public String where() {
            return file.getFileName() + "#" + index;
        }
    }

    private YamlDocuments() {
    }

    /** All non-empty documents; a document that is not a mapping is an error. */
    public static List<Document> load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // a key given twice is a mistake, not an override
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Document> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int index = 0;
            for (Object doc : yaml.loadAll(reader)) {
                if (doc instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> content = (Map<String, Object>) map;
                    documents.add(new Document(file, index, content));
                } else if (doc != null) {
                    throw new IllegalArgumentException(file + "#" + index + " is not a YAML mapping but "
                            + doc.getClass().getSimpleName());
                }
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return documents;
    }
}
