package dev.peercode.planner.security;

import dev.peercode.security.testing.InternalCredentialContract;
import io.quarkus.test.junit.QuarkusTest;

/** The planner-service's internal API answers only the gateway's credential (the shared contract). */
@QuarkusTest
class InternalCredentialTest extends InternalCredentialContract {

    @Override
    protected String protectedPath() {
        return "/v1/projects/proj_AAAAAAAAAAAAAAAA";
    }
}
