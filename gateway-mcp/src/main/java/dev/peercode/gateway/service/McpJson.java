package dev.peercode.gateway.service;

import java.util.Map;

import dev.peercode.gateway.call.CallContext;

/**
 * The Claude Code {@code mcp.json} entry shown once when an agent token is created (REST API and web UI alike): the
 * gateway's {@code /mcp} over Streamable HTTP, the token as bearer and the project as header, so the agent need not
 * name it in every call.
 */
public final class McpJson {

    private McpJson() {
    }

    public static Map<String, Object> forToken(String baseUri, String token, String projectId) {
        String base = baseUri.replaceAll("/+$", "");
        return Map.of("mcpServers", Map.of("peercode", Map.of(
                "type", "http",
                "url", base + "/mcp",
                "headers", Map.of("Authorization", "Bearer " + token, CallContext.PROJECT_HEADER, projectId))));
    }
}
