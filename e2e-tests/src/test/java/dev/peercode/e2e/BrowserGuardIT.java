package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Local mode against what a web page of another site can make a browser send to the developer's machine: a
 * DNS-rebound page (its own host name resolving to 127.0.0.1), a cross-site form or {@code fetch(no-cors)} post, a
 * JSON body sent as {@code text/plain} or with no type, a web UI post without a form type or from another origin.
 * Each is refused, and each post that would have created a project created none (the planner's own list says so);
 * the same requests from the gateway's own pages pass.
 */
class BrowserGuardIT {

    private static final Map<String, String> SAME_ORIGIN = Map.of("Sec-Fetch-Site", "same-origin");

    @Test
    void aDnsRebindingHostNameIsRefusedOnEveryPathAndLoopbackNamesAreServed() {
        int port = URI.create(Stack.gatewayUrl()).getPort();
        String name = "rebound-" + UUID.randomUUID();
        for (String host : new String[] { "evil.example", "evil.example:" + port, "127.0.0.1.nip.io",
                "localhost.evil.example", "0x7f000001" }) {
            for (String path : new String[] { "/api/v1/projects", "/ui", "/mcp", "/q/health/live" }) {
                String answer = raw("GET", path, host, null);
                assertThat(answer).as("%s %s", host, path).startsWith("HTTP/1.1 403")
                        .contains("application/problem+json", "https://peercode.dev/problems/host-not-allowed");
            }
            assertThat(raw("POST", "/api/v1/projects?session=alice", host, new JsonObject().put("name", name)))
                    .startsWith("HTTP/1.1 403");
        }
        assertThat(projectsNamed(name)).isEmpty();
        for (String host : new String[] { "localhost", "localhost:" + port, "127.0.0.1:1", "[::1]:8080", "LOCALHOST" }) {
            assertThat(raw("GET", "/api/v1/projects", host, null)).as(host).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aCrossSitePostOnTheRestApiIsRefusedWhateverItsBody() {
        String name = "cross-site-" + UUID.randomUUID();
        String project = Rest.createProject("cross-site-target-" + UUID.randomUUID());
        for (String origin : new String[] { "http://evil.example", "null", "http://localhost.evil.example" }) {
            HttpResponse<String> refused = post("/api/v1/projects?session=alice", "application/json",
                    Map.of("Origin", origin), new JsonObject().put("name", name).encode());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("https://peercode.dev/problems/origin-not-allowed");
            // fetch(url, {method: 'POST', mode: 'no-cors'}): no body, no Content-Type, only the Origin.
            assertThat(post("/api/v1/projects/" + project + "/tokens", null, Map.of("Origin", origin), "").statusCode())
                    .isEqualTo(403);
        }
        assertThat(projectsNamed(name)).isEmpty();
        assertThat(post("/api/v1/projects?session=alice", "application/json", Map.of("Origin", Stack.gatewayUrl()),
                new JsonObject().put("name", name).encode()).statusCode()).isEqualTo(201);
        assertThat(projectsNamed(name)).hasSize(1);
    }

    @Test
    void aJsonBodyWithoutAJsonContentTypeIs415AndChangesNothing() {
        String name = "untyped-" + UUID.randomUUID();
        String body = new JsonObject().put("name", name).encode();
        // What a cross-site <form enctype="text/plain"> or fetch(no-cors) can send without a CORS preflight.
        for (String type : new String[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                "text/plain;charset=UTF-8", null }) {
            HttpResponse<String> refused = post("/api/v1/projects?session=alice", type, Map.of(), body);
            assertThat(refused.statusCode()).as(type).isEqualTo(415);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("https://peercode.dev/problems/unsupported-media-type", "JSON");
            if (type != null) {
                assertThat(post("/mcp", type, Map.of(), body).statusCode()).as("/mcp %s", type).isEqualTo(415);
            }
        }
        assertThat(projectsNamed(name)).isEmpty();
        assertThat(post("/api/v1/projects?session=alice", "application/json; charset=utf-8", Map.of(), body)
                .statusCode()).isEqualTo(201);
    }

    @Test
    void webUiPostsNeedAFormTypeAndTheGatewaysOwnOriginAndTheirToken() {
        String name = "form-guard-" + UUID.randomUUID();
        UiBrowser page = UiBrowser.open(Stack.gatewayUrl());
        Map<String, String> form = Map.of("name", name);
        // No body, no Content-Type (what passed the CSRF filter before): 415.
        HttpResponse<String> untyped = post("/ui/projects", null,
                Map.of("Origin", Stack.gatewayUrl(), "Cookie", UiBrowser.CSRF + "=" + page.nonce()), "");
        assertThat(untyped.statusCode()).isEqualTo(415);
        assertThat(untyped.body()).contains("https://peercode.dev/problems/unsupported-media-type");
        // The page's own pair, posted from another site (Origin), by a client that names no origin, cross-site.
        assertThat(page.post("/ui/projects", page.nonce(), page.token(), Map.of("Origin", "http://evil.example"), form)
                .statusCode()).isEqualTo(403);
        HttpResponse<String> noOrigin = page.post("/ui/projects", page.nonce(), page.token(), Map.of(), form);
        assertThat(noOrigin.statusCode()).isEqualTo(403);
        assertThat(noOrigin.body()).contains("https://peercode.dev/problems/cross-site-request");
        assertThat(page.post("/ui/projects", page.nonce(), page.token(), Map.of("Sec-Fetch-Site", "cross-site"), form)
                .statusCode()).isEqualTo(403);
        // The page's own field with another page's cookie: the pair does not match.
        UiBrowser other = UiBrowser.open(Stack.gatewayUrl());
        HttpResponse<String> mixed = page.post("/ui/projects", other.nonce(), page.token(), SAME_ORIGIN, form);
        assertThat(mixed.statusCode()).isEqualTo(403);
        assertThat(mixed.body()).contains("reload the page");
        assertThat(projectsNamed(name)).isEmpty();

        assertThat(page.post("/ui/projects", form).statusCode()).isEqualTo(303);
        assertThat(page.post("/ui/projects", page.nonce(), page.token(), Map.of("Origin", Stack.gatewayUrl()), form)
                .statusCode()).isEqualTo(303);
        assertThat(projectsNamed(name)).hasSize(2);
    }

    @Test
    void webUiPagesCarryTheBrowserSecurityHeaders() {
        HttpResponse<String> page = Rest.send(HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + "/ui")).build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("frame-ancestors 'none'", "script-src 'self'"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    }

    private static JsonArray projectsNamed(String name) {
        JsonArray all = new JsonArray(Rest.get("/api/v1/projects").body());
        return new JsonArray(all.stream().map(JsonObject.class::cast).filter(p -> name.equals(p.getString("name")))
                .toList());
    }

    private static HttpResponse<String> post(String path, String contentType, Map<String, String> headers,
            String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return Rest.send(request.build());
    }

    /**
     * One request over a plain socket, with the {@code Host} header a rebound page's browser sends (Java's HTTP
     * client does not let a caller choose it); the whole answer as text.
     */
    private static String raw(String method, String path, String host, JsonObject body) {
        URI gateway = URI.create(Stack.gatewayUrl());
        byte[] content = body == null ? new byte[0] : body.encode().getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                + (body == null ? "" : "Content-Type: application/json\r\n") + "Content-Length: " + content.length
                + "\r\n\r\n";
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
