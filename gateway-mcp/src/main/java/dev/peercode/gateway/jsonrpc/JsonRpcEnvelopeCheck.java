package dev.peercode.gateway.jsonrpc;

import java.util.stream.Stream;

import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkus.logging.Log;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Finds a JSON-RPC message whose {@code params} is neither an object nor an array with the JSON-RPC
 * error "Invalid Request" (-32600) naming the rule. The MCP server extension (quarkus-mcp-server-http
 * 1.13.0) answers such a {@code tools/call} with HTTP 500 (it casts {@code params} to an object); a
 * client error must never be a 5xx. Only the envelope's shape is checked here; everything else (parse
 * errors, methods, arguments) stays with the extension. Run by {@link McpPreFilter}.
 */
final class JsonRpcEnvelopeCheck {

    private JsonRpcEnvelopeCheck() {
    }

    /**
     * The error for the first message of {@code message} (one, or a batch) whose {@code params} is present but not
     * structured; null when there is none.
     */
    static JsonObject refusal(Object message) {
        Stream<?> messages = message instanceof JsonArray batch ? batch.stream() : Stream.of(message);
        JsonObject broken = messages.filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
                .filter(JsonRpcEnvelopeCheck::hasUnstructuredParams).findFirst().orElse(null);
        if (broken == null) {
            return null;
        }
        Object id = broken.getValue("id");
        Log.debugf("JSON-RPC message refused: params of type %s", broken.getValue("params"));
        // A request (with an id) gets its answer; a notification has none in JSON-RPC.
        boolean request = id instanceof String || id instanceof Number;
        return new JsonObject().put("jsonrpc", "2.0").put("id", request ? id : null).put("error",
                new JsonObject().put("code", JsonRpcErrorCodes.INVALID_REQUEST).put("message",
                        "Invalid Request: 'params' must be an object (or an array), when present"));
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

    private static boolean hasUnstructuredParams(JsonObject message) {
        if (!message.containsKey("params")) {
            return false;
        }
        Object params = message.getValue("params");
        return !(params instanceof JsonObject) && !(params instanceof JsonArray);
    }
}
