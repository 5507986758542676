package dev.synscope.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synscope.streams.query.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Debian's chromium driven by its chromedriver over the W3C WebDriver protocol (plain JSON over
 * HTTP, spoken with the JDK's client: no Selenium jars). Headless, no sandbox (tests run as root),
 * fresh profile, no background networking: the browser talks to the loopback query server only.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final Path profile;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    HeadlessChromium() throws IOException {
        int port = QueryCluster.freePort();
        base = "http://127.0.0.1:" + port;
        profile = Files.createTempDirectory("synscope-chromium");
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromedriver.log").toFile()).start();
        QueryCluster.await("chromedriver ready", Duration.ofSeconds(20), () -> {
            try {
                return call("GET", "/status", null).path("value").path("ready").asBoolean();
            } catch (UncheckedIOException e) {
                return false;
            }
        });
        List<String> args = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + profile.resolve("profile"));
        ObjectNode options = Json.object();
        options.put("binary", CHROMIUM.toString());
        options.set("args", Json.MAPPER.valueToTree(args));
        ObjectNode body = Json.object();
        body.putObject("capabilities").putObject("alwaysMatch").set("goog:chromeOptions", options);
        session = call("POST", "/session", body).path("value").path("sessionId").asText();
    }

    void open(String url) {
        ObjectNode body = Json.object();
        body.put("url", url);
        call("POST", "/session/" + session + "/url", body);
    }

    /** Element ids matching a CSS selector (empty when none). */
    List<String> find(String css) {
        ObjectNode body = Json.object();
        body.put("using", "css selector");
        body.put("value", css);
        List<String> ids = new ArrayList<>();
        call("POST", "/session/" + session + "/elements", body).path("value")
                .forEach(e -> ids.add(e.path(ELEMENT).asText()));
        return ids;
    }

    String text(String elementId) {
        return call("GET", "/session/" + session + "/element/" + elementId + "/text", null).path("value").asText();
    }

    void click(String elementId) {
        call("POST", "/session/" + session + "/element/" + elementId + "/click", Json.object());
    }

    /** PNG of the viewport, written to {@code file}. */
    void screenshot(Path file) throws IOException {
        String png = call("GET", "/session/" + session + "/screenshot", null).path("value").asText();
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = Json.MAPPER.readTree(r.body());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("chromedriver " + method + " " + path + " answered " + r.statusCode()
                        + ": " + json.path("value").path("message").asText(r.body()));
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (RuntimeException ignored) {
            // the browser may already be gone; the driver is stopped below either way
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // temp profile: best effort
            }
        }
    }
}
