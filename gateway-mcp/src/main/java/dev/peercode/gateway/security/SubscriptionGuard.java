package dev.peercode.gateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.live.ProjectResources;
import dev.peercode.gateway.tools.ToolErrors;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Authorises {@code resources/subscribe} on {@code peercode://projects/{id}}. The MCP server subscribes
 * any connection to any resource registered on this replica, and a project's resource is registered as
 * soon as anybody touched the project here ({@link ProjectResources#track}); without this check a caller
 * could follow the activity of a project it is not a member of. Reads need nothing here: the resource's
 * handler authorises every read itself.
 * <p>
 * A Vert.x route in front of the MCP endpoints (Streamable HTTP {@code /mcp} and the legacy
 * {@code /mcp/messages/…}), after authentication: it reads the JSON-RPC body (the endpoint's own body
 * handler then finds it already read) and answers a refused subscription itself with the error an
 * unknown resource gets, so another project's id is indistinguishable from a wrong one (DESIGN.md §7).
 */
@ApplicationScoped
class SubscriptionGuard {

    private static final String SUBSCRIBE = "resources/subscribe";

    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String LEGACY_MESSAGES = "/mcp/messages/";

    private final CallerResolver callers;
    private final SubscriptionRechecks rechecks;
    private final long bodyLimit;

    SubscriptionGuard(CallerResolver callers, SubscriptionRechecks rechecks,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> bodyLimit) {
        this.callers = callers;
        this.rechecks = rechecks;
        this.bodyLimit = bodyLimit.map(MemorySize::asLongValue).orElse(-1L);
    }

    void register(@Observes Router router) {
        if (!callers.authEnabled()) {
            // Local mode: the one caller owns every project.
            return;
        }
        BodyHandler body = BodyHandler.create(false).setBodyLimit(bodyLimit);
        // After authentication and HTTP permissions (negative orders), before the MCP extension's routes.
        for (String path : List.of("/mcp", LEGACY_MESSAGES + "*")) {
            router.post(path).order(-1).handler(rc -> {
                rc.request().resume();
                body.handle(rc);
            }).handler(this::check);
        }
    }

    void check(RoutingContext rc) {
        List<JsonObject> subscriptions = projectSubscriptions(rc.body().buffer());
        if (subscriptions.isEmpty()) {
            rc.next();
            return;
        }
        SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        // Streamable HTTP names the session in a header, the legacy SSE transport in the path.
        String path = rc.normalizedPath();
        String session = path.startsWith(LEGACY_MESSAGES) ? path.substring(LEGACY_MESSAGES.length())
                : rc.request().getHeader(SESSION_HEADER);
        // Membership is a call to the planner: off the event loop.
        rc.vertx().executeBlocking(() -> refusal(identity, session, subscriptions), false).onComplete(decided -> {
            if (decided.failed()) {
                rc.fail(decided.cause());
            } else if (decided.result() != null) {
                rc.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(decided.result().encode());
            } else {
                rc.next();
            }
        });
    }

    /**
     * The JSON-RPC error for the first subscription the caller may not make; null when all are allowed, which are
     * then re-checked for as long as the session lasts.
     */
    private JsonObject refusal(SecurityIdentity identity, String session, List<JsonObject> subscriptions) {
        Caller caller = callers.of(identity);
        for (JsonObject request : subscriptions) {
            String uri = uri(request);
            String projectId = uri.substring(ProjectResources.URI_PREFIX.length());
            try {
                callers.onProject(caller, projectId);
                rechecks.subscribed(session, caller, projectId);
            } catch (BackendProblem e) {
                return error(request, JsonRpcErrorCodes.RESOURCE_NOT_FOUND, "Resource not found: " + uri);
            } catch (BackendUnavailable e) {
                return error(request, JsonRpcErrorCodes.INTERNAL_ERROR, ToolErrors.unavailable(e));
            }
        }
        return null;
    }

    /** The {@code resources/subscribe} requests on a project in a JSON-RPC body (one message or a batch). */
    private static List<JsonObject> projectSubscriptions(Buffer body) {
        List<JsonObject> found = new ArrayList<>();
        if (body == null || body.length() == 0) {
            return found;
        }
        Object message;
        try {
            message = Json.decodeValue(body);
        } catch (DecodeException e) {
            // Malformed: the MCP endpoint answers with its parse error.
            return found;
        }
        JsonArray messages = message instanceof JsonArray batch ? batch : new JsonArray().add(message);
        for (int i = 0; i < messages.size(); i++) {
            if (messages.getValue(i) instanceof JsonObject request && SUBSCRIBE.equals(request.getString("method"))
                    && uri(request).startsWith(ProjectResources.URI_PREFIX)) {
                found.add(request);
            }
        }
        return found;
    }

    private static String uri(JsonObject request) {
        Object params = request.getValue("params");
        return params instanceof JsonObject p && p.getValue("uri") instanceof String uri ? uri : "";
    }

    private static JsonObject error(JsonObject request, int code, String message) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id"))
                .put("error", new JsonObject().put("code", code).put("message", message));
    }
}
