package dev.synscope.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints the Avro schema of a record type, so outside tools can decode our topics. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the Avro schema (.avsc) of a SynScope record type, e.g. for avro-tools fragtojson.")
final class SchemaCommand implements Runnable {

    static final List<String> TYPES = List.of("ConnectionKey", "HeaderObservation", "ConnectionState",
            "ConnLogRecord", "AnomalyEvent", "ProbeStats", "DeadLetter", "EndpointStats");

    @Parameters(paramLabel = "TYPE", description = "One of: ${COMPLETION-CANDIDATES}",
            completionCandidates = Types.class)
    String type;

    @Override
    public void run() {
        if (!TYPES.contains(type)) {
            throw new FailureHandler.UsageProblem("unknown record type '" + type + "'; choose one of " + TYPES);
        }
        // the full schema with its named types resolved, exactly as the writer fingerprints it
        System.out.println(schemaOf(type).toString(true));
    }

    static org.apache.avro.Schema schemaOf(String type) {
        try {
            Class<?> c = Class.forName("dev.synscope.schema." + type);
            return (org.apache.avro.Schema) c.getMethod("getClassSchema").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("schema class for " + type + " missing from the build", e);
        }
    }

    /** Completion candidates for picocli's help. */
    static final class Types implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return TYPES.iterator();
        }
    }

}
