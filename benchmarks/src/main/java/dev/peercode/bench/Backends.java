package dev.peercode.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Plain HTTP calls to the gateway's REST API and the lock service's internal API. */
public final class Backends {

    private final HttpClient http;
    private final Optional<String> internalToken;

    /**
     * @param internalToken the shared service credential the internal API requires (the stack's
     *        {@code PEERCODE_INTERNAL_TOKEN}, which {@code LocalStack} makes fresh per run), if any
     */
    public Backends(HttpClient http, Optional<String> internalToken) {
        this.http = http;
        this.internalToken = internalToken.filter(t -> !t.isBlank());
    }

    /** POST JSON; returns status and parsed body. */
    public Answer post(String url, Object body, boolean internal) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(McpClient.JSON.writeValueAsString(body)));
            authorize(request, internal);
            return send(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POST JSON to the public API as the holder of {@code bearer} (an OIDC access token or an agent token). */
    public Answer postAs(String url, Object body, String bearer) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                    .POST(HttpRequest.BodyPublishers.ofString(McpClient.JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Answer get(String url, boolean internal) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        authorize(request, internal);
        return send(request);
    }

    /**
     * The internal API requires the shared service credential, the public one may require an agent token
     * ({@code PEERCODE_AGENT_TOKEN}); both are sent only when known.
     */
    private void authorize(HttpRequest.Builder request, boolean internal) {
        (internal ? internalToken : Optional.ofNullable(System.getenv("PEERCODE_AGENT_TOKEN")).filter(t -> !t.isBlank()))
                .ifPresent(token -> request.header("Authorization", "Bearer " + token));
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body.isEmpty() || !(body.startsWith("{") || body.startsWith("[")) ? null
                    : McpClient.JSON.readTree(body);
            return new Answer(response.statusCode(), json, body);
        } catch (IOException e) {
            throw new IllegalStateException(request.build().uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer. */
    public record Answer(int status, JsonNode json, String body) {
        public Answer ok() {
            if (status < 200 || status > 299) {
                throw new IllegalStateException("HTTP " + status + ": " + body);
            }
            return this;
        }
    }
}
