package dev.synscope.cli;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Logback's own {@link JsonEncoder} (one JSON object per line) with the time as an ISO-8601 UTC string
 * ({@code "timestamp":"2026-12-03T14:37:31.361Z"}) instead of its epoch milliseconds, which log
 * collectors read without a parsing rule. Defaults trimmed for collectors: the formatted message
 * ({@code formattedMessage}) instead of the template and its arguments, no sequence number,
 * nanoseconds or logger-context object (each can be switched back on in logback.xml, e.g.
 * {@code <withContext>true</withContext>}). Used when {@code SYNSCOPE_LOG_FORMAT=json}.
 */
public class IsoJsonEncoder extends JsonEncoder {

    static final DateTimeFormatter ISO_UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    public IsoJsonEncoder() {
        setWithTimestamp(false);
        setWithSequenceNumber(false);
        setWithNanoseconds(false);
        setWithContext(false);
        // the message as written, not the {} template and its arguments
        setWithFormattedMessage(true);
        setWithMessage(false);
        setWithArguments(false);
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] json = super.encode(event);
        // JsonEncoder writes '{' first; the timestamp becomes the first member
        if (json.length == 0 || json[0] != '{') {
            return json;
        }
        byte[] member = ("\"timestamp\":\"" + ISO_UTC.format(event.getInstant()) + "\",")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[json.length + member.length];
        out[0] = '{';
        System.arraycopy(member, 0, out, 1, member.length);
        System.arraycopy(json, 1, out, 1 + member.length, json.length - 1);
        return out;
    }
}
