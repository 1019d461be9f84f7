package dev.peercode.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A lean MCP Streamable HTTP client: JSON-RPC over the JDK {@link HttpClient}, one MCP session per
 * instance ({@code initialize} → {@code Mcp-Session-Id} → {@code notifications/initialized} →
 * {@code tools/call}). Deliberately thin, so the benchmark measures the server, not a client stack.
 * Answers sent as JSON or as a one-event SSE stream are both understood.
 */
public final class McpClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI endpoint;
    private final AtomicLong ids = new AtomicLong();
    private String sessionId;
    /** Sent as {@code Authorization: Bearer …}; else {@code PEERCODE_AGENT_TOKEN} when set. */
    private final Optional<String> bearer;

    /** One HTTP answer, as the fuzz tests look at it. */
    public record Reply(int status, String contentType, String body) {
    }

    /** A JSON-RPC error answer. */
    public static final class McpError extends RuntimeException {
        private final int code;

        McpError(int code, String message) {
            super(code + ": " + message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private McpClient(HttpClient http, String gatewayUrl, Optional<String> bearer) {
        this.http = http;
        this.endpoint = URI.create(gatewayUrl + "/mcp");
        this.bearer = bearer.or(() -> Optional.ofNullable(System.getenv("PEERCODE_AGENT_TOKEN"))).filter(t -> !t.isBlank());
    }

    /** A shared HTTP/1.1 client: the gateway speaks HTTP/1.1 on loopback; no h2c upgrade dance per connection. */
    public static HttpClient newHttp() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Opens an MCP session: initialize, keep the session id, send notifications/initialized. */
    public static McpClient connect(HttpClient http, String gatewayUrl) {
        return connect(http, gatewayUrl, Optional.empty());
    }

    /** {@link #connect(HttpClient, String)} calling with {@code bearer}: an agent token or an OIDC access token. */
    public static McpClient connect(HttpClient http, String gatewayUrl, Optional<String> bearer) {
        McpClient client = new McpClient(http, gatewayUrl, bearer);
        ObjectNode params = JSON.createObjectNode();
        params.put("protocolVersion", "2025-06-18");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "peercode-bench").put("version", "1");
        client.request("initialize", params);
        client.notify("notifications/initialized");
        return client;
    }

    public String sessionId() {
        return sessionId;
    }

    /**
     * Calls a tool; returns the JSON-RPC {@code result} (check {@code isError}); throws {@link McpError} on a protocol error.
     */
    public JsonNode call(String tool, Map<String, ?> arguments) {
        ObjectNode params = JSON.createObjectNode();
        params.put("name", tool);
        params.set("arguments", JSON.valueToTree(arguments));
        return request("tools/call", params);
    }

    /** Bytes of the last answer body: kept per thread for the size columns. */
    private static final ThreadLocal<Integer> LAST_BYTES = ThreadLocal.withInitial(() -> 0);

    public static int lastBytes() {
        return LAST_BYTES.get();
    }

    JsonNode request(String method, JsonNode params) {
        ObjectNode message = JSON.createObjectNode();
        message.put("jsonrpc", "2.0");
        message.put("id", ids.incrementAndGet());
        message.put("method", method);
        message.set("params", params);
        Reply reply = post(message.toString());
        if (reply.status() != 200) {
            throw new IllegalStateException(method + " answered HTTP " + reply.status() + ": " + reply.body());
        }
        JsonNode answer = parse(reply);
        if (answer.has("error")) {
            throw new McpError(answer.path("error").path("code").asInt(), answer.path("error").path("message").asText());
        }
        return answer.path("result");
    }

    private void notify(String method) {
        Reply reply = post("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}");
        if (reply.status() >= 300) {
            throw new IllegalStateException(method + " answered HTTP " + reply.status());
        }
    }

    /** Sends any body (well-formed or not) on this session and returns the raw answer. */
    public Reply post(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId);
        }
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (sessionId == null) {
                response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> sessionId = id);
            }
            LAST_BYTES.set(response.body().length());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException("POST /mcp failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON-RPC message of an answer: the body itself, or the last {@code data:} event of an SSE answer. */
    public static JsonNode parse(Reply reply) {
        try {
            String body = reply.body();
            if (reply.contentType().startsWith("text/event-stream")) {
                String last = null;
                for (String line : body.split("\n")) {
                    if (line.startsWith("data:")) {
                        last = line.substring(5).trim();
                    }
                }
                body = last == null ? "{}" : last;
            }
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + reply.body(), e);
        }
    }
}
