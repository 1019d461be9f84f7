package dev.peercode.gateway.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.call.ToolErrors;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.live.ProjectResources;
import dev.peercode.problem.ProblemException;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.runtime.Messages;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Authorises {@code resources/subscribe} on {@code peercode://projects/{id}}. The MCP server subscribes
 * any connection to any resource registered on this replica, and a project's resource is registered as
 * soon as anybody touched the project here ({@link ProjectResources#track}); without this check a caller
 * could follow the activity of a project it is not a member of. Reads need nothing here: the resource's
 * handler authorises every read itself.
 * <p>
 * Run by the MCP pre-filter route ({@code jsonrpc/McpPreFilter}), after authentication, with the JSON-RPC body it
 * decoded once; a refused subscription is answered with the error an unknown resource gets, so another project's id
 * is indistinguishable from a wrong one (DESIGN.md §7).
 */
@ApplicationScoped
public class SubscriptionGuard {

    private static final String SUBSCRIBE = "resources/subscribe";

    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String LEGACY_MESSAGES = "/mcp/messages/";

    private final CallerResolver callers;
    private final SubscriptionRechecks rechecks;

    SubscriptionGuard(CallerResolver callers, SubscriptionRechecks rechecks) {
        this.callers = callers;
        this.rechecks = rechecks;
    }

    /** Whether subscriptions need checking at all (local mode: the one caller owns every project). */
    public boolean active() {
        return callers.authEnabled();
    }

    /**
     * A scan instead of a parse: false when the body cannot hold a subscription (no {@code subscribe}, and no
     * {@code \\u} escape that could spell it).
     */
    public static boolean mayHaveSubscription(String body) {
        return body.contains("subscribe") || body.contains("\\u");
    }

    /**
     * Checks the project subscriptions in the decoded JSON-RPC {@code message}: the request goes on when there are
     * none or all are allowed, else it is answered with the refusal.
     */
    public void check(RoutingContext rc, Object message) {
        List<JsonObject> subscriptions = projectSubscriptions(message);
        if (subscriptions.isEmpty()) {
            rc.next();
            return;
        }
        SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        // Streamable HTTP names the session in a header, the legacy SSE transport in the path.
        String path = rc.normalizedPath();
        String session = path.startsWith(LEGACY_MESSAGES) ? path.substring(LEGACY_MESSAGES.length())
                : rc.request().getHeader(SESSION_HEADER);
        Uni.createFrom().deferred(() -> refusal(callers.of(identity), session, subscriptions)).subscribe()
                .with(refused -> {
                    if (refused != null) {
                        rc.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .end(refused.encode());
                    } else {
                        rc.next();
                    }
                }, rc::fail);
    }

    /**
     * The JSON-RPC error for the first subscription the caller may not make; null when all are allowed, which are
     * then re-checked for as long as the session lasts.
     */
    private Uni<JsonObject> refusal(Caller caller, String session, List<JsonObject> subscriptions) {
        return Multi.createFrom().iterable(subscriptions).onItem().transformToUniAndConcatenate(request -> {
            Object id = request.getValue("id");
            String uri = uri(request);
            String projectId = uri.substring(ProjectResources.URI_PREFIX.length());
            return callers.onProject(caller, projectId).invoke(() -> rechecks.subscribed(session, caller, projectId))
                    .map(allowed -> (JsonObject) null) // skipped: the next subscription is checked
                    .onFailure(ProblemException.class)
                    .recoverWithItem(
                            () -> Messages.newError(id, JsonRpcErrorCodes.RESOURCE_NOT_FOUND, "Resource not found: " + uri))
                    .onFailure(BackendUnavailable.class).recoverWithItem(e -> Messages.newError(id,
                            JsonRpcErrorCodes.INTERNAL_ERROR, ToolErrors.unavailable((BackendUnavailable) e)));
        }).toUni(); // the first refusal ends the checks
    }

    /** The {@code resources/subscribe} requests on a project in a JSON-RPC message (one or a batch). */
    private static List<JsonObject> projectSubscriptions(Object message) {
        List<JsonObject> found = new ArrayList<>();
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
}
