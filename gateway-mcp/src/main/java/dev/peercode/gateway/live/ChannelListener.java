package dev.peercode.gateway.live;

import java.time.Duration;
import java.util.function.Consumer;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/**
 * Listens to one Redis pub/sub channel until stopped. When the subscription fails or ends (Redis away), it
 * says so and subscribes again after a pause: what the planner publishes there are announcements, and a
 * listener must know when it may have missed some.
 */
public final class ChannelListener {

    private final ReactiveRedisDataSource redis;
    private final String channel;
    private final Duration retryAfter;
    private final Vertx vertx;
    private final Consumer<String> onMessage;
    private final Runnable onListening;
    private final Consumer<Throwable> onDeaf;
    private volatile Cancellable subscription;
    private volatile boolean stopped;

    /**
     * @param onListening runs each time the subscription is (again) in place
     * @param onDeaf runs each time it failed (the cause) or ended (null), before the pause
     */
    public ChannelListener(ReactiveRedisDataSource redis, String channel, Duration retryAfter, Vertx vertx,
            Consumer<String> onMessage, Runnable onListening, Consumer<Throwable> onDeaf) {
        this.redis = redis;
        this.channel = channel;
        this.retryAfter = retryAfter;
        this.vertx = vertx;
        this.onMessage = onMessage;
        this.onListening = onListening;
        this.onDeaf = onDeaf;
    }

    public void start() {
        if (stopped) {
            return;
        }
        subscription = redis.pubsub(String.class).subscribe(channel)
                .onSubscription().invoke(onListening)
                .subscribe().with(onMessage, this::deaf, () -> deaf(null));
    }

    public void stop() {
        stopped = true;
        Cancellable s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private void deaf(Throwable cause) {
        onDeaf.accept(cause);
        vertx.setTimer(retryAfter.toMillis(), t -> start());
    }
}
