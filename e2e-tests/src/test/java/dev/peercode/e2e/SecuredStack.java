package dev.peercode.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.peercode.launcher.GatewayAuth;
import dev.peercode.launcher.LocalStack;
import dev.peercode.launcher.TemporaryStack;
import dev.peercode.stores.FreePorts;
import dev.peercode.testissuer.TestIssuer;
import io.vertx.core.json.JsonObject;

/**
 * One PeerCode set per test JVM with authentication ON, as a deployment runs it: a real OIDC issuer in
 * the test JVM ({@link TestIssuer}), embedded PostgreSQL and Redis, and the three packaged services
 * started by the launcher with the gateway configured for that issuer (bearer tokens on {@code /mcp} and
 * {@code /api/v1}, the authorization-code login on {@code /ui}). Started on first use, stopped when the
 * JVM exits. Every test works in projects of its own, so tests share it safely.
 * <p>
 * Callers are people (OIDC access tokens from {@link #issuer()}, any subject) and agents (PeerCode
 * agent tokens an owner creates through the public API: {@link #createAgentToken}).
 */
public final class SecuredStack {

    /** An agent token as its owner received it: shown once. */
    public record AgentToken(String tokenId, String token, JsonObject created) {
    }

    /** The secured gateway's {@code peercode.gateway.long-poll.max-per-caller}. */
    public static final int LONG_POLLS_PER_CALLER = 300;
    /** How often the gateway re-checks an open event stream's caller here (peercode.gateway.streams.membership-recheck). */
    public static final Duration MEMBERSHIP_RECHECK = Duration.ofSeconds(2);

    private static TestIssuer issuer;
    private static LocalStack stack;
    private static String internalToken;

    private SecuredStack() {
    }

    /** The gateway's base URL (MCP at {@code /mcp}, REST at {@code /api/v1}, web UI at {@code /ui}). */
    public static synchronized String gatewayUrl() {
        return stack().gatewayUrl();
    }

    /** The issuer the gateway trusts: mints access tokens, serves the browser login. */
    public static synchronized TestIssuer issuer() {
        stack();
        return issuer;
    }

    /** The launcher's handle on the running set: stop and start one service, reach the stores. */
    public static synchronized LocalStack stack() {
        if (stack == null) {
            start();
        }
        return stack;
    }

    /**
     * Starts another gateway replica on the same planner, lock service and stores, with the same issuer,
     * and returns its base URL (stopped with the rest at JVM exit).
     */
    public static synchronized String startGatewayReplica() {
        return stack().startGatewayReplica(FreePorts.pick());
    }

    /** Creates a project through the public API; the person behind {@code ownerToken} becomes its owner. */
    public static String createProject(String ownerToken, String name) {
        HttpResponse<String> r = send("POST", gatewayUrl(), "/api/v1/projects?session=setup", ownerToken,
                new JsonObject().put("name", name));
        return expect(r, 201, "create project").getString("id");
    }

    /**
     * Makes {@code subject} a member ({@code member} or {@code owner}) of a project, straight through the
     * planner's internal API with the gateway's internal credential (test set-up; the public route,
     * {@code POST /api/v1/projects/{id}/members}, is what MembersIT checks).
     */
    public static void addMember(String projectId, String subject, String role) {
        String plannerUrl = stack().plannerUrl();
        HttpResponse<String> r = send("POST", plannerUrl, "/v1/projects/" + projectId + "/members", internalToken,
                new JsonObject().put("subject", subject).put("role", role).put("addedBy", "e2e"));
        expect(r, 201, "add member");
    }

    /** An owner creates an agent token for a project ({@code POST /api/v1/projects/{id}/tokens}). */
    public static AgentToken createAgentToken(String ownerToken, String projectId, String name) {
        HttpResponse<String> r = send("POST", gatewayUrl(), "/api/v1/projects/" + projectId + "/tokens", ownerToken,
                new JsonObject().put("name", name));
        JsonObject created = expect(r, 201, "create agent token");
        return new AgentToken(created.getString("tokenId"), created.getString("token"), created);
    }

    /** A request on the gateway with {@code Authorization: Bearer token} (none when {@code token} is null). */
    public static HttpResponse<String> send(String method, String path, String token, JsonObject body) {
        return send(method, gatewayUrl(), path, token, body);
    }

    /** A request on a given base URL (a gateway replica) with {@code Authorization: Bearer token}, if any. */
    public static HttpResponse<String> send(String method, String baseUrl, String path, String token,
            JsonObject body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Rest.send(request.build());
    }

    private static JsonObject expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new AssertionError(what + ": expected " + status + " but got " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body());
    }

    /**
     * The issuer's settings, a per-caller cap on waiting delta reads low enough for LongPollIT to reach (the
     * default, 1000, would need 1000 waits), and a rate-limit bucket large enough for AuthIT, which sends
     * every route with five kinds of unverified token from one address, all charged to that address
     * (the limit itself is proven by the gateway's BogusTokensTest and EdgeSecurityTest).
     */
    private static Map<String, String> gatewayEnvironment(TestIssuer issuer) {
        Map<String, String> env = new HashMap<>(issuer.gatewayEnvironment());
        env.put("PEERCODE_GATEWAY_LONG_POLL_MAX_PER_CALLER", Integer.toString(LONG_POLLS_PER_CALLER));
        env.put("PEERCODE_GATEWAY_RATE_LIMIT_BURST", "5000");
        // LiveAccessIT: a removed member's open stream must end within seconds, not the default 30 s.
        env.put("PEERCODE_GATEWAY_STREAMS_MEMBERSHIP_RECHECK", MEMBERSHIP_RECHECK.toSeconds() + "s");
        return env;
    }

    private static void start() {
        TestIssuer started = TestIssuer.start();
        LocalStack running;
        try {
            running = TemporaryStack.start(Path.of(".."), "e2e-secured", GatewayAuth.oidc(gatewayEnvironment(started)))
                    .stack();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-issuer-stop"));
        issuer = started;
        stack = running;
        internalToken = running.storeEnvironment().get("PEERCODE_INTERNAL_TOKEN");
    }
}
