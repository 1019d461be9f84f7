package dev.peercode.security.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.json.JsonObject;

/**
 * The contract every internal service keeps: its API answers only the gateway's credential. No header,
 * a wrong token, a user's token or a token that merely starts like the right one are 401
 * problem+json, on existing and unknown paths alike; the right one passes. Probes under /q stay open.
 * A service's {@code @QuarkusTest} subclass names one of its protected paths.
 */
public abstract class InternalCredentialContract {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    /** A path of the service's internal API that exists. */
    protected abstract String protectedPath();

    @Test
    void callsWithoutTheInternalTokenAre401ProblemJson() throws Exception {
        for (String authorization : new String[] { null, "Bearer wrong-token-0123456789",
                "Bearer " + InternalTokenCallback.TOKEN + "x", "Bearer " + InternalTokenCallback.TOKEN.substring(1),
                InternalTokenCallback.TOKEN, "Bearer pct_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }) {
            for (String path : new String[] { protectedPath(), "/v1/nothing-here" }) {
                HttpResponse<String> response = get(path, authorization);
                assertThat(response.statusCode()).as("%s with %s", path, authorization).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                JsonObject problem = new JsonObject(response.body());
                assertThat(problem.getString("type")).isEqualTo("https://peercode.dev/problems/unauthorized");
                assertThat(problem.getInteger("status")).isEqualTo(401);
                assertThat(response.body()).doesNotContain(InternalTokenCallback.TOKEN);
            }
        }
    }

    @Test
    void theRightTokenPasses() throws Exception {
        HttpResponse<String> response = get(protectedPath(), "Bearer " + InternalTokenCallback.TOKEN);
        assertThat(response.statusCode()).isNotEqualTo(401).isLessThan(500);
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() throws Exception {
        assertThat(get("/q/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/q/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(get("/q/metrics", null).statusCode()).isEqualTo(200);
        assertThat(get("/q/openapi", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
