package dev.peercode.e2e;

import dev.peercode.launcher.LocalStack;
import dev.peercode.launcher.TemporaryStack;

/**
 * One PeerCode set per test JVM, in local mode (authentication off), started on first use and
 * stopped when the JVM exits. Every test works in projects of its own, so tests share it safely.
 */
final class Stack {

    private static LocalStack stack;

    private Stack() {
    }

    static synchronized String gatewayUrl() {
        return stack().gatewayUrl();
    }

    /** The planner's internal API, which only the gateway's credential opens. */
    static synchronized String plannerUrl() {
        return stack().plannerUrl();
    }

    /** The lock service's internal API, which only the gateway's credential opens. */
    static synchronized String lockUrl() {
        return stack().lockUrl();
    }

    /** The Redis the services share ({@code redis://:password@host:port}), for tests that publish on it directly. */
    static synchronized String redisUrl() {
        return stack().storeEnvironment().get("PEERCODE_REDIS_URL");
    }

    private static LocalStack stack() {
        if (stack == null) {
            stack = TemporaryStack.startLocal("e2e").stack();
        }
        return stack;
    }
}
