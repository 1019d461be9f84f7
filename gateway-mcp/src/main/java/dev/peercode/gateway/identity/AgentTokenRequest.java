package dev.peercode.gateway.identity;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A {@code pct_} agent token presented as a bearer token, to be verified by the planner. */
final class AgentTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    AgentTokenRequest(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }
}
