package dev.peercode.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.peercode.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * HMAC-SHA256 under the secret only gateway replicas hold ({@code peercode.gateway.secret}). Every use signs a
 * message that starts with its own label, so a signature made for one purpose never passes for another. Without
 * a secret (dev mode only; production refuses to start) nothing can be signed: MCP sessions are then served
 * only by the replica that holds them. Its start-up check ({@link #check}) also holds the internal credential to its
 * rules, the two shared secrets in one place.
 */
@ApplicationScoped
public class GatewaySecret {

    static final int MIN_LENGTH = 32;
    static final int INTERNAL_TOKEN_MIN_LENGTH = 16;

    private final Optional<SecretKeySpec> key;

    @Inject
    GatewaySecret(GatewayConfig config) {
        this(configured(config.secret()).map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
    }

    private GatewaySecret(Optional<SecretKeySpec> key) {
        this.key = key;
    }

    /**
     * A random secret of this process alone, for signatures that need neither survive a restart nor pass
     * between replicas: what signs the web UI's CSRF tokens in dev mode, where no gateway secret is configured.
     */
    public static GatewaySecret ephemeral() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new GatewaySecret(Optional.of(new SecretKeySpec(bytes, "HmacSHA256")));
    }

    /**
     * Production refuses to start without the gateway secret, or without the internal credential the planner and the
     * lock service require (they would answer every call 401), or with a short one; dev mode warns.
     */
    void check(@Observes StartupEvent event, GatewayConfig config) {
        Optional<String> secret = configured(config.secret());
        Optional<String> internalToken = configured(config.internalToken());
        required(secret, MIN_LENGTH, "peercode.gateway.secret", "PEERCODE_GATEWAY_SECRET", "the gateways sign MCP "
                + "session records and web UI CSRF tokens with it (openssl rand -base64 32)",
                "No gateway secret configured (dev mode): MCP sessions are not shared between replicas");
        required(internalToken, INTERNAL_TOKEN_MIN_LENGTH, "peercode.gateway.internal-token", "PEERCODE_INTERNAL_TOKEN",
                "the planner and the lock service accept only calls that carry it",
                "No internal token configured (dev mode): calls to the planner and lock service carry none");
        if (secret.isPresent() && secret.equals(internalToken)) {
            throw new IllegalStateException("peercode.gateway.secret must differ from the internal token: the "
                    + "planner and the lock service hold that one");
        }
    }

    private static void required(Optional<String> value, int minLength, String property, String variable, String use,
            String devWarning) {
        if (value.isEmpty()) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException(property + " (" + variable + ") is not set: " + use);
            }
            Log.warn(devWarning);
        } else if (value.get().length() < minLength) {
            throw new IllegalStateException(property + " must be at least " + minLength
                    + " characters (generate one with: openssl rand -base64 32)");
        }
    }

    private static Optional<String> configured(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Whether this replica can sign at all. */
    public boolean present() {
        return key.isPresent();
    }

    /** The signature of {@code label + "\n" + message}, URL-safe base64; empty without a secret. */
    public Optional<String> sign(String label, String message) {
        return key.map(k -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(k);
                byte[] digest = mac.doFinal((label + "\n" + message).getBytes(StandardCharsets.UTF_8));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Whether {@code signature} is this secret's signature of the message, compared in constant time. */
    public boolean verify(String label, String message, String signature) {
        return signature != null && sign(label, message)
                .map(expected -> MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                        signature.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }

    /**
     * What a replica sends another on a forwarded hop to prove it is a replica: derived from the gateway secret,
     * so neither the internal credential nor anything the backends hold opens the hop.
     */
    public Optional<String> hopCredential() {
        return sign("hop", "peercode-gateway-hop");
    }
}
