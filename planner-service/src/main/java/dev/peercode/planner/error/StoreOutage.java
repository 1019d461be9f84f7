package dev.peercode.planner.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.hibernate.exception.JDBCConnectionException;

import dev.peercode.problem.StoreOutages;

/**
 * Tells a store that is down from a bug: a failure caused by PostgreSQL or Redis being unreachable is
 * answered 503 with {@code Retry-After} (the caller can only wait), anything else stays a 500.
 */
@Singleton
public class StoreOutage implements StoreOutages {

    static final String POSTGRESQL = "PostgreSQL";
    static final String REDIS = "Redis";

    @Override
    public String serviceName() {
        return "planner";
    }

    @Override
    public Optional<String> storeBehind(Throwable failure) {
        return of(failure);
    }

    /** The store whose outage caused {@code failure}, if that is what it is. */
    static Optional<String> of(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof JDBCConnectionException || e instanceof SQLTransientConnectionException
                    || e instanceof SQLException sql && (connectionState(sql.getSQLState()) || acquisitionTimeout(sql))) {
                return Optional.of(POSTGRESQL);
            }
            if (StoreOutages.connectionLost(e)) {
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
}
