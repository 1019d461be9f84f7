package dev.peercode.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.peercode.stores.FreePorts;

/**
 * Command one, end to end: the packaged services on embedded stores, as a newcomer runs them. Runs
 * after the services are packaged (failsafe, {@code verify}).
 */
class LocalStackIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsEverythingReadyStopsWithoutLeftoversAndKeepsDataAcrossRestarts(@TempDir Path data) throws Exception {
        LaunchSettings settings = new LaunchSettings(Path.of("..").toAbsolutePath().normalize(), data,
                FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
                Optional.empty(), Optional.empty());
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/" + LocalStack.DATABASE;

        List<ProcessHandle> firstRun;
        try (LocalStack stack = LocalStack.start(settings)) {
            firstRun = stack.serviceProcesses();
            HttpResponse<String> ready = get(stack.gatewayUrl() + "/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"planner-service\": \"UP\"", "\"lock-service\": \"UP\"");
            assertThat(get("http://localhost:" + settings.plannerPort() + "/q/health/ready").body())
                    .contains("Database connections health check", "Redis connection health check");
            assertThat(initializeMcp(stack.gatewayUrl() + "/mcp").body()).contains("\"name\":\"peercode\"");

            Map<String, String> db = stack.storeEnvironment();
            try (Connection c = DriverManager.getConnection(jdbcUrl, db.get("PEERCODE_DB_USER"),
                    db.get("PEERCODE_DB_PASSWORD"));
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE launcher_it_marker (id int)");
            }
        }

        assertThat(firstRun).hasSize(3).noneMatch(ProcessHandle::isAlive);
        for (int port : List.of(settings.gatewayPort(), settings.plannerPort(), settings.lockPort(),
                settings.postgresPort(), settings.redisPort())) {
            assertThat(isListening(port)).as("port %d after stop", port).isFalse();
        }

        try (LocalStack again = LocalStack.start(settings);
                Connection c = DriverManager.getConnection(jdbcUrl, again.storeEnvironment().get("PEERCODE_DB_USER"),
                        again.storeEnvironment().get("PEERCODE_DB_PASSWORD"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'launcher_it_marker'")) {
            assertThat(get(again.gatewayUrl() + "/q/health/ready").statusCode()).isEqualTo(200);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> initializeMcp(String url) throws Exception {
        String initialize = """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{},"clientInfo":{"name":"launcher-it","version":"1"}}}""";
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(initialize)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isListening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
