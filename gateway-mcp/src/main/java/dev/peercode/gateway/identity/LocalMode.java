package dev.peercode.gateway.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.peercode.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Local mode (authentication off) is for one person on one machine: it may run only on a loopback
 * address, says so loudly at start-up, and refuses to start on any other address (DESIGN.md §7).
 */
@Singleton
class LocalMode {

    void check(@Observes StartupEvent event, GatewayConfig config,
            @ConfigProperty(name = "quarkus.http.host") String host) {
        if (config.auth().enabled()) {
            Log.infof("Authentication is on: OIDC access tokens and PeerCode agent tokens on /mcp and /api/v1");
            return;
        }
        if (!isLoopback(host)) {
            throw new IllegalStateException("Refusing to start: authentication is off (PEERCODE_AUTH_ENABLED=false) "
                    + "but the gateway would listen on " + host + ", which is not a loopback address. Either bind "
                    + "127.0.0.1 (QUARKUS_HTTP_HOST=127.0.0.1) or turn authentication on and configure OIDC "
                    + "(QUARKUS_OIDC_AUTH_SERVER_URL, QUARKUS_OIDC_TOKEN_AUDIENCE).");
        }
        Log.warn("""

                ******************************************************************************
                * AUTHENTICATION IS OFF (local mode, PEERCODE_AUTH_ENABLED=false).
                * Every caller on %s is the owner of every project.
                * Allowed only on a loopback address: never expose this gateway.
                ******************************************************************************"""
                .formatted(host));
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
