package dev.synscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IsoJsonEncoderTest {

    @Test
    void oneJsonObjectPerLineWithAnIsoUtcTimestampAndTheFormattedMessage() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        IsoJsonEncoder encoder = new IsoJsonEncoder();
        encoder.setContext(context);
        encoder.start();
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("org.apache.kafka.clients.NetworkClient"),
                Level.WARN, "broker {} \"unreachable\"\n(retrying)", null, new Object[] {"127.0.0.1:9092"});
        event.setInstant(Instant.parse("2026-12-03T14:37:31.361123Z"));

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("timestamp").asText()).isEqualTo("2026-12-03T14:37:31.361Z");
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("loggerName").asText()).isEqualTo("org.apache.kafka.clients.NetworkClient");
        assertThat(json.get("formattedMessage").asText()).isEqualTo("broker 127.0.0.1:9092 \"unreachable\"\n(retrying)");
        assertThat(json.has("message")).as("the {} template").isFalse();
        assertThat(json.has("sequenceNumber")).isFalse();
        assertThat(json.has("context")).isFalse();
    }
}
