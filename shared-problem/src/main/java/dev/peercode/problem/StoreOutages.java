package dev.peercode.problem;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;

/**
 * What each backend tells {@link BackendProblemMapper}: its name in messages, and which of its stores
 * is down when a failure is caused by one being unreachable (answered 503 with {@code Retry-After}: the
 * caller can only wait) rather than by a bug (500).
 */
public interface StoreOutages {

    /** As it appears in a detail: {@code planner}, {@code lock service}. */
    String serviceName();

    /** The store whose outage caused {@code failure}, if that is what it is. */
    Optional<String> storeBehind(Throwable failure);

    /**
     * A lost, refused or closed network connection: a socket error, or the Vert.x clients' messages for it
     * (they carry no typed cause).
     */
    static boolean connectionLost(Throwable e) {
        if (e instanceof ConnectException || e instanceof ClosedChannelException) {
            return true;
        }
        String message = e.getMessage();
        return e.getClass().getName().startsWith("io.vertx") && message != null
                && (message.contains("Connection closed") || message.contains("Connection refused")
                        || message.contains("Client is closed"));
    }
}
