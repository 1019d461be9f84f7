package dev.peercode.lock.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts of {@code src/main/resources/lua}, each run as {@code lib.lua} + its own body so
 * that one call is one atomic script. Their SHA-1 is computed here, so {@code EVALSHA} needs no
 * round-trip to learn it.
 */
public enum Script {
    LOCK_ACQUIRE("lock_acquire"),
    LOCK_RELEASE("lock_release"),
    LOCK_FORCE_RELEASE("lock_force_release"),
    LOCK_QUERY("lock_query"),
    LOCK_SWEEP("lock_sweep"),
    SYNC_START("sync_start"),
    SYNC_COMPLETE("sync_complete"),
    SYNC_ABORT("sync_abort"),
    SYNC_STATUS("sync_status"),
    SYNC_SWEEP("sync_sweep"),
    IDLE_SWEEP("idle_sweep"),
    PRESENCE_TOUCH("presence_touch"),
    PRESENCE_LIST("presence_list");

    private final String source;
    private final String sha;

    Script(String name) {
        this.source = resource("lib") + "\n" + resource(name);
        this.sha = sha1(source);
    }

    public String source() {
        return source;
    }

    public String sha() {
        return sha;
    }

    static String resource(String name) {
        try (InputStream in = Script.class.getResourceAsStream("/lua/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("Missing Lua script lua/" + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
