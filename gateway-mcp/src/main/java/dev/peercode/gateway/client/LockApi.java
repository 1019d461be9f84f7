package dev.peercode.gateway.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** The lock-service's internal API, as the gateway calls it. Used only through {@link LockClient}. */
@RegisterRestClient(configKey = "lock")
interface LockApi {

    @GET
    @Path("/q/health/ready")
    Uni<Response> readiness();
}
