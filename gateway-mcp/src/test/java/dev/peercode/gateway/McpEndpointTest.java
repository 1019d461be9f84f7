package dev.peercode.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpSseTestClient;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class McpEndpointTest {

    @TestHTTPResource
    URI baseUri;

    @Test
    void streamableHttpAtSlashMcpCompletesTheInitializeHandshake() {
        McpStreamableTestClient client = McpAssured.newStreamableClient().setBaseUri(baseUri).build();
        try {
            client.connect(init -> {
                assertThat(init.serverName()).isEqualTo("peercode");
                assertThat(init.protocolVersion()).isNotBlank();
            });
            assertThat(client.isConnected()).isTrue();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void legacySseTransportCompletesTheInitializeHandshake() {
        McpSseTestClient client = McpAssured.newSseClient().setBaseUri(baseUri).build();
        try {
            client.connect(init -> assertThat(init.serverName()).isEqualTo("peercode"));
            assertThat(client.isConnected()).isTrue();
        } finally {
            client.disconnect();
        }
    }
}
