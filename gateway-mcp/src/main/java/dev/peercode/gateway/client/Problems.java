package dev.peercode.gateway.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.Response;

import dev.peercode.problem.FieldError;
import dev.peercode.problem.Problem;
import io.quarkus.logging.Log;

/** Reads a backend's non-2xx answer into the exception its REST client fails with. */
final class Problems {

    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance");

    private Problems() {
    }

    /**
     * 4xx with a problem body: {@link BackendProblem}; 5xx or an unreadable body: {@link BackendUnavailable},
     * because the caller can do nothing about it but retry later.
     */
    @SuppressWarnings("unchecked")
    static RuntimeException read(String service, Response response) {
        int status = response.getStatus();
        Map<String, Object> body = Map.of();
        try {
            if (response.hasEntity()) {
                body = response.readEntity(Map.class);
            }
        } catch (RuntimeException e) {
            Log.debugf("Unreadable problem body from %s: %s", service, e);
        }
        return read(service, status, body);
    }

    /** {@link #read(String, Response)} for an answer read by other means than the REST client. */
    static RuntimeException read(String service, int status, Map<String, Object> body) {
        if (status == 503 && body.get("store") instanceof String store) {
            // The backend is up but its PostgreSQL or Redis is not: say which, the caller waits either way.
            return new BackendUnavailable(service, "cannot reach its " + store);
        }
        if (status >= 500) {
            return new BackendUnavailable(service, "failed (HTTP " + status + ")");
        }
        String type = String.valueOf(body.getOrDefault("type", "about:blank"));
        String kind = type.substring(type.lastIndexOf('/') + 1);
        if (status == 404 && !body.containsKey("type")) {
            kind = "not-found";
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> extensions = new LinkedHashMap<>();
        body.forEach((k, v) -> {
            if (k.equals("errors") && v instanceof List<?> list) {
                list.stream().filter(Map.class::isInstance).map(Map.class::cast).forEach(e -> errors
                        .add(new FieldError(String.valueOf(e.get("field")), String.valueOf(e.get("message")))));
            } else if (!STANDARD.contains(k) && v != null) {
                extensions.put(k, v);
            }
        });
        String title = (String) body.getOrDefault("title", "HTTP " + status);
        String detail = body.get("detail") instanceof String d ? d : title;
        return new BackendProblem(new Problem(status, kind, title, detail, errors, extensions));
    }
}
