package dev.peercode.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoresTest {

    @Test
    void postgresKeepsItsDataAcrossRestartsOfAPersistentCluster(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pg");
        try (LocalPostgres first = LocalPostgres.start(data, 0, false);
                Connection c = DriverManager.getConnection(first.jdbcUrl("peercode"), LocalPostgres.USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE note (text varchar(20))");
            s.execute("INSERT INTO note VALUES ('kept')");
        }
        assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();

        try (LocalPostgres second = LocalPostgres.start(data, 0, false);
                Connection c = DriverManager.getConnection(second.jdbcUrl("peercode"), LocalPostgres.USER, "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT text FROM note")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        }
    }

    @Test
    void redisAnswersOnLoopbackAndStopsOnClose() throws Exception {
        int port;
        try (LocalRedis redis = LocalRedis.start(null, 0)) {
            port = redis.port();
            assertThat(ping(port)).isEqualTo("+PONG");
        }
        assertThat(isListening(port)).isFalse();
    }

    private static String ping(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
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
