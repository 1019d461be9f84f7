package dev.peercode.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

class LocalStoresTest {

    @Test
    void postgresKeepsItsDataAcrossRestartsOfAPersistentCluster(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pg");
        try (LocalPostgres first = LocalPostgres.start(data, 0, false);
                Connection c = DriverManager.getConnection(first.jdbcUrl("peercode"), LocalPostgres.SERVICE_USER,
                        first.servicePassword());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE note (text varchar(20))");
            s.execute("INSERT INTO note VALUES ('kept')");
        }
        assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();

        try (LocalPostgres second = LocalPostgres.start(data, 0, false);
                Connection c = DriverManager.getConnection(second.jdbcUrl("peercode"), LocalPostgres.SERVICE_USER,
                        second.servicePassword());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT text FROM note")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        }
    }

    /**
     * Another user of the machine who finds the port: no connection without this run's password (as the
     * superuser, as the service role, or with last run's password), and the service role, even with its
     * password, is no superuser: {@code COPY ... TO PROGRAM} (a shell command as the server's user) is refused.
     */
    @Test
    void postgresIsClosedWithoutThePasswordAndTheServiceRoleCannotRunPrograms(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pg");
        String lastRunsPassword;
        try (LocalPostgres pg = LocalPostgres.start(data, 0, false)) {
            lastRunsPassword = pg.servicePassword();
        }
        try (LocalPostgres pg = LocalPostgres.start(data, 0, false)) {
            String url = pg.jdbcUrl("peercode");
            for (String[] login : new String[][] { { "postgres", "" }, { "postgres", "postgres" },
                    { "peercode", "" }, { "peercode", lastRunsPassword }, { "nobody", "" } }) {
                assertThatThrownBy(() -> DriverManager.getConnection(url, login[0], login[1]).close())
                        .isInstanceOf(SQLException.class).hasMessageContaining("password");
            }
            assertThat(pg.servicePassword()).isNotEqualTo(lastRunsPassword);
            Path marker = dir.resolve("pwned");
            try (Connection c = DriverManager.getConnection(url, LocalPostgres.SERVICE_USER, pg.servicePassword());
                    Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean(1)).isFalse();
                }
                assertThatThrownBy(() -> s.execute("COPY (SELECT 1) TO PROGRAM 'touch " + marker + "'"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("pg_execute_server_program");
                // What the services need: their own tables in their own database.
                s.execute("CREATE TABLE owned (id int)");
            }
            assertThat(marker).doesNotExist();
            assertThat(Files.getPosixFilePermissions(data.resolve(LocalPostgres.SUPERUSER_SECRET)))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    /** A cluster from before passwords (zonky's trust authentication) is closed on its next start, data kept. */
    @Test
    void aTrustClusterFromAnEarlierVersionIsClosedAndHandedToTheServiceRole(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pg");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1").start();
                Connection c = old.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE peercode");
        }
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1").start();
                Connection c = old.getDatabase("postgres", "peercode").getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE note (text varchar(20))");
            s.execute("INSERT INTO note VALUES ('kept')");
        }
        try (LocalPostgres pg = LocalPostgres.start(data, 0, false)) {
            String url = pg.jdbcUrl("peercode");
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "").close())
                    .isInstanceOf(SQLException.class);
            try (Connection c = DriverManager.getConnection(url, LocalPostgres.SERVICE_USER, pg.servicePassword());
                    Statement s = c.createStatement()) {
                s.execute("INSERT INTO note VALUES ('added')");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM note")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void redisAnswersOnLoopbackAndStopsOnClose() throws Exception {
        int port;
        try (LocalRedis redis = LocalRedis.start(null, 0)) {
            port = redis.port();
            String password = URI.create(redis.uri()).getUserInfo().substring(1);
            assertThat(send(port, "PING")).containsExactly("-NOAUTH Authentication required.");
            assertThat(send(port, "AUTH wrong-password", "PING").get(0)).startsWith("-WRONGPASS");
            assertThat(send(port, "AUTH " + password, "PING")).containsExactly("+OK", "+PONG");
        }
        assertThat(isListening(port)).isFalse();
    }

    /** Even with the password, no client can reconfigure the server (e.g. CONFIG SET dir + SAVE writes a file). */
    @Test
    void redisHasNoConfigDebugOrModuleCommandEvenWithThePassword() throws Exception {
        try (LocalRedis redis = LocalRedis.start(null, 0)) {
            String password = URI.create(redis.uri()).getUserInfo().substring(1);
            List<String> answers = send(redis.port(), "AUTH " + password, "CONFIG GET requirepass",
                    "CONFIG SET dir /tmp", "DEBUG SLEEP 0", "MODULE LIST", "PING");
            assertThat(answers.get(0)).isEqualTo("+OK");
            assertThat(answers.subList(1, 5)).allSatisfy(a -> assertThat(a).startsWith("-ERR unknown command"));
            assertThat(answers.get(5)).isEqualTo("+PONG");
        }
    }

    /** Sends inline commands, one answer line each (every command here answers in one line). */
    private static List<String> send(int port, String... commands) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> answers = new ArrayList<>();
            for (String command : commands) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                answers.add(in.readLine());
            }
            return answers;
        }
    }

    private static boolean isListening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
