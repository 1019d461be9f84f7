package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.vertx.core.json.JsonObject;

/** The gateway's public REST API ({@code /api/v1}) as scripts and hooks call it. */
final class Rest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Rest() {
    }

    static HttpResponse<String> get(String path) {
        return get(Stack.gatewayUrl(), path);
    }

    /** GET on a given gateway replica. */
    static HttpResponse<String> get(String gatewayUrl, String path) {
        return send(HttpRequest.newBuilder(URI.create(gatewayUrl + path)).GET().build());
    }

    static HttpResponse<String> post(String path, JsonObject body) {
        return post(Stack.gatewayUrl(), path, body);
    }

    /** POST on a given gateway replica. */
    static HttpResponse<String> post(String gatewayUrl, String path, JsonObject body) {
        return send(HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    static HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + path)).DELETE().build());
    }

    static JsonObject getJson(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    static JsonObject postJson(String path, JsonObject body) {
        HttpResponse<String> r = post(path, body);
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isBetween(200, 201);
        return new JsonObject(r.body());
    }

    /** Creates a project owned by the local caller and returns its id. */
    static String createProject(String name) {
        return postJson("/api/v1/projects?session=setup", new JsonObject().put("name", name)).getString("id");
    }

    static String createPhase(String projectId, String name) {
        return postJson("/api/v1/projects/" + projectId + "/phases?session=setup", new JsonObject().put("name", name))
                .getString("id");
    }

    static String createTask(String projectId, String phaseId, String title) {
        return postJson("/api/v1/projects/" + projectId + "/tasks?session=setup",
                new JsonObject().put("phaseId", phaseId).put("title", title)).getString("id");
    }

    /** Any request, its answer as text; I/O failures as unchecked exceptions. */
    static HttpResponse<String> send(HttpRequest request) {
        return send(HTTP, request);
    }

    /** {@link #send(HttpRequest)} through another client (one holding a browser's cookies, say). */
    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
