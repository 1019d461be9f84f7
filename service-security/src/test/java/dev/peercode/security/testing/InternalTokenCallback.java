package dev.peercode.security.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Every rest-assured call of every test carries the internal credential the gateway would send
 * ({@code %test.peercode.internal.token} in application.properties), as the real gateway does.
 * A filter rather than a default request specification, which would also freeze the port. Tests of
 * the credential itself use a plain HTTP client.
 */
public class InternalTokenCallback implements QuarkusTestBeforeEachCallback {

    /** The token the test profile configures. */
    public static final String TOKEN = "test-internal-token-0123456789";

    private static final Filter SEND_TOKEN = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return context.next(request, response);
    };

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!RestAssured.filters().contains(SEND_TOKEN)) {
            RestAssured.filters(SEND_TOKEN);
        }
    }
}
