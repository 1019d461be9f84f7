package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The real gateway driven by the official MCP TypeScript SDK client ({@code @modelcontextprotocol/sdk},
 * pinned in {@code src/test/mcp-sdk/package-lock.json}, installed by the build's {@code npm ci}), the
 * library most MCP clients are built on. The SDK refuses any structured result that does not match the
 * tool's declared output schema, so this is the schemas' contract with real clients: every tool in its
 * main shapes, refusals, the join prompt, the resource with a subscription and its notification, over
 * Streamable HTTP and the legacy SSE transport ({@code sdk-client.mjs} lists the checks).
 */
class McpSdkIT {

    private static final Path SCRIPT_DIR = Path.of("src", "test", "mcp-sdk");

    @Test
    void theOfficialTypeScriptSdkClientUsesEveryToolPromptAndResourceOverBothTransports() throws Exception {
        assertThat(SCRIPT_DIR.resolve("node_modules/@modelcontextprotocol/sdk/package.json"))
                .as("the SDK is installed by the build (exec-maven-plugin npm-ci-mcp-sdk)").exists();
        Path output = Files.createTempFile("mcp-sdk", ".log");
        ProcessBuilder script = new ProcessBuilder(List.of("node", "sdk-client.mjs"))
                .directory(SCRIPT_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        script.environment().put("PEERCODE_GATEWAY_URL", Stack.gatewayUrl());
        Process node = script.start();
        node.getOutputStream().close();
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        System.out.println("[mcp-sdk] " + log.replace("\n", "\n[mcp-sdk] "));
        assertThat(finished).as("the SDK script finished within 120 s:%n%s", log).isTrue();
        assertThat(node.exitValue()).as("the SDK script's checks:%n%s", log).isZero();
        assertThat(log.lines().toList()).as(log).anyMatch(line -> line.matches("\\d+ passed, 0 failed"));
    }
}
