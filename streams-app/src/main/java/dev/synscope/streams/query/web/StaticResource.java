package dev.synscope.streams.query.web;

import dev.synscope.streams.query.http.ApiException;
import dev.synscope.streams.query.http.ApiRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/**
 * The NOC page and the OpenAPI file, from the classpath. Only the files listed here are served
 * (no path is ever resolved from the request), so nothing else on the classpath leaks.
 */
public final class StaticResource {

    private static final Map<String, String> UI_FILES = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "index.html", "text/html; charset=utf-8");

    public void index(ApiRequest request) throws IOException {
        request.query().allowOnly(Set.of());
        serve(request, "web/index.html", UI_FILES.get("index.html"));
    }

    public void ui(ApiRequest request) throws IOException {
        request.query().allowOnly(Set.of());
        String file = request.path("file");
        String type = UI_FILES.get(file);
        if (type == null) {
            throw ApiException.notFound("no UI file " + file);
        }
        serve(request, "web/" + file, type);
    }

    public void openApi(ApiRequest request) throws IOException {
        request.query().allowOnly(Set.of());
        serve(request, "openapi.yaml", "application/yaml; charset=utf-8");
    }

    private static void serve(ApiRequest request, String resource, String contentType) throws IOException {
        try (InputStream in = StaticResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw ApiException.notFound("resource " + resource + " is missing from this build");
            }
            request.bytes(200, contentType, in.readAllBytes());
        }
    }
}
