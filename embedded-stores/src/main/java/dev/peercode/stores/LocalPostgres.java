package dev.peercode.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from zonky's binaries (a Maven artifact), so neither the tests nor the
 * local run need an installed database or a container engine.
 * <p>
 * PostgreSQL refuses to run as root. When the JVM runs as root, zonky starts {@code initdb} and
 * {@code postgres} inside {@code unshare -U}: a user namespace where the process is not uid 0, so
 * the server starts without creating a system user.
 */
public final class LocalPostgres implements AutoCloseable {

    /** The superuser zonky's {@code initdb} creates, with trust authentication on loopback. */
    public static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /**
     * Starts a server.
     *
     * @param dataDirectory where the cluster lives; reused (not re-initialised) when it already
     *        holds one, so data survives restarts. {@code null} for a throw-away cluster.
     * @param port the port to listen on, {@code 0} for any free one
     * @param tuneForTests trade durability for speed (no fsync), for throw-away clusters only
     */
    public static LocalPostgres start(Path dataDirectory, int port, boolean tuneForTests) {
        try {
            boolean throwAway = dataDirectory == null;
            Path directory = throwAway ? Files.createTempDirectory("peercode-pg-") : dataDirectory;
            Files.createDirectories(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(throwAway)
                    .setRegisterShutdownHook(false)
                    .setPort(port == 0 ? FreePorts.pick() : port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300");
            // zonky always passes -F (fsync off) and synchronous_commit=off; a cluster that keeps
            // people's data across runs must be durable, so later -c settings turn both back on.
            String durable = tuneForTests ? "off" : "on";
            builder.setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setServerConfig("full_page_writes", durable);
            return new LocalPostgres(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** A JDBC URL for {@code database}, which is created first if it does not exist yet. */
    public String jdbcUrl(String database) {
        createDatabaseIfMissing(database);
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    private void createDatabaseIfMissing(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection connection = server.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded PostgreSQL", e);
        }
    }
}
