package dev.peercode.lock.error;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

/**
 * Tells Redis being down from a bug: a failure caused by an unreachable or silent Redis is answered 503
 * with {@code Retry-After} (the caller can only wait), anything else stays a 500.
 */
final class RedisOutage {

    private RedisOutage() {
    }

    static boolean causes(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ConnectException || e instanceof ClosedChannelException
                    || e instanceof io.smallrye.mutiny.TimeoutException || connectionLost(e)) {
                return true;
            }
        }
        return false;
    }

    /** The Vert.x Redis client reports a lost or refused connection with these messages, without a typed cause. */
    private static boolean connectionLost(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getName().startsWith("io.vertx") && message != null
                && (message.contains("Connection closed") || message.contains("Connection refused")
                        || message.contains("Client is closed"));
    }
}
