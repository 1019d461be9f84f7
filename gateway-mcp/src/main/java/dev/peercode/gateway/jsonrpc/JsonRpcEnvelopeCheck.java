package dev.peercode.gateway.jsonrpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
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
 * Refuses a JSON-RPC message whose {@code params} is neither an object nor an array with the JSON-RPC
 * error "Invalid Request" (-32600) naming the rule. The MCP server extension (quarkus-mcp-server-http
 * 1.13.0) answers such a {@code tools/call} with HTTP 500 (it casts {@code params} to an object); a
 * client error must never be a 5xx. Only the envelope's shape is checked here; everything else (parse
 * errors, methods, arguments) stays with the extension, which this route hands the body to: a Vert.x
 * body handler runs once per request, so the extension's own one finds the body read.
 */
@ApplicationScoped
class JsonRpcEnvelopeCheck {

    /**
     * After the filters (edge checks, authentication at -200, authorization at -100) and the upload-size
     * limit; before the MCP extension's routes, which take Vert.x's registration order from 0 up.
     */
    static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1;

    private final long maxBodyBytes;

    JsonRpcEnvelopeCheck(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        // Streamable HTTP, and the legacy SSE transport's message endpoint.
        for (String path : new String[] { "/mcp", "/mcp/messages/*" }) {
            router.post(path).order(ORDER).handler(body).handler(this::check);
        }
    }

    void check(RoutingContext rc) {
        Buffer buffer = rc.body().buffer();
        if (buffer == null || buffer.length() == 0 || !mayHaveUnstructuredParams(buffer.toString())) {
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
        JsonObject broken = firstWithUnstructuredParams(message);
        if (broken == null) {
            rc.next();
            return;
        }
        Object id = broken.getValue("id");
        boolean request = id instanceof String || id instanceof Number;
        Log.debugf("JSON-RPC message refused: params of type %s", broken.getValue("params"));
        JsonObject error = new JsonObject().put("jsonrpc", "2.0").put("id", request ? id : null).put("error",
                new JsonObject().put("code", JsonRpcErrorCodes.INVALID_REQUEST).put("message",
                        "Invalid Request: 'params' must be an object (or an array), when present"));
        // A notification has no answer in JSON-RPC; HTTP 400 tells the client it was refused.
        rc.response().setStatusCode(request ? 200 : 400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(error.toBuffer());
    }

    /**
     * A scan instead of a parse for the common case (the profile showed the extra parse of every call):
     * false when every {@code "params"} key is followed by an object or an array. A {@code "params"} with
     * a scalar value anywhere (also inside arguments), or any {@code \\u} escape (a key may be spelled
     * with one), answers true, and the message is then parsed.
     */
    static boolean mayHaveUnstructuredParams(String body) {
        if (body.contains("\\u")) {
            return true;
        }
        for (int at = body.indexOf("\"params\""); at >= 0; at = body.indexOf("\"params\"", at + 1)) {
            int i = skipBlanks(body, at + 8);
            if (i >= body.length() || body.charAt(i) != ':') {
                continue; // a string value "params", not a key
            }
            i = skipBlanks(body, i + 1);
            if (i >= body.length() || (body.charAt(i) != '{' && body.charAt(i) != '[')) {
                return true;
            }
        }
        return false;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The first message (a single one, or one of a batch) with {@code params} present but not structured. */
    private static JsonObject firstWithUnstructuredParams(Object message) {
        if (message instanceof JsonObject object) {
            return hasUnstructuredParams(object) ? object : null;
        }
        if (message instanceof JsonArray batch) {
            for (Object element : batch) {
                if (element instanceof JsonObject object && hasUnstructuredParams(object)) {
                    return object;
                }
            }
        }
        return null;
    }

    private static boolean hasUnstructuredParams(JsonObject message) {
        if (!message.containsKey("params")) {
            return false;
        }
        Object params = message.getValue("params");
        return !(params instanceof JsonObject) && !(params instanceof JsonArray);
    }
}
