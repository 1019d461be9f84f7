package dev.peercode.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.api.planner.ProjectDtos.VerifiedToken;
import dev.peercode.stores.testing.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/**
 * The access cache against a real Redis: the replica hears its own hello and starts keeping (a hello said once,
 * before Redis had put the subscription in place, was lost and nothing was ever kept), and an announcement on the
 * channel drops what was kept.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class AccessCacheRedisTest {

    private static final String P = "proj_AAAAAAAAAAAAAAAA";
    private static final VerifiedToken TOKEN = new VerifiedToken(P, "bob", "member", "tok_1");

    @Inject
    AccessCache cache;

    @Inject
    RedisDataSource redis;

    @Test
    void theReplicaStartsKeepingOnceSubscribedAndAnAnnouncementDropsWhatItKept() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            cache.token("pct_secret", () -> Uni.createFrom().item(Optional.of(TOKEN))).await().indefinitely();
            assertThat(cache.keptToken("pct_secret")).contains(TOKEN);
        });

        redis.pubsub(String.class).publish("peercode:access", "{\"projectId\":\"" + P + "\",\"subject\":\"bob\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.keptToken("pct_secret").isEmpty());
    }
}
