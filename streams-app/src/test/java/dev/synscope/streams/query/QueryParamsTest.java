package dev.synscope.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synscope.schema.TcpState;
import dev.synscope.streams.query.http.ApiException;
import dev.synscope.streams.query.http.QueryParams;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void typedValuesAreParsedAndDecoded() {
        QueryParams q = QueryParams.parse("state=close_wait&host=2001%3ADB8%3A0%3A0%3A0%3A0%3A0%3A1&port=80&limit=");
        assertThat(q.enumValue("state", TcpState.class)).contains(TcpState.CLOSE_WAIT);
        assertThat(q.ipAddress("host")).contains("2001:db8::1");
        assertThat(q.intValue("port", 0, 1, 65535)).isEqualTo(80);
        assertThat(q.intValue("limit", 100, 1, 1000)).as("empty = default").isEqualTo(100);
    }

    @Test
    void aBadValueIsA400NamingTheParameterAndWhatIsAllowed() {
        assertBad(() -> QueryParams.parse("port=0").intValue("port", 0, 1, 65535), "port", "1..65535");
        assertBad(() -> QueryParams.parse("port=eighty").intValue("port", 0, 1, 65535), "port", "1..65535");
        assertBad(() -> QueryParams.parse("state=OPEN").enumValue("state", TcpState.class), "state", "CLOSE_WAIT");
        assertBad(() -> QueryParams.parse("host=example.org").ipAddress("host"), "host", null);
        assertBad(() -> QueryParams.parse("sort=size").choice("sort", List.of("lastSeen", "bytes")), "sort", "bytes");
        assertBad(() -> QueryParams.parse("stat=x").allowOnly(Set.of("state")), "stat", "state");
        assertBad(() -> QueryParams.parse("port=1&port=2"), "port", null);
    }

    @Test
    void theAccessTokenIsAlwaysAllowed() {
        assertThat(QueryParams.parse("access_token=s3cret&state=LISTEN").allowOnly(Set.of("state"))).isNotNull();
    }

    private static void assertBad(Runnable call, String parameter, String allowedContains) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.parameter()).isEqualTo(parameter);
            assertThat(e.getMessage()).isNotBlank();
            if (allowedContains != null) {
                assertThat(e.allowed()).anySatisfy(a -> assertThat(a).contains(allowedContains));
            }
        });
    }
}
