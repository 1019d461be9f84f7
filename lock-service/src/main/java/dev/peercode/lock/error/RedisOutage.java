package dev.peercode.lock.error;

import java.util.Optional;

import jakarta.inject.Singleton;

import dev.peercode.problem.StoreOutages;

/**
 * Tells Redis being down from a bug: a failure caused by an unreachable or silent Redis is answered 503
 * with {@code Retry-After} (the caller can only wait), anything else stays a 500.
 */
@Singleton
public class RedisOutage implements StoreOutages {

    @Override
    public String serviceName() {
        return "lock service";
    }

    @Override
    public Optional<String> storeBehind(Throwable failure) {
        return causes(failure) ? Optional.of("Redis") : Optional.empty();
    }

    static boolean causes(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof io.smallrye.mutiny.TimeoutException || StoreOutages.connectionLost(e)) {
                return true;
            }
        }
        return false;
    }
}
