package dev.peercode.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The launcher's authentication switch: local mode unless told otherwise, and then only with an issuer. */
class GatewayAuthTest {

    @Test
    void localModeIsTheDefaultAndSaysSoInTheBanner() {
        LaunchSettings settings = LaunchSettings.from(Map.of("QUARKUS_OIDC_AUTH_SERVER_URL", "https://idp.example.com"));
        assertThat(settings.gatewayAuth()).isEqualTo(GatewayAuth.LOCAL_MODE);
        assertThat(settings.gatewayAuth().gatewayEnvironment())
                .containsEntry("PEERCODE_AUTH_ENABLED", "false")
                .containsEntry("PEERCODE_GATEWAY_RATE_LIMIT_ENABLED", "false")
                .doesNotContainKey("QUARKUS_OIDC_AUTH_SERVER_URL");
        assertThat(LocalStack.authLine(settings.gatewayAuth()))
                .isEqualTo("local mode: authentication OFF, bound to 127.0.0.1 only");
    }

    @Test
    void authOnPassesTheOidcEnvironmentToTheGatewayAndNamesTheIssuer() {
        LaunchSettings settings = LaunchSettings.from(Map.of(
                "PEERCODE_AUTH_ENABLED", "true",
                "QUARKUS_OIDC_AUTH_SERVER_URL", "https://idp.example.com/realms/peercode",
                "QUARKUS_OIDC_TOKEN_AUDIENCE", "peercode-api",
                "QUARKUS_OIDC_WEB_CREDENTIALS_SECRET", "s3cret",
                "PEERCODE_OIDC_WEB_CLIENT_ID", "web",
                "PEERCODE_DB_PASSWORD", "not for the gateway"));
        assertThat(settings.gatewayAuth().gatewayEnvironment()).containsOnly(
                Map.entry("PEERCODE_AUTH_ENABLED", "true"),
                Map.entry("QUARKUS_OIDC_AUTH_SERVER_URL", "https://idp.example.com/realms/peercode"),
                Map.entry("QUARKUS_OIDC_TOKEN_AUDIENCE", "peercode-api"),
                Map.entry("QUARKUS_OIDC_WEB_CREDENTIALS_SECRET", "s3cret"),
                Map.entry("PEERCODE_OIDC_WEB_CLIENT_ID", "web"));
        assertThat(LocalStack.authLine(settings.gatewayAuth())).isEqualTo("authentication ON: OIDC access tokens from "
                + "https://idp.example.com/realms/peercode (audience peercode-api) and PeerCode agent tokens");
    }

    @Test
    void authOnWithoutAnIssuerOrWithANonBooleanSwitchIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> LaunchSettings.from(Map.of("PEERCODE_AUTH_ENABLED", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QUARKUS_OIDC_AUTH_SERVER_URL");
        assertThatThrownBy(() -> LaunchSettings.from(Map.of("PEERCODE_AUTH_ENABLED", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PEERCODE_AUTH_ENABLED must be true or false, got 'yes'");
    }
}
