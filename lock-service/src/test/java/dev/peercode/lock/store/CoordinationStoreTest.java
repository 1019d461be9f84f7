package dev.peercode.lock.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.lock.Projects;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class CoordinationStoreTest {

    @Inject
    RedisDataSource redis;

    @Test
    void scriptsAreReloadedWhenRedisForgotThem() {
        redis.execute("SCRIPT", "FLUSH");
        assertThat(redis.execute("SCRIPT", "EXISTS", Script.LOCK_ACQUIRE.sha()).get(0).toInteger()).isZero();

        String project = Projects.fresh();
        given().contentType(ContentType.JSON).body(Map.of("session", "alice", "paths", List.of("a.txt")))
                .when().post("/v1/projects/{p}/locks", project)
                .then().statusCode(200);

        assertThat(redis.execute("SCRIPT", "EXISTS", Script.LOCK_ACQUIRE.sha()).get(0).toInteger()).isOne();
    }

    @Test
    void scriptsWriteTheKeysRedisKeysDocuments() {
        String project = Projects.fresh();
        given().contentType(ContentType.JSON).body(Map.of("session", "alice", "paths", List.of("a.txt")))
                .when().post("/v1/projects/{p}/locks", project)
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("session", "alice"))
                .when().post("/v1/projects/{p}/sync/start", project).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("session", "bob"))
                .when().post("/v1/projects/{p}/sync/start", project).then().statusCode(200);

        assertThat(redis.key().keys("peercode:" + project + ":*")).containsExactlyInAnyOrder(
                RedisKeys.lock(project, "a.txt"), RedisKeys.locks(project), RedisKeys.fence(project),
                RedisKeys.sync(project), RedisKeys.syncLease(project), RedisKeys.syncQueue(project),
                RedisKeys.session(project, "alice"), RedisKeys.session(project, "bob"),
                RedisKeys.lockIndexAt(project, "a.txt"), RedisKeys.lockIndexUnder(project, ""),
                RedisKeys.lockIndexReady(project));
        assertThat(redis.sortedSet(String.class).zscore(RedisKeys.LOCK_EXPIRIES, project + "\na.txt")).isPresent();
        assertThat(redis.sortedSet(String.class).zscore(RedisKeys.SYNC_EXPIRIES, project)).isPresent();
        // every key but the fencing counter has a TTL
        for (String key : List.of(RedisKeys.lock(project, "a.txt"), RedisKeys.locks(project), RedisKeys.sync(project),
                RedisKeys.syncLease(project), RedisKeys.syncQueue(project), RedisKeys.session(project, "alice"),
                RedisKeys.session(project, "bob"), RedisKeys.LOCK_EXPIRIES,
                RedisKeys.SYNC_EXPIRIES, RedisKeys.lockIndexAt(project, "a.txt"), RedisKeys.lockIndexUnder(project, ""),
                RedisKeys.lockIndexReady(project))) {
            assertThat(redis.key().pttl(key)).as(key).isPositive();
        }
    }
}
