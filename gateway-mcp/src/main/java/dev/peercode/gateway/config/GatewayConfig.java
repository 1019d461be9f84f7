package dev.peercode.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every tunable of the gateway, under {@code peercode.gateway}. Backend URLs and timeouts are REST-client keys. */
@ConfigMapping(prefix = "peercode.gateway")
public interface GatewayConfig {

    /** Live updates from the planner. */
    Live live();

    /** Delta reads that wait for the next delta ({@code waitSeconds}). */
    LongPoll longPoll();

    /** Authentication of people (OIDC) and agents (agent tokens); DESIGN.md §7. */
    Auth auth();

    /** Authentication: OIDC itself is configured under {@code quarkus.oidc} (issuer, audience, web-app client). */
    interface Auth {
        /**
         * Whether callers must authenticate ({@code PEERCODE_AUTH_ENABLED}). Off is local mode: every caller is
         * the owner of everything, allowed only while the gateway binds a loopback address.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** Verified agent tokens and memberships kept between calls (identity/AccessCache). */
    AccessCache accessCache();

    /**
     * Every call would otherwise ask the planner who an agent token is and whether a person is a member. The
     * answers are kept per replica and dropped on every replica the moment the planner publishes that a token
     * was revoked or a membership changed; the time to live only bounds what a lost message could leave behind.
     */
    interface AccessCache {
        /** Whether answers are kept at all (off: the planner is asked on every call). */
        @WithDefault("true")
        boolean enabled();

        /** The longest an answer is kept; the backstop for an invalidation lost while Redis was away. */
        @WithDefault("30s")
        Duration timeToLive();

        /** Most tokens, and most memberships, kept per replica. */
        @WithDefault("10000")
        long maxEntries();

        /** The Redis pub/sub channel the planner announces access changes on ({@code {"projectId","subject"}}). */
        @WithDefault("peercode:access")
        String channel();
    }

    /**
     * The shared secret sent as {@code Authorization: Bearer …} on every call to the planner and the
     * lock service ({@code PEERCODE_INTERNAL_TOKEN}, at least 16 characters; docs/internal-contracts.md).
     * No default: required in production, where the gateway refuses to start without it.
     */
    Optional<String> internalToken();

    /**
     * The secret only gateway replicas hold ({@code PEERCODE_GATEWAY_SECRET}, at least 32 characters; the launcher
     * generates one per run, Kubernetes mounts it from the gateway's own Secret). It signs the MCP session records
     * and the replica registry in Redis, proves a forwarded hop between replicas, and signs the web UI's CSRF
     * tokens. Never the internal credential: the planner and the lock service, which also reach Redis, do not
     * hold it. No default: required in production, like the internal credential.
     */
    Optional<String> secret();

    /** Requests per caller on {@code /mcp*} and {@code /api/v1/*}. */
    RateLimit rateLimit();

    /** Which browser origins may call {@code /mcp*} (DNS-rebinding protection required by the MCP spec). */
    Origins origins();

    /** Limits on every JSON document the gateway parses. */
    Json json();

    /** MCP session routing between gateway replicas (k8s/README.md, "MCP sessions across replicas"). */
    Routing routing();

    /**
     * The MCP extension keeps each Streamable HTTP session in the memory of the replica that answered its
     * {@code initialize}. That replica records {@code session id -> its own address} in Redis; a replica that
     * gets a request for a session it does not hold forwards it there, so any replica can serve any session.
     */
    interface Routing {
        /** Whether this replica records its sessions and forwards requests for sessions held elsewhere. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The address other replicas reach this one at, e.g. {@code http://10.1.2.3:8080}
         * ({@code PEERCODE_GATEWAY_ADVERTISED_URL}; on Kubernetes the pod IP from the downward API). Empty: this
         * replica records none of its sessions (a single replica needs none) but still forwards to others.
         */
        Optional<String> advertisedUrl();

        /**
         * How long a session's record lives in Redis after its last request. The extension forgets an idle
         * session after {@code quarkus.mcp.server.connection-idle-timeout} (30 min by default): keep them equal.
         */
        @WithDefault("30m")
        Duration sessionTtl();

        /**
         * How long a request for a session nobody is known to hold waits for the record once more before
         * answering 404: the owner records a new session while its {@code initialize} answer is on the way, so
         * a client that is faster than that write (a cold Redis connection) is not sent to re-initialize.
         */
        @WithDefault("250ms")
        Duration registrationGrace();

        /** How long the hop to the owning replica may take to connect; a replica that is gone answers 404 after it. */
        @WithDefault("2s")
        Duration connectTimeout();

        /**
         * Most connections from this replica to one other replica. Each forwarded SSE stream holds one for as
         * long as it is open, so this bounds the forwarded streams per pair of replicas.
         */
        @WithDefault("1000")
        int maxConnectionsPerReplica();
    }

    /**
     * A token bucket per caller: the bearer token (only its SHA-256 is kept) or, without one, the client
     * address. Per replica: with N gateway replicas a caller may get up to N times the rate.
     */
    interface RateLimit {
        /** Whether requests are limited at all. */
        @WithDefault("true")
        boolean enabled();

        /** Sustained requests per second per caller. */
        @WithDefault("50")
        double requestsPerSecond();

        /** Requests a caller may make at once after being idle (the bucket's size). */
        @WithDefault("100")
        int burst();

        /** Most callers tracked at once; the least recently seen are forgotten first (they start full). */
        @WithDefault("100000")
        long maxCallers();
    }

    /** Origin check on the MCP endpoint. Requests without an {@code Origin} header (non-browser clients) pass. */
    interface Origins {
        /** Whether the check runs. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Allowed origins, exactly ({@code https://peercode.example.com}) or with any port
         * ({@code http://localhost:*}). Add the gateway's public URL in a deployment. The request's own
         * {@code Host} is deliberately not trusted: in a DNS-rebinding attack it names the attacker's host.
         */
        @WithDefault("http://localhost:*,http://127.0.0.1:*,http://[::1]:*")
        List<String> allowed();
    }

    /** Jackson's stream limits, checked while parsing: deeper or longer input is a 400, never a deep recursion. */
    interface Json {
        /** Deepest nesting of objects and arrays. */
        @WithDefault("64")
        int maxNestingDepth();

        /** Longest string value, in characters. */
        @WithDefault("1000000")
        int maxStringLength();
    }

    /** Live updates: the planner's "project P is at seq N" wake-ups (docs/internal-contracts.md). */
    interface Live {
        /** Whether this replica listens at all (off: no resource update notifications). */
        @WithDefault("true")
        boolean enabled();

        /** The Redis pub/sub channel the planner publishes on after each commit of deltas. */
        @WithDefault("peercode:deltas")
        String channel();

        /** How long to wait before subscribing again after the subscription failed (Redis down). */
        @WithDefault("5s")
        Duration resubscribeDelay();
    }

    /**
     * Waiting delta reads ({@code peercode_get_deltas} / {@code GET …/deltas} with {@code waitSeconds}). A
     * wait holds no thread and no backend connection (it waits on the planner's wake-ups), only its own
     * HTTP request; these limits keep one caller, or all of them, from holding without bound.
     */
    interface LongPoll {
        /**
         * Most reads one caller (a person, or one agent token; every local-mode caller is one) may have
         * waiting at once on this replica; more are refused with 429.
         */
        @WithDefault("1000")
        int maxPerCaller();

        /** Most reads waiting at once on this replica, all callers together; more are refused with 429. */
        @WithDefault("10000")
        int maxPerReplica();

        /**
         * Most waiting reads of one project sent to the planner in one call when a delta wakes them
         * ({@code POST …/deltas/reads}); more waits make several calls, sent together. At most the
         * planner's {@code peercode.planner.deltas.max-batch}.
         */
        @WithDefault("1000")
        int batchSize();
    }
}
