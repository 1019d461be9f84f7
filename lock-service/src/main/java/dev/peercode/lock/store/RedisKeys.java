package dev.peercode.lock.store;

/**
 * Every Redis key the lock service uses, in one place (the README's "Redis keys" table says the
 * same). The Lua scripts build the same names in {@code lua/lib.lua}; a test checks that both agree.
 *
 * <p>
 * Per project ({@code p} is the project id):
 * <ul>
 * <li>{@code peercode:p:lock:<pattern>} string, the holder session, with the lock's real TTL;</li>
 * <li>{@code peercode:p:locks} hash pattern → lock details (JSON), kept until reported;</li>
 * <li>{@code peercode:p:fence} counter of fencing tokens (no TTL: tokens must never go back);</li>
 * <li>{@code peercode:p:sync} hash, push token state; {@code peercode:p:sync:lease} its real
 * TTL;</li>
 * <li>{@code peercode:p:sync:queue} list, the FIFO of waiting sessions;</li>
 * <li>{@code peercode:p:sync:last} hash, the last completed push;</li>
 * <li>{@code peercode:p:presence} sorted set session → last seen (ms);</li>
 * <li>{@code peercode:p:session:<session>} string, the member the session name is bound to, with the
 * binding's TTL (presence window, or longer while the session holds locks or a push turn).</li>
 * <li>{@code peercode:p:lockidx:at:<prefix>} / {@code peercode:p:lockidx:under:<prefix>} sets of patterns, the
 * lock index (lua/lib.lua): the locks whose literal prefix is {@code prefix} / strictly extends it;
 * {@code peercode:p:lockidx} marks the project's index complete; each kept as long as the locks hash;</li>
 * <li>{@code peercode:p:idle:<session>} string, set (NX) when the session's idle episode was reported as
 * {@code session.idle}, deleted when the session is seen again; TTL {@code index-retention}.</li>
 * </ul>
 * Across projects: {@link #EVENTS}, {@link #LOCK_EXPIRIES}, {@link #SYNC_EXPIRIES}.
 */
public final class RedisKeys {

    /** The event stream the planner consumes (docs/internal-contracts.md). */
    public static final String EVENTS = "peercode:events";
    /** Sorted set {@code projectId + "\n" + pattern} → expiry (ms): what the sweeper looks at. */
    public static final String LOCK_EXPIRIES = "peercode:lock-expiries";
    /** Sorted set projectId → push token (or claim window) expiry (ms). */
    public static final String SYNC_EXPIRIES = "peercode:sync-expiries";

    private static final String NS = "peercode:";

    private RedisKeys() {
    }

    public static String lock(String projectId, String pattern) {
        return NS + projectId + ":lock:" + pattern;
    }

    public static String locks(String projectId) {
        return NS + projectId + ":locks";
    }

    /** The lock index's set of locks whose literal prefix (leading glob-free segments) is {@code prefix}. */
    public static String lockIndexAt(String projectId, String prefix) {
        return NS + projectId + ":lockidx:at:" + prefix;
    }

    /** The lock index's set of locks whose literal prefix strictly extends {@code prefix}. */
    public static String lockIndexUnder(String projectId, String prefix) {
        return NS + projectId + ":lockidx:under:" + prefix;
    }

    /** Present while the project's lock index is complete. */
    public static String lockIndexReady(String projectId) {
        return NS + projectId + ":lockidx";
    }

    public static String fence(String projectId) {
        return NS + projectId + ":fence";
    }

    public static String sync(String projectId) {
        return NS + projectId + ":sync";
    }

    public static String syncLease(String projectId) {
        return NS + projectId + ":sync:lease";
    }

    public static String syncQueue(String projectId) {
        return NS + projectId + ":sync:queue";
    }

    public static String syncLast(String projectId) {
        return NS + projectId + ":sync:last";
    }

    public static String presence(String projectId) {
        return NS + projectId + ":presence";
    }

    public static String session(String projectId, String session) {
        return NS + projectId + ":session:" + session;
    }
}
