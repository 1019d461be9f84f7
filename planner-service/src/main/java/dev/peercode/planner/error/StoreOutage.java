package dev.peercode.planner.error;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells a store that is down from a bug: a failure caused by PostgreSQL or Redis being unreachable is
 * answered 503 with {@code Retry-After} (the caller can only wait), anything else stays a 500.
 */
final class StoreOutage {

    static final String POSTGRESQL = "PostgreSQL";
    static final String REDIS = "Redis";

    private StoreOutage() {
    }

    /** The store whose outage caused {@code failure}, if that is what it is. */
    static Optional<String> of(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof JDBCConnectionException || e instanceof SQLTransientConnectionException
                    || e instanceof SQLException sql && (connectionState(sql.getSQLState()) || acquisitionTimeout(sql))) {
                return Optional.of(POSTGRESQL);
            }
            if (e instanceof ConnectException || e instanceof ClosedChannelException || redisConnection(e)) {
                // The planner's only other network peer is Redis (the event stream, the wake-ups).
                return Optional.of(REDIS);
            }
        }
        return Optional.empty();
    }

    /** SQLSTATE class 08 (connection exception) and 57P01..03 (the server shut down or is starting). */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    /** Agroal's pool: no connection could be made within the acquisition timeout. */
    private static boolean acquisitionTimeout(SQLException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Acquisition timeout");
    }

    /** The Vert.x Redis client reports a lost or refused connection with these messages, without a typed cause. */
    private static boolean redisConnection(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getName().startsWith("io.vertx") && message != null
                && (message.contains("Connection closed") || message.contains("Connection refused")
                        || message.contains("Client is closed"));
    }
}
