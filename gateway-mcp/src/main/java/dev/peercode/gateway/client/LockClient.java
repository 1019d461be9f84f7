package dev.peercode.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/** The gateway's single entry point to the lock-service. */
@ApplicationScoped
public class LockClient {

    private final LockApi api;

    LockClient(@RestClient LockApi api) {
        this.api = api;
    }

    /** Whether the lock service answers its readiness probe, that is, reaches its Redis. */
    public Uni<Boolean> isReady() {
        return Readiness.of(api.readiness());
    }
}
