package dev.peercode.gateway.client;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Marks a backend's REST client whose failures (timeouts, open circuits, refused connections, 5xx) must surface as
 * {@link BackendUnavailable} naming the service. Applied outside the fault-tolerance interceptor, so
 * it sees what remains after retries.
 */
@InterceptorBinding
@Retention(RUNTIME)
@Target({ TYPE, METHOD })
public @interface BackendCall {

    /** The service name shown to callers. */
    @Nonbinding
    String value() default "";
}
