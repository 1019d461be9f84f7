package dev.peercode.security;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The internal credential of a PeerCode service, under {@code peercode.internal.*}. */
@ConfigMapping(prefix = "peercode.internal")
public interface InternalCredentialConfig {

    /**
     * The shared secret the gateway sends as {@code Authorization: Bearer …} on every call
     * ({@code PEERCODE_INTERNAL_TOKEN}, at least 16 characters). No default: required in production,
     * where the service refuses to start without it; unset in dev mode means no check.
     */
    Optional<String> token();
}
