package dev.peercode.gateway.security;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.runtime.util.HashUtil;

/**
 * A token bucket per caller key, in a bounded map: at most {@code maxCallers} buckets, the least
 * recently used forgotten first, and any bucket idle long enough to be full again dropped. Keys are
 * hashed before they are stored, so no bearer token stays in memory beyond the request that carried it.
 * Per replica by design: shared state (Redis) would put a round trip on every request.
 */
public final class RateLimiter {

    private final double perNano;
    private final double burst;
    private final Cache<String, Bucket> buckets;

    public RateLimiter(double requestsPerSecond, int burst, long maxCallers) {
        if (requestsPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate limit needs requests-per-second > 0 and burst >= 1");
        }
        this.perNano = requestsPerSecond / 1_000_000_000d;
        this.burst = burst;
        // A bucket idle this long has refilled completely; forgetting it changes nothing.
        Duration refill = Duration.ofNanos((long) Math.ceil(burst / perNano)).plusSeconds(1);
        this.buckets = Caffeine.newBuilder().maximumSize(maxCallers).expireAfterAccess(refill).build();
    }

    /** The key of a caller: a hash of its bearer credential, or its address when it sent none. */
    public static String key(String authorization, String address) {
        if (authorization == null || authorization.isBlank()) {
            return "addr:" + address;
        }
        return "auth:" + HashUtil.sha256(authorization);
    }

    /** Takes one request from {@code key}'s bucket: 0 when allowed, else how long until one is allowed. */
    public Duration acquire(String key) {
        return acquire(key, System.nanoTime());
    }

    Duration acquire(String key, long now) {
        Bucket bucket = buckets.get(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perNano);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / perNano));
        }
    }

    long trackedCallers() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
