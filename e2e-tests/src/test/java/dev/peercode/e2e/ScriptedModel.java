package dev.peercode.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A stand-in for the Anthropic Messages API that Claude Code talks to ({@code ANTHROPIC_BASE_URL}):
 * it answers {@code POST /v1/messages} with streamed (SSE) turns from scripts and records every
 * request it receives. The agent is the name in "I'm NAME." of the conversation's first user message.
 * A script is a list of steps for a prompt (found by a text it contains); the next step is the number
 * of assistant turns since that prompt. A step is a tool call with the id the test names (MCP tools by
 * their short name, e.g. {@code peercode_get_project}: the full name is taken from the tools Claude Code
 * offers) or a text that ends the turn. Anything else (Claude Code's side queries, a turn nobody
 * scripted) gets a short text.
 */
final class ScriptedModel implements AutoCloseable {

    private static final Pattern AGENT = Pattern.compile("I'm ([a-z0-9_-]+)\\.");

    record Step(String id, String tool, JsonObject input, String text) {
        static Step call(String id, String tool, JsonObject input) {
            return new Step(id, tool, input, null);
        }

        static Step say(String text) {
            return new Step(null, null, null, text);
        }
    }

    private record Script(String agent, String prompt, List<Step> steps) {
    }

    /** One request as received: the agent it was for (null for side queries) and its JSON body. */
    record Request(String agent, String path, JsonObject body) {
    }

    private final HttpServer server;
    private final List<Script> scripts = new CopyOnWriteArrayList<>();
    private final AtomicInteger turns = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    ScriptedModel() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What the agent does when it is given a prompt containing {@code prompt}. */
    void script(String agent, String prompt, Step... steps) {
        scripts.add(new Script(agent, prompt, List.of(steps)));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The last request made for an agent's conversation. */
    JsonObject lastRequest(String agent) {
        JsonObject last = null;
        for (Request r : requests) {
            if (agent.equals(r.agent())) {
                last = r.body();
            }
        }
        return last;
    }

    /** The tool_result Claude Code sent back for the agent's tool call with this id. */
    JsonObject toolResult(String agent, String id) {
        JsonObject last = lastRequest(agent);
        for (Object m : last.getJsonArray("messages")) {
            JsonObject message = (JsonObject) m;
            if (message.getValue("content") instanceof JsonArray blocks) {
                for (Object b : blocks) {
                    JsonObject block = (JsonObject) b;
                    if ("tool_result".equals(block.getString("type")) && id.equals(block.getString("tool_use_id"))) {
                        return block;
                    }
                }
            }
        }
        throw new AssertionError("no tool_result for " + id + " in " + agent + "'s last request");
    }

    static String text(JsonObject toolResult) {
        Object content = toolResult.getValue("content");
        if (content instanceof JsonArray blocks) {
            StringBuilder text = new StringBuilder();
            blocks.forEach(b -> text.append(((JsonObject) b).getString("text", "")));
            return text.toString();
        }
        return String.valueOf(content);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().toString();
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonObject body = raw.isBlank() ? new JsonObject() : new JsonObject(raw);
            if (!path.startsWith("/v1/messages")) {
                requests.add(new Request(null, path, body));
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (path.startsWith("/v1/messages/count_tokens")) {
                requests.add(new Request(null, path, body));
                json(exchange, new JsonObject().put("input_tokens", raw.length() / 4));
                return;
            }
            JsonArray messages = body.getJsonArray("messages", new JsonArray());
            JsonArray tools = body.getJsonArray("tools", new JsonArray());
            String agent = tools.isEmpty() ? null : agentOf(messages);
            requests.add(new Request(agent, path, body));
            stream(exchange, body.getString("model", "claude"), next(agent, messages), tools);
        }
    }

    /** The step due: the latest scripted prompt in the conversation, and how many turns answered it. */
    private Step next(String agent, JsonArray messages) {
        int assistantTurns = 0;
        for (int i = messages.size() - 1; i >= 0 && agent != null; i--) {
            JsonObject message = messages.getJsonObject(i);
            if ("assistant".equals(message.getString("role"))) {
                assistantTurns++;
                continue;
            }
            String text = promptText(message);
            for (int s = scripts.size() - 1; s >= 0; s--) {
                Script script = scripts.get(s);
                if (script.agent().equals(agent) && text.contains(script.prompt())) {
                    return assistantTurns < script.steps().size() ? script.steps().get(assistantTurns)
                            : Step.say("Done.");
                }
            }
        }
        return Step.say("Done.");
    }

    /** The text a user message carries, without tool results (hook context rides along with those). */
    private static String promptText(JsonObject message) {
        if (!"user".equals(message.getString("role"))) {
            return "";
        }
        Object content = message.getValue("content");
        if (content instanceof String text) {
            return text;
        }
        StringBuilder text = new StringBuilder();
        if (content instanceof JsonArray blocks) {
            for (Object b : blocks) {
                JsonObject block = (JsonObject) b;
                if ("text".equals(block.getString("type"))) {
                    text.append(block.getString("text", "")).append('\n');
                }
            }
        }
        return text.toString();
    }

    private static String agentOf(JsonArray messages) {
        for (Object m : messages) {
            JsonObject message = (JsonObject) m;
            if ("user".equals(message.getString("role"))) {
                Matcher matcher = AGENT.matcher(message.encode());
                return matcher.find() ? matcher.group(1) : null;
            }
        }
        return null;
    }

    private static String toolName(String shortName, JsonArray tools) {
        for (Object t : tools) {
            String name = ((JsonObject) t).getString("name", "");
            if (name.equals(shortName) || name.endsWith("__" + shortName)) {
                return name;
            }
        }
        return shortName.startsWith("peercode_") ? "mcp__plugin_peercode_peercode__" + shortName : shortName;
    }

    private void stream(HttpExchange exchange, String model, Step next, JsonArray tools) throws IOException {
        int turn = turns.incrementAndGet();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("request-id", "req_scripted_" + turn);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        List<JsonObject> events = new ArrayList<>();
        events.add(new JsonObject().put("type", "message_start").put("message", new JsonObject()
                .put("id", "msg_scripted_" + turn).put("type", "message").put("role", "assistant")
                .put("model", model).put("content", new JsonArray()).putNull("stop_reason").putNull("stop_sequence")
                .put("usage", new JsonObject().put("input_tokens", 10).put("output_tokens", 1))));
        if (next.tool() == null) {
            events.add(new JsonObject().put("type", "content_block_start").put("index", 0)
                    .put("content_block", new JsonObject().put("type", "text").put("text", "")));
            events.add(new JsonObject().put("type", "content_block_delta").put("index", 0)
                    .put("delta", new JsonObject().put("type", "text_delta").put("text", next.text())));
        } else {
            events.add(new JsonObject().put("type", "content_block_start").put("index", 0)
                    .put("content_block", new JsonObject().put("type", "tool_use").put("id", next.id())
                            .put("name", toolName(next.tool(), tools)).put("input", new JsonObject())));
            events.add(new JsonObject().put("type", "content_block_delta").put("index", 0)
                    .put("delta", new JsonObject().put("type", "input_json_delta")
                            .put("partial_json", next.input().encode())));
        }
        events.add(new JsonObject().put("type", "content_block_stop").put("index", 0));
        events.add(new JsonObject().put("type", "message_delta")
                .put("delta", new JsonObject().put("stop_reason", next.tool() == null ? "end_turn" : "tool_use")
                        .putNull("stop_sequence"))
                .put("usage", new JsonObject().put("output_tokens", 5)));
        events.add(new JsonObject().put("type", "message_stop"));
        for (JsonObject event : events) {
            out.write(("event: " + event.getString("type") + "\ndata: " + event.encode() + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void json(HttpExchange exchange, JsonObject body) throws IOException {
        byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
