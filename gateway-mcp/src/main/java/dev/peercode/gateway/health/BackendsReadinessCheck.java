package dev.peercode.gateway.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.gateway.client.LockApi;
import dev.peercode.gateway.client.PlannerApi;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * The gateway holds no state of its own, so it is ready when the services it routes every tool
 * call to are ready; the data names the one that is not.
 */
@Readiness
@ApplicationScoped
class BackendsReadinessCheck implements AsyncHealthCheck {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final PlannerApi planner;
    private final LockApi lock;

    BackendsReadinessCheck(@RestClient PlannerApi planner, @RestClient LockApi lock) {
        this.planner = planner;
        this.lock = lock;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.combine().all().unis(ready(planner.readiness()), ready(lock.readiness()))
                .with((plannerReady, lockReady) -> HealthCheckResponse.named("backends")
                        .status(plannerReady && lockReady)
                        .withData("planner-service", plannerReady ? "UP" : "DOWN")
                        .withData("lock-service", lockReady ? "UP" : "DOWN")
                        .build());
    }

    /**
     * Ready only on 200 (the backend reaches its stores); an error status, a refusal or a timeout mean not ready.
     * Bounded on its own, shorter than the REST clients' timeouts.
     */
    private static Uni<Boolean> ready(Uni<Response> probe) {
        return probe.map(response -> {
            try (response) {
                return response.getStatus() == 200;
            }
        }).ifNoItem().after(PROBE_TIMEOUT).fail()
                .onFailure().recoverWithItem(false);
    }
}
