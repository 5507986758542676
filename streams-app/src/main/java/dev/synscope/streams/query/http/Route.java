package dev.synscope.streams.query.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route: an HTTP method and a path template in OpenAPI syntax ({@code /connections/{id}}), so
 * the OpenAPI test can compare the server's routes with the documented paths one to one.
 */
public record Route(String method, String template, Handler handler) {

    /** Answers one request; throws {@link ApiException} for an error answer. */
    @FunctionalInterface
    public interface Handler {
        void handle(ApiRequest request) throws IOException;
    }

    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

    /** The template as a regex with one group per path parameter (a parameter never spans '/'). */
    Pattern pattern() {
        Matcher m = PARAM.matcher(template);
        StringBuilder regex = new StringBuilder("^");
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append('$');
        return Pattern.compile(regex.toString());
    }

    List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
