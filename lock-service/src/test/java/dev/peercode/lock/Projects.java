package dev.peercode.lock;

import java.security.SecureRandom;
import java.util.Base64;

/** Test isolation: every test works in a project of its own. */
public final class Projects {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Projects() {
    }

    /** A fresh, valid project id ({@code proj_} + 16 URL-safe characters). */
    public static String fresh() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "proj_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
