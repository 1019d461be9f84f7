package dev.peercode.planner.common;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import dev.peercode.api.IdFormats;

/** Identifier formats of docs/internal-contracts.md: a prefix plus random URL-safe characters. */
public final class Ids {

    public static final String PROJECT_PREFIX = "proj_";
    public static final String TASK_PREFIX = "task_";
    public static final String PHASE_PREFIX = "phase_";
    public static final String DEBATE_PREFIX = "deb_";
    public static final String TOKEN_ID_PREFIX = "tok_";
    public static final String REVISION_PREFIX = "rev_";
    public static final String TOKEN_PREFIX = "pct_";

    /** The formats the lock service and the wire records check too ({@link IdFormats}). */
    public static final String PROJECT_REGEX = IdFormats.PROJECT;
    public static final String TASK_REGEX = IdFormats.TASK;
    public static final String PHASE_REGEX = IdFormats.PHASE;
    public static final String DEBATE_REGEX = "deb_[A-Za-z0-9_-]{12}";
    public static final String TOKEN_ID_REGEX = "tok_[A-Za-z0-9_-]{12}";
    public static final String WEBHOOK_REGEX = "whk_[A-Za-z0-9_-]{12}";
    public static final String SESSION_REGEX = IdFormats.SESSION;

    public static final Pattern TASK = Pattern.compile(TASK_REGEX);
    public static final Pattern SESSION = Pattern.compile(SESSION_REGEX);

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            .toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String project() {
        return PROJECT_PREFIX + random(16);
    }

    public static String task() {
        return TASK_PREFIX + random(12);
    }

    public static String phase() {
        return PHASE_PREFIX + random(12);
    }

    public static String debate() {
        return DEBATE_PREFIX + random(12);
    }

    public static String tokenId() {
        return TOKEN_ID_PREFIX + random(12);
    }

    public static String revision() {
        return REVISION_PREFIX + random(12);
    }

    public static String webhook() {
        return "whk_" + random(12);
    }

    /** A webhook signing secret: 43 random characters, 258 bits. */
    public static String webhookSecret() {
        return "whsec_" + random(43);
    }

    /** An agent token secret: 32 random characters, 192 bits. */
    public static String tokenSecret() {
        return TOKEN_PREFIX + random(32);
    }

    /** Only this hash of an agent token is stored; a fast hash suffices for 192 random bits. */
    public static String sha256(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
