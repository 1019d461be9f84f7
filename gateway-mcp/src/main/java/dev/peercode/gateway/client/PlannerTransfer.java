package dev.peercode.gateway.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.api.planner.ProjectDtos.ProjectView;
import io.quarkus.logging.Log;

/**
 * The planner's export and import (JSON Lines), streamed through the gateway: the export is handed on as
 * the planner writes it and never held here, which the REST client (it reads a whole body) cannot do. Same
 * credential, URL and error translation as {@link PlannerApi}; no retry (an import is not idempotent)
 * and no time limit on the export's body, only on its first answer.
 */
@ApplicationScoped
public class PlannerTransfer {

    public static final String JSON_LINES = "application/x-ndjson";
    private static final Duration FIRST_ANSWER = Duration.ofSeconds(10);
    private static final Duration IMPORT = Duration.ofMinutes(5);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final URI planner;
    private final Optional<String> authorization;
    private final ObjectMapper json;

    PlannerTransfer(@ConfigProperty(name = "quarkus.rest-client.planner.url") URI planner, ObjectMapper json) {
        this.planner = planner;
        this.authorization = InternalCredential.header();
        this.json = json;
    }

    /**
     * The export as a download, handed on as the planner writes it (the REST API's export and the web UI's link).
     * Fails before anything is sent when the planner refuses (404) or is unavailable.
     */
    public Response download(String projectId) {
        HttpRequest request = request("/v1/projects/" + projectId + "/export").timeout(FIRST_ANSWER).GET().build();
        HttpResponse<InputStream> answer = send(request, HttpResponse.BodyHandlers.ofInputStream());
        InputStream export = answer.body();
        if (answer.statusCode() != 200) {
            throw failure(answer.statusCode(), readAll(export));
        }
        StreamingOutput body = out -> {
            try (export) {
                export.transferTo(out);
            }
        };
        return Response.ok(body, JSON_LINES)
                .header("Content-Disposition", "attachment; filename=\"peercode-" + projectId + ".jsonl\"").build();
    }

    /** Imports {@code body} into a new project owned by {@code ownerSubject}. */
    public ProjectView importProject(InputStream body, String ownerSubject) {
        HttpRequest request = request("/v1/projects/import?ownerSubject="
                + URLEncoder.encode(ownerSubject, StandardCharsets.UTF_8))
                .timeout(IMPORT).header("Content-Type", JSON_LINES)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
        HttpResponse<byte[]> answer = send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 201) {
            throw failure(answer.statusCode(), answer.body());
        }
        try {
            return json.readValue(answer.body(), ProjectView.class);
        } catch (IOException e) {
            throw new BackendUnavailable(PlannerApi.SERVICE, "answered an import it could not describe");
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(planner.resolve(path));
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new BackendUnavailable(PlannerApi.SERVICE, "did not answer in time");
        } catch (IOException e) {
            Log.debugf("planner unreachable: %s", e);
            throw new BackendUnavailable(PlannerApi.SERVICE, "cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailable(PlannerApi.SERVICE, "did not answer in time");
        }
    }

    private RuntimeException failure(int status, byte[] body) {
        Map<String, Object> problem = Map.of();
        try {
            if (body.length > 0) {
                problem = json.readValue(body, OBJECT);
            }
        } catch (IOException e) {
            Log.debugf("Unreadable problem body from the planner: %s", e);
        }
        return Problems.read(PlannerApi.SERVICE, status, problem);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readNBytes(64 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
