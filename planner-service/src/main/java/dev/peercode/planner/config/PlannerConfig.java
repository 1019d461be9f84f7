package dev.peercode.planner.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every tunable of the planner, under {@code peercode.planner}. */
@ConfigMapping(prefix = "peercode.planner")
public interface PlannerConfig {

    /** Presence: a session seen within this window counts as active (replan analysis). */
    @WithDefault("2m")
    Duration activeSessionWindow();

    /** The delta log API. */
    Deltas deltas();

    /** The lock-service event stream consumer. */
    Events events();

    /** Debates. */
    Debate debate();

    /** Webhook delivery. */
    Webhooks webhooks();

    /** Outgoing webhooks: the delivery worker, retries and which targets are allowed. */
    interface Webhooks {
        /** Whether this replica runs the delivery worker (every replica may: claims never overlap). */
        @WithDefault("true")
        boolean deliveryEnabled();

        /** How often the worker looks for due deliveries. */
        @WithDefault("1s")
        String pollInterval();

        /** Deliveries claimed per poll. */
        @WithDefault("50")
        int batchSize();

        /** Connect and response timeout of one delivery: a slow receiver costs at most this per attempt. */
        @WithDefault("5s")
        Duration timeout();

        /** Attempts before a delivery is dead-lettered (status {@code dead}, kept in the history). */
        @WithDefault("8")
        int maxAttempts();

        /** Delay after the first failed attempt; doubled after each further one (with jitter). */
        @WithDefault("5s")
        Duration backoffBase();

        /** Longest delay between two attempts. */
        @WithDefault("15m")
        Duration backoffMax();

        /**
         * How long a claimed delivery is reserved for the worker that claimed it; if that worker dies
         * mid-send, another retries it after this (hence at-least-once). Longer than {@link #timeout()}.
         */
        @WithDefault("1m")
        Duration lease();

        /** Concurrent sends of this replica (all receivers together). */
        @WithDefault("16")
        int maxInFlight();

        /**
         * Whether webhook URLs may point at loopback, private, link-local or otherwise internal addresses.
         * Off in deployments: a member could otherwise make the planner call internal services (SSRF).
         * On in local mode (the launcher sets it) and tests, whose receivers run on loopback.
         */
        @WithDefault("false")
        boolean allowPrivateTargets();

        /** The web UI's public base URL (the gateway's), for links in messages, e.g. https://peercode.example.com. */
        @WithDefault("http://localhost:8080")
        String uiBaseUrl();
    }

    /** Delta log reading limits. */
    interface Deltas {
        /** Page size when the caller gives none. */
        @WithDefault("100")
        int defaultLimit();

        /** Largest page a caller may ask for. */
        @WithDefault("500")
        int maxLimit();

        /** Longest long-poll a caller may ask for, in seconds. */
        @WithDefault("30")
        int maxWaitSeconds();

        /**
         * Most reads one {@code POST …/deltas/reads} may carry (the gateway sends its waiting reads of a
         * project in batches of at most its {@code long-poll.batch-size}); more: 400 naming {@code reads}.
         */
        @WithDefault("1000")
        int maxBatch();
    }

    /** Consumption of {@code peercode:events} (see docs/internal-contracts.md). */
    interface Events {
        /** Whether this replica consumes the stream at all. */
        @WithDefault("true")
        boolean enabled();

        /** The Redis stream written by the lock service. */
        @WithDefault("peercode:events")
        String stream();

        /** The consumer group shared by all planner replicas. */
        @WithDefault("planner")
        String group();

        /** This replica's consumer name; must be unique per replica and stable across restarts. */
        @WithDefault("planner-local")
        String consumerName();

        /** How long one XREADGROUP blocks; also bounds how long shutdown waits for the worker. */
        @WithDefault("2s")
        Duration blockTimeout();

        /** Entries read per XREADGROUP / XAUTOCLAIM. */
        @WithDefault("100")
        int batchSize();

        /** A pending entry idle this long belongs to a dead consumer and is reclaimed. */
        @WithDefault("30s")
        Duration claimMinIdle();

        /** How often the worker looks for entries to reclaim and trims what the group acknowledged. */
        @WithDefault("10s")
        Duration reclaimInterval();

        /** The pub/sub channel announcing "project P is at seq N" after each commit. */
        @WithDefault("peercode:deltas")
        String deltasChannel();

        /**
         * The pub/sub channel announcing that a member's access to a project changed (token revoked, role
         * changed, member removed), so gateways drop what they kept.
         */
        @WithDefault("peercode:access")
        String accessChannel();
    }

    /** Debate defaults and the deadline sweeper. */
    interface Debate {
        /** Deadline when the caller gives none. */
        @WithDefault("30m")
        Duration defaultDeadline();

        /** Shortest deadline a caller may ask for. */
        @WithDefault("30s")
        Duration minDeadline();

        /** Longest deadline a caller may ask for. */
        @WithDefault("7d")
        Duration maxDeadline();

        /** How often the sweeper resolves or escalates debates past their deadline. */
        @WithDefault("5s")
        String sweepInterval();
    }
}
