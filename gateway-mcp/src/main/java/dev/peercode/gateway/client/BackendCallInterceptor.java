package dev.peercode.gateway.client;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Turns whatever a backend call failed with into either a {@link BackendProblem} (the backend's
 * answer, passed on) or a {@link BackendUnavailable} that names the service and says why in words a
 * model can act on, thrown or, for a method answering a {@link Uni}, as the Uni's failure. Its priority puts
 * it outside SmallRye Fault Tolerance's interceptor.
 */
@BackendCall
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
class BackendCallInterceptor {

    @AroundInvoke
    Object translate(InvocationContext context) throws Exception {
        // From the invocation: the binding sits on a REST client interface, not on the class that declares the method.
        BackendCall binding = context.getInterceptorBinding(BackendCall.class);
        String service = binding == null ? "a backend service" : binding.value();
        try {
            Object result = context.proceed();
            if (result instanceof Uni<?> answer) {
                return answer.onFailure(e -> !(e instanceof BackendProblem || e instanceof BackendUnavailable))
                        .transform(e -> unavailable(service, e));
            }
            return result;
        } catch (BackendProblem | BackendUnavailable e) {
            throw e;
        } catch (Exception e) {
            throw unavailable(service, e);
        }
    }

    static BackendUnavailable unavailable(String service, Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof BackendUnavailable u) {
            return u;
        }
        if (e instanceof TimeoutException || timedOut(e)) {
            return new BackendUnavailable(service, "did not answer in time");
        }
        if (e instanceof CircuitBreakerOpenException) {
            return new BackendUnavailable(service, "is failing; calls to it are paused for a few seconds");
        }
        if (e instanceof WebApplicationException w) {
            return new BackendUnavailable(service, "failed (HTTP " + w.getResponse().getStatus() + ")");
        }
        if (e instanceof ProcessingException) {
            Log.debugf("%s unreachable: %s", service, e);
            return new BackendUnavailable(service, "cannot be reached");
        }
        Log.warnf(e, "Unexpected failure calling %s", service);
        return new BackendUnavailable(service, "failed unexpectedly");
    }

    /** The REST client's read timeout: a {@code java.util.concurrent.TimeoutException} among the causes. */
    private static boolean timedOut(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
