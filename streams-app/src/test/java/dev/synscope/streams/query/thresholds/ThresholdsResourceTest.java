package dev.synscope.streams.query.thresholds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synscope.streams.config.Thresholds;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** /thresholds serves the instance's own values, one field per threshold. */
class ThresholdsResourceTest {

    @Test
    void servesTheConfiguredValuesNotTheDefaults() {
        Thresholds t = Thresholds.builder().synFloodThreshold(80).closeWaitLeakThreshold(7)
                .synTimeout(Duration.ofMillis(2500)).build();
        ObjectNode body = ThresholdsResource.describe(t);
        assertThat(body.get("synFloodThreshold").asLong()).isEqualTo(80);
        assertThat(body.get("closeWaitLeakThreshold").asLong()).isEqualTo(7);
        assertThat(body.get("synTimeoutSeconds").asDouble()).isEqualTo(2.5);
        assertThat(body.get("retransmissionStormRatio").asDouble()).isEqualTo(0.2);
        assertThat(body.size()).isEqualTo(Thresholds.class.getRecordComponents().length);
    }
}
