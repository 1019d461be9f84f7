package dev.peercode.gateway.service;

import java.util.Map;

import dev.peercode.gateway.call.CallContext;

/** What an agent is configured with, shown once when its token is created (REST API and web UI alike). */
public final class McpJson {

    private McpJson() {
    }

    /**
     * The Claude Code {@code mcp.json} entry for a new token: the gateway's {@code /mcp} over Streamable
     * HTTP, the token as bearer and the project as header, so the agent need not name it in every call.
     */
    public static Map<String, Object> forToken(String baseUri, String token, String projectId) {
        String base = baseUri.replaceAll("/+$", "");
        return Map.of("mcpServers", Map.of("peercode", Map.of(
                "type", "http",
                "url", base + "/mcp",
                "headers", Map.of("Authorization", "Bearer " + token, CallContext.PROJECT_HEADER, projectId))));
    }
}
