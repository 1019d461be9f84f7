package dev.peercode.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/** The gateway's single entry point to the planner-service. */
@ApplicationScoped
public class PlannerClient {

    private final PlannerApi api;

    PlannerClient(@RestClient PlannerApi api) {
        this.api = api;
    }

    /** Whether the planner answers its readiness probe, that is, reaches its PostgreSQL and Redis. */
    public Uni<Boolean> isReady() {
        return Readiness.of(api.readiness());
    }
}
