package dev.peercode.gateway.client;

import java.time.Duration;

import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * Reads a downstream readiness probe: ready only on 200; an error status, a refusal or a timeout
 * mean not ready. Bounded on its own, because the REST clients' read timeout is long enough for
 * long-polls.
 */
final class Readiness {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private Readiness() {
    }

    static Uni<Boolean> of(Uni<Response> probe) {
        return probe.map(response -> {
            try (response) {
                return response.getStatus() == 200;
            }
        }).ifNoItem().after(PROBE_TIMEOUT).fail()
                .onFailure().recoverWithItem(false);
    }
}
