package dev.peercode.stores;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Random passwords for the embedded stores, and files only their owner can read. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** 32 random bytes, URL-safe base64 (no character that needs quoting in SQL, a URL or redis.conf). */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new temporary file, mode 0600 from its creation, holding {@code content}. */
    static Path privateFile(String prefix, String content) throws IOException {
        Path file = Files.createTempFile(prefix, ".secret"); // 0600 on POSIX
        Files.writeString(file, content);
        return file;
    }

    /** Writes {@code content} to {@code file}, created or truncated, mode 0600. */
    static void writePrivate(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".tmp-", ".secret");
        Files.writeString(tmp, content, StandardOpenOption.TRUNCATE_EXISTING);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
