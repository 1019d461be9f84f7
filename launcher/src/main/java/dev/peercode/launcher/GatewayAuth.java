package dev.peercode.launcher;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the gateway of a local run authenticates its callers (DESIGN.md §7).
 * <p>
 * Off by default: local mode, every caller is the local owner and the gateway listens on 127.0.0.1
 * only. On ({@code PEERCODE_AUTH_ENABLED=true}), it takes OIDC access tokens from the issuer named by
 * the quarkus-oidc environment ({@code QUARKUS_OIDC_AUTH_SERVER_URL}, {@code QUARKUS_OIDC_TOKEN_AUDIENCE},
 * the web login's {@code QUARKUS_OIDC_WEB_*}) and PeerCode agent tokens, exactly as a deployment does:
 * the same run can then be tried against a real provider on one machine.
 *
 * @param enabled whether callers must authenticate
 * @param environment the gateway's OIDC settings as environment variables ({@code QUARKUS_OIDC_*},
 *        {@code PEERCODE_OIDC_*}); empty in local mode
 */
public record GatewayAuth(boolean enabled, Map<String, String> environment) {

    /** The switch, read by the launcher and by the gateway itself. */
    public static final String ENABLED = "PEERCODE_AUTH_ENABLED";
    /** The issuer's URL; discovery and keys are found from it. Required when authentication is on. */
    public static final String ISSUER = "QUARKUS_OIDC_AUTH_SERVER_URL";
    /** What access tokens for PeerCode carry in {@code aud}. */
    public static final String AUDIENCE = "QUARKUS_OIDC_TOKEN_AUDIENCE";
    /** Variables handed to the gateway when authentication is on. */
    static final List<String> PREFIXES = List.of("QUARKUS_OIDC_", "PEERCODE_OIDC_");

    /** Authentication off, gateway on loopback: the default of {@code ./run-local.sh}. */
    public static final GatewayAuth LOCAL_MODE = new GatewayAuth(false, Map.of());

    public GatewayAuth {
        environment = Map.copyOf(environment);
        if (enabled && Optional.ofNullable(environment.get(ISSUER)).filter(v -> !v.isBlank()).isEmpty()) {
            throw new IllegalArgumentException(ENABLED + "=true needs the OIDC issuer: set " + ISSUER
                    + " (e.g. https://keycloak.example.com/realms/peercode) and " + AUDIENCE);
        }
    }

    /** Authentication on, with the given OIDC settings (at least {@value #ISSUER}). */
    public static GatewayAuth oidc(Map<String, String> environment) {
        return new GatewayAuth(true, environment);
    }

    /** From the launcher's environment: {@value #ENABLED} and the variables that start with {@link #PREFIXES}. */
    static GatewayAuth from(Map<String, String> env) {
        String value = env.getOrDefault(ENABLED, "").trim();
        if (value.isEmpty() || value.equalsIgnoreCase("false")) {
            return LOCAL_MODE;
        }
        if (!value.equalsIgnoreCase("true")) {
            throw new IllegalArgumentException(ENABLED + " must be true or false, got '" + value + "'");
        }
        Map<String, String> oidc = new HashMap<>();
        env.forEach((name, v) -> {
            if (PREFIXES.stream().anyMatch(name::startsWith)) {
                oidc.put(name, v);
            }
        });
        return oidc(oidc);
    }

    /** The issuer the gateway trusts; empty in local mode. */
    public Optional<String> issuer() {
        return Optional.ofNullable(environment.get(ISSUER));
    }

    /** What the gateway process is given: the switch, the OIDC settings and what goes with the mode. */
    Map<String, String> gatewayEnvironment() {
        Map<String, String> env = new HashMap<>(environment);
        env.put(ENABLED, Boolean.toString(enabled));
        if (!enabled) {
            // Local mode has no tokens, so every agent would share one per-address bucket (127.0.0.1): the
            // rate limit would throttle the whole team together. It protects deployments, not a laptop.
            env.put("PEERCODE_GATEWAY_RATE_LIMIT_ENABLED", "false");
        }
        return env;
    }
}
