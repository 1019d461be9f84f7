package dev.peercode.stores.testing;

import dev.peercode.stores.LocalPostgres;
import dev.peercode.stores.LocalRedis;

/**
 * One throw-away PostgreSQL and one Redis per test JVM, started on first use and stopped when the
 * JVM exits. Quarkus restarts the application for each test profile; the stores stay up, which
 * saves seconds per restart. Tests isolate themselves by creating their own projects.
 */
final class SharedStores {

    private static LocalPostgres postgres;
    private static LocalRedis redis;

    private SharedStores() {
    }

    static synchronized LocalPostgres postgres() {
        if (postgres == null) {
            postgres = LocalPostgres.start(null, 0, true);
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "stop-embedded-postgres"));
        }
        return postgres;
    }

    static synchronized LocalRedis redis() {
        if (redis == null) {
            redis = LocalRedis.start(null, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "stop-embedded-redis"));
        }
        return redis;
    }
}
