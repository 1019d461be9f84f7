package dev.peercode.lock;

import dev.peercode.stores.testing.RedisTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every test of this module runs against the real Redis this resource provides. */
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL)
final class TestStores {

    private TestStores() {
    }
}
