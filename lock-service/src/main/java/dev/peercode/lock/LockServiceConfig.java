package dev.peercode.lock;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every limit and timing of the lock service, under {@code peercode.lock.*}. */
@ConfigMapping(prefix = "peercode.lock")
public interface LockServiceConfig {

    /** Lock time-to-live when the caller does not ask for one. */
    @WithDefault("15m")
    Duration defaultLockTtl();

    /** Shortest lock time-to-live a caller may ask for. */
    @WithDefault("10s")
    Duration minLockTtl();

    /** Longest lock time-to-live a caller may ask for. */
    @WithDefault("4h")
    Duration maxLockTtl();

    /** How many paths or globs one acquire, release or force-release call may name. */
    @WithDefault("100")
    int maxPathsPerCall();

    /**
     * Most live locks one project may hold at once; an acquire that would exceed it is refused
     * (422), so no caller can grow a project's lock set, which every acquire reads, without bound.
     */
    @WithDefault("1000")
    int maxLocksPerProject();

    /**
     * Most wildcards one lock pattern may use: each {@code *} and {@code ?} counts one, and so does a
     * {@code **} segment. More is refused (400, naming the path and this rule).
     */
    @WithDefault("8")
    int maxWildcardsPerPattern();

    /** Most {@code *} and {@code ?} one segment of a lock pattern may use. More is refused (400). */
    @WithDefault("4")
    int maxWildcardsPerSegment();

    /**
     * How many element comparisons (segments, characters) one acquire or lock check may spend
     * deciding which patterns overlap, inside Redis. It bounds the Redis time of every request
     * whatever its patterns (about 0.3 µs per comparison); real patterns use a few dozen per lock.
     * When it is spent, every pair still undecided counts as overlapping: a conflict, never a missed
     * one.
     */
    @WithDefault("20000")
    int overlapBudget();

    /** How long a granted push token stays valid before it expires and passes on. */
    @WithDefault("10m")
    Duration pushTokenTtl();

    /** How long the head of the push queue has to claim the token once it is handed over. */
    @WithDefault("2m")
    Duration claimWindow();

    /** How long the last completed push (commit SHA, summary, by whom) is remembered. */
    @WithDefault("30d")
    Duration lastPushRetention();

    /** A session is active when it was seen within this window. */
    @WithDefault("2m")
    Duration presenceWindow();

    /**
     * How long the expiry indexes outlive the entries they describe. A lock key vanishes on its own
     * TTL; its index entry stays this long so that a replica started late still emits its
     * {@code lock.expired} event.
     */
    @WithDefault("1d")
    Duration indexRetention();

    /** How often every replica sweeps for expired locks and push tokens. */
    @WithDefault("1s")
    Duration sweepInterval();

    /** How many expired entries one sweep script handles before it yields Redis to others. */
    @WithDefault("200")
    int sweepBatch();

    /**
     * Most lock index entries (and, separately, push tokens) one idle sweep looks at to find sessions gone idle
     * while holding them ({@code session.idle}); beyond it, holders of the rest are checked by no replica.
     */
    @WithDefault("10000")
    int idleSweepMaxEntries();

    /**
     * Whether the scheduled sweep also reports sessions gone idle while holding locks or the push token
     * ({@code session.idle}). Off only in the service's own tests, which run that sweep themselves.
     */
    @WithDefault("true")
    boolean idleSweepEnabled();
}
