package dev.peercode.gateway.client;

import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** Reads a downstream readiness probe: ready only on 200; an error status, a refusal or a timeout mean not ready. */
final class Readiness {

    private Readiness() {
    }

    static Uni<Boolean> of(Uni<Response> probe) {
        return probe.map(response -> {
            try (response) {
                return response.getStatus() == 200;
            }
        }).onFailure().recoverWithItem(false);
    }
}
