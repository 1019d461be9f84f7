package dev.peercode.gateway.identity;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import dev.peercode.gateway.config.GatewayConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.runtime.util.HashUtil;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * OIDC access tokens this replica verified, kept until they expire, so that a person's every call does not parse
 * the JWT and check its RS256 signature again (at 64 sessions that was the gateway's bottleneck: BENCHMARKS.md,
 * "Authentication on"). quarkus-oidc caches introspection and UserInfo answers, not locally verified JWTs.
 * <p>
 * A token is kept only after quarkus-oidc accepted it (signature, issuer, audience, expiry: the augmentation
 * sees only identities it built), under the SHA-256 of the exact token and the OIDC tenant that accepted it,
 * and never past its {@code exp}: a token that differs in one character — tampered, another audience, another
 * issuer, re-signed — is another key and is verified in full. A kept token is answered where the request arrived
 * (the event loop), on the bearer routes only, by {@link BearerTokenMechanism}, before quarkus-oidc's mechanism runs
 * at all. It is kept by {@link Keeper}, which sees every identity once it is built.
 * <p>
 * What a person may do is not decided here: membership and role come from {@link AccessCache}, which the planner's
 * announcements empty. An OIDC access token itself cannot be revoked before its {@code exp} (the issuer offers no
 * such signal to a resource server that verifies locally), so keeping it until then accepts nothing quarkus-oidc
 * would refuse (docs: SECURITY.md).
 */
@ApplicationScoped
public class KeptAccessTokens {

    /** Set on an identity answered from here: it is not kept again. */
    static final String KEPT = "peercode.keptAccessToken";
    /** On a kept identity: the {@link Caller} it is (a person; see {@link CallerResolver#of}). */
    static final String PERSON = "peercode.person";
    /** quarkus-oidc's name for the tenant, on the routing context and on the identities it builds. */
    private static final String TENANT_ID = "tenant-id";

    private record Kept(SecurityIdentity identity, String tenant, long expiresAtMillis) {
    }

    private final boolean enabled;
    private final Cache<String, Kept> kept;
    private final LongAdder served = new LongAdder();

    KeptAccessTokens(GatewayConfig config) {
        this.enabled = config.auth().enabled() && config.accessCache().enabled();
        this.kept = Caffeine.newBuilder().maximumSize(config.accessCache().maxEntries())
                .expireAfter(Expiry.writing((String token, Kept value) -> Duration
                        .ofMillis(Math.max(0, value.expiresAtMillis() - System.currentTimeMillis()))))
                .build();
    }

    /**
     * The identity quarkus-oidc built for exactly {@code token} when its tenant {@code tenant} accepted it, bound to
     * request {@code rc}; null when this replica keeps no such identity or the token expired.
     */
    SecurityIdentity kept(String token, String tenant, RoutingContext rc) {
        if (!enabled) {
            return null;
        }
        Kept known = kept.getIfPresent(HashUtil.sha256(token));
        if (known == null || !known.tenant().equals(tenant) || known.expiresAtMillis() <= System.currentTimeMillis()) {
            return null;
        }
        served.increment();
        // The identity quarkus-oidc built carries the request it was built for: this request replaces it.
        return QuarkusSecurityIdentity.builder(known.identity())
                .addAttribute(RoutingContext.class.getName(), rc)
                .addAttribute(KEPT, Boolean.TRUE)
                .build();
    }

    /** Keeps {@code identity} if quarkus-oidc has just built it from an access token. */
    void keep(SecurityIdentity identity) {
        if (!enabled || identity.getAttribute(KEPT) != null || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || !(identity.getAttribute(TENANT_ID) instanceof String tenant)
                || identity.getCredential(IdTokenCredential.class) != null) {
            // (an identity of the web UI's login: its exp is the ID token's, and it is not a bearer's)
            return;
        }
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        long expiresAt = TimeUnit.SECONDS.toMillis(jwt.getExpirationTime());
        if (credential != null && credential.getClass() == AccessTokenCredential.class && credential.getToken() != null
                && expiresAt > System.currentTimeMillis()) {
            // Without the request it was built for (that one is over; each later request puts its own), and with the
            // caller it is, worked out once here instead of from the token's claims on every call (none when its
            // subject is unusable: CallerResolver refuses it then, as for a token it has not seen).
            String subject = jwt.getName();
            QuarkusSecurityIdentity.Builder unbound = QuarkusSecurityIdentity.builder(identity)
                    .addAttribute(RoutingContext.class.getName(), null)
                    .addAttribute(AuthenticationRequestContext.class.getName(), null);
            if (CallerResolver.usableSubject(subject)) {
                unbound.addAttribute(PERSON, Caller.person(subject, PersonName.of(jwt)));
            }
            kept.put(HashUtil.sha256(credential.getToken()), new Kept(unbound.build(), tenant, expiresAt));
        }
    }

    /** Sees every identity once it is built, and keeps those quarkus-oidc built from an access token. */
    @ApplicationScoped
    static class Keeper implements SecurityIdentityAugmentor {

        private final KeptAccessTokens tokens;

        Keeper(KeptAccessTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            tokens.keep(identity);
            return Uni.createFrom().item(identity);
        }
    }

    /** How many requests were answered from what is kept: only {@link BearerTokenMechanism} asks (tests). */
    long served() {
        return served.sum();
    }

    /** Whether {@code token} is kept (tests). */
    boolean keeps(String token) {
        return kept.getIfPresent(HashUtil.sha256(token)) != null;
    }
}
