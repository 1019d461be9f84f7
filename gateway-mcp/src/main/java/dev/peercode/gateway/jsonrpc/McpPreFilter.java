package dev.peercode.gateway.jsonrpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.peercode.gateway.security.SubscriptionGuard;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The one route in front of the MCP extension's ({@code POST /mcp} and the legacy {@code /mcp/messages/…}): it reads
 * the JSON-RPC body, decodes it at most once, and runs the checks the extension does not make:
 * <ol>
 * <li>the envelope ({@link JsonRpcEnvelopeCheck}): {@code params} neither an object nor an array is -32600 Invalid
 * Request, where the extension would answer HTTP 500;</li>
 * <li>with authentication on, project subscriptions ({@link SubscriptionGuard}): only a member subscribes to a
 * project's resource.</li>
 * </ol>
 * Each check first scans the text, so the common call (object params, no subscription) is not decoded here at all
 * (the profile showed the extra parse of every call). Anything else (parse errors, methods, arguments) stays with the
 * extension, which finds the body already read (a Vert.x body handler runs once per request).
 */
@ApplicationScoped
class McpPreFilter {

    /**
     * After the filters (edge checks, authentication at -200, authorization at -100) and the upload-size limit;
     * before the MCP extension's routes, which take Vert.x's registration order from 0 up.
     */
    static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1;

    private final SubscriptionGuard subscriptions;
    private final long maxBodyBytes;

    McpPreFilter(SubscriptionGuard subscriptions,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.subscriptions = subscriptions;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        // Streamable HTTP, and the legacy SSE transport's message endpoint.
        for (String path : new String[] { "/mcp", "/mcp/messages/*" }) {
            router.post(path).order(ORDER).handler(rc -> {
                // Authentication may have paused the request while it verified a token.
                rc.request().resume();
                body.handle(rc);
            }).handler(this::filter);
        }
    }

    void filter(RoutingContext rc) {
        Buffer buffer = rc.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            rc.next();
            return;
        }
        String text = buffer.toString();
        boolean envelope = JsonRpcEnvelopeCheck.mayHaveUnstructuredParams(text);
        boolean subscription = subscriptions.active() && SubscriptionGuard.mayHaveSubscription(text);
        if (!envelope && !subscription) {
            rc.next();
            return;
        }
        Object message;
        try {
            message = Json.decodeValue(buffer);
        } catch (DecodeException e) {
            rc.next(); // not JSON: the extension answers a JSON-RPC parse error
            return;
        }
        JsonObject refused = envelope ? JsonRpcEnvelopeCheck.refusal(message) : null;
        if (refused != null) {
            // A notification has no answer in JSON-RPC; HTTP 400 tells the client it was refused.
            rc.response().setStatusCode(refused.getValue("id") != null ? 200 : 400)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(refused.toBuffer());
        } else if (subscription) {
            subscriptions.check(rc, message);
        } else {
            rc.next();
        }
    }
}
