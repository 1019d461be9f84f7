package dev.peercode.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.peercode.gateway.client.LockClient;
import dev.peercode.gateway.client.PlannerClient;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * The gateway holds no state of its own, so it is ready when the services it routes every tool
 * call to are ready; the data names the one that is not.
 */
@Readiness
@ApplicationScoped
class BackendsReadinessCheck implements AsyncHealthCheck {

    private final PlannerClient planner;
    private final LockClient lock;

    BackendsReadinessCheck(PlannerClient planner, LockClient lock) {
        this.planner = planner;
        this.lock = lock;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.combine().all().unis(planner.isReady(), lock.isReady())
                .with((plannerReady, lockReady) -> HealthCheckResponse.named("backends")
                        .status(plannerReady && lockReady)
                        .withData("planner-service", plannerReady ? "UP" : "DOWN")
                        .withData("lock-service", lockReady ? "UP" : "DOWN")
                        .build());
    }
}
