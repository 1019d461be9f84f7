package dev.peercode.planner;

import dev.peercode.stores.testing.PostgresTestResource;
import dev.peercode.stores.testing.RedisTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every test of this module runs against the real PostgreSQL and Redis these resources provide. */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL)
final class TestStores {

    private TestStores() {
    }
}
