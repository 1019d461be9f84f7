package dev.peercode.stores.testing;

import java.util.Map;

import dev.peercode.stores.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the datasource at a real PostgreSQL: {@code PEERCODE_TEST_DB_URL} (with
 * {@code PEERCODE_TEST_DB_USER}/{@code PEERCODE_TEST_DB_PASSWORD}) when set, otherwise the embedded
 * server shared by this test JVM, as its service role (a password of this run, no superuser).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    static final String DATABASE = "peercode";

    @Override
    public Map<String, String> start() {
        String external = System.getenv("PEERCODE_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return Map.of(
                    "quarkus.datasource.jdbc.url", external,
                    "quarkus.datasource.username", System.getenv().getOrDefault("PEERCODE_TEST_DB_USER", "peercode"),
                    "quarkus.datasource.password", System.getenv().getOrDefault("PEERCODE_TEST_DB_PASSWORD", ""));
        }
        LocalPostgres postgres = SharedStores.postgres();
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(DATABASE),
                "quarkus.datasource.username", LocalPostgres.SERVICE_USER,
                "quarkus.datasource.password", postgres.servicePassword());
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; SharedStores stops it when the JVM exits.
    }
}
