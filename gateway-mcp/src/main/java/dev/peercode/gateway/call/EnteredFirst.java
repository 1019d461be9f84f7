package dev.peercode.gateway.call;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * An event stream on the project of its {@code projectId} path parameter: {@link StreamEntry} authorises and enters
 * its call before the stream starts.
 */
@NameBinding
@Retention(RUNTIME)
@Target(METHOD)
public @interface EnteredFirst {

    /** People only (the web UI): an agent token is refused. */
    boolean people() default false;
}
