package dev.peercode.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from zonky's binaries (a Maven artifact), so neither the tests nor the
 * local run need an installed database or a container engine.
 * <p>
 * Closed to other users of the machine: every connection needs a password (scram-sha-256, never trust),
 * and both passwords are new random ones on every start. The services connect as {@link #SERVICE_USER}, a
 * role that owns its database and nothing else (no superuser, so no {@code COPY ... TO PROGRAM}); the
 * superuser's password is used only here, to administer, and kept in a file only its owner can read inside
 * the cluster's own directory (PostgreSQL keeps that directory private, mode 0700).
 * <p>
 * PostgreSQL refuses to run as root. When the JVM runs as root, zonky starts {@code initdb} and
 * {@code postgres} inside {@code unshare -U}: a user namespace where the process is not uid 0, so
 * the server starts without creating a system user.
 */
public final class LocalPostgres implements AutoCloseable {

    /** The superuser zonky's {@code initdb} creates; only this class connects as it. */
    static final String SUPERUSER = "postgres";

    /** The role the services connect as: owns their database, nothing more. */
    public static final String SERVICE_USER = "peercode";

    /** Inside the data directory, readable by its owner only: the superuser password of the last start. */
    static final String SUPERUSER_SECRET = "peercode-superuser.secret";

    private final EmbeddedPostgres server;
    private final String superuserPassword;
    private final String servicePassword;

    private LocalPostgres(EmbeddedPostgres server, String superuserPassword, String servicePassword) {
        this.server = server;
        this.superuserPassword = superuserPassword;
        this.servicePassword = servicePassword;
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
        return start(dataDirectory, port, tuneForTests, Secrets.random());
    }

    /**
     * Starts a server whose service role gets {@code servicePassword}: a store restarted under running services
     * keeps the password they hold.
     */
    public static LocalPostgres start(Path dataDirectory, int port, boolean tuneForTests, String servicePassword) {
        try {
            boolean throwAway = dataDirectory == null;
            Path directory = throwAway ? Files.createTempDirectory("peercode-pg-") : dataDirectory;
            Files.createDirectories(directory);
            boolean fresh = throwAway || !Files.exists(directory.resolve("PG_VERSION"));
            Path secretFile = directory.resolve(SUPERUSER_SECRET);
            String superuser;
            Path pwfile = null;
            if (fresh) {
                superuser = Secrets.random();
                pwfile = Secrets.privateFile("peercode-pg-pw-", superuser);
            } else if (Files.exists(secretFile)) {
                superuser = Files.readString(secretFile).trim();
            } else {
                superuser = null; // a cluster from before passwords: still trust, converted below
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(throwAway)
                    .setRegisterShutdownHook(false)
                    .setPort(port == 0 ? FreePorts.pick() : port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("password_encryption", "scram-sha-256");
            if (tuneForTests) {
                // Test clusters are shared by every test JVM of a build (SharedStores), each with its own pools.
                builder.setServerConfig("max_connections", "300");
            } else {
                laptop(builder);
            }
            if (pwfile != null) {
                // zonky passes "-A trust"; initdb takes the last --auth, so the cluster is never open.
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", pwfile.toString());
            }
            if (superuser != null) {
                builder.setConnectConfig("password", superuser);
            }
            // zonky always passes -F (fsync off) and synchronous_commit=off; a cluster that keeps
            // people's data across runs must be durable, so later -c settings turn both back on.
            String durable = tuneForTests ? "off" : "on";
            builder.setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setServerConfig("full_page_writes", durable);
            EmbeddedPostgres server;
            try {
                server = builder.start();
            } finally {
                if (pwfile != null) {
                    Files.deleteIfExists(pwfile);
                }
            }
            return secure(server, directory, superuser, servicePassword);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /**
     * The local stack's cluster runs beside an IDE and several agents: memory for one planner (a pool of at most
     * 32 connections, a second replica when tests scale it out) and its tables, not a server's. PostgreSQL's
     * defaults reserve 128 MB of shared buffers and room for parallel workers the planner's short queries never
     * use. {@code max_connections} 100 fits two planner pools (2 × 32) and the benchmark's own connections.
     */
    private static void laptop(EmbeddedPostgres.Builder builder) {
        builder.setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "32MB")
                .setServerConfig("max_worker_processes", "2")
                .setServerConfig("max_parallel_workers", "0")
                .setServerConfig("max_parallel_workers_per_gather", "0")
                .setServerConfig("autovacuum_max_workers", "1")
                .setServerConfig("jit", "off");
    }

    /**
     * New passwords for this run: the superuser's (written to the private secret file first, so a crash in
     * between never locks the cluster away) and the service role's (created when missing, never a superuser).
     * A cluster created before passwords (trust in pg_hba.conf) is converted to scram-sha-256 here.
     */
    private static LocalPostgres secure(EmbeddedPostgres server, Path directory, String oldSuperuser, String service)
            throws IOException {
        String superuser = Secrets.random();
        Properties login = new Properties();
        login.setProperty("user", SUPERUSER);
        if (oldSuperuser != null) {
            login.setProperty("password", oldSuperuser);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, login); Statement st = c.createStatement()) {
            Secrets.writePrivate(directory.resolve(SUPERUSER_SECRET), superuser);
            st.execute("ALTER ROLE " + SUPERUSER + " PASSWORD " + literal(superuser));
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + SERVICE_USER + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE ROLE " + SERVICE_USER + " LOGIN");
                }
            }
            st.execute("ALTER ROLE " + SERVICE_USER + " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                    + "NOBYPASSRLS LOGIN PASSWORD " + literal(service));
            Path hba = directory.resolve("pg_hba.conf");
            String rules = Files.readString(hba);
            if (rules.lines().anyMatch(l -> !l.startsWith("#") && l.matches(".*\\btrust\\s*$"))) {
                Files.writeString(hba, """
                        # Written by PeerCode's launcher: every connection needs a password.
                        local   all all                scram-sha-256
                        host    all all 127.0.0.1/32   scram-sha-256
                        host    all all ::1/128        scram-sha-256
                        """);
                st.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the embedded PostgreSQL's passwords (if the cluster in "
                    + directory + " lost its " + SUPERUSER_SECRET + ", delete the directory)", e);
        }
        return new LocalPostgres(server, superuser, service);
    }

    private static String literal(String secret) {
        // Secrets.random() is URL-safe base64: no quote can occur; checked anyway.
        if (!secret.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("unexpected password characters");
        }
        return "'" + secret + "'";
    }

    /** The service role's password of this run (pass it on by environment, never print it). */
    public String servicePassword() {
        return servicePassword;
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
        try (Connection connection = superuser("postgres");
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            boolean found;
            try (ResultSet rs = exists.executeQuery()) {
                found = rs.next();
            }
            try (Statement st = connection.createStatement()) {
                if (!found) {
                    st.execute("CREATE DATABASE " + database + " OWNER " + SERVICE_USER);
                } else {
                    st.execute("ALTER DATABASE " + database + " OWNER TO " + SERVICE_USER);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
        adoptTables(database);
    }

    /**
     * The service role owns the public schema's tables and sequences of its database: a cluster from before the
     * service role has them owned by the superuser, which the services no longer connect as.
     */
    private void adoptTables(String database) {
        try (Connection connection = superuser(database); Statement st = connection.createStatement()) {
            st.execute("""
                    DO $$
                    DECLARE r record;
                    BEGIN
                      EXECUTE 'ALTER SCHEMA public OWNER TO %1$s';
                      FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S', 'v', 'p')
                                 AND pg_get_userbyid(c.relowner) <> '%1$s' LOOP
                        EXECUTE format('ALTER %%s public.%%I OWNER TO %1$s',
                            CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END, r.relname);
                      END LOOP;
                    END $$""".formatted(SERVICE_USER));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not hand database " + database + " to " + SERVICE_USER, e);
        }
    }

    private Connection superuser(String database) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", SUPERUSER);
        login.setProperty("password", superuserPassword);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + database, login);
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
