package dev.peercode.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.peercode.gateway.config.GatewayConfig;

/** Local mode (authentication off) starts only on loopback, and refuses any other address. */
class LocalModeTest {

    @Test
    void loopbackAddressesAreRecognised() {
        assertThat(LocalMode.isLoopback("127.0.0.1")).isTrue();
        assertThat(LocalMode.isLoopback("localhost")).isTrue();
        assertThat(LocalMode.isLoopback("::1")).isTrue();
        assertThat(LocalMode.isLoopback("0.0.0.0")).isFalse();
        assertThat(LocalMode.isLoopback("10.1.2.3")).isFalse();
        assertThat(LocalMode.isLoopback("no-such-host.invalid")).isFalse();
    }

    @Test
    void authOffRefusesToStartOnAnyOtherAddress() {
        LocalMode mode = new LocalMode();
        assertThatThrownBy(() -> mode.check(null, config(false), "0.0.0.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start")
                .hasMessageContaining("PEERCODE_AUTH_ENABLED=false")
                .hasMessageContaining("0.0.0.0");
        assertThatCode(() -> mode.check(null, config(false), "127.0.0.1")).doesNotThrowAnyException();
        assertThatCode(() -> mode.check(null, config(true), "0.0.0.0")).doesNotThrowAnyException();
    }

    private static GatewayConfig config(boolean authEnabled) {
        return new GatewayConfig() {
            @Override
            public Live live() {
                return new Live() {
                    @Override
                    public boolean enabled() {
                        return false;
                    }

                    @Override
                    public String channel() {
                        return "peercode:deltas";
                    }

                    @Override
                    public Duration resubscribeDelay() {
                        return Duration.ofSeconds(5);
                    }
                };
            }

            @Override
            public LongPoll longPoll() {
                return null;
            }

            @Override
            public Auth auth() {
                return () -> authEnabled;
            }

            // Not read by LocalMode.
            @Override
            public AccessCache accessCache() {
                return null;
            }

            @Override
            public Optional<String> internalToken() {
                return Optional.empty();
            }

            @Override
            public Optional<String> secret() {
                return Optional.empty();
            }

            @Override
            public RateLimit rateLimit() {
                return null;
            }

            @Override
            public Origins origins() {
                return null;
            }

            @Override
            public Json json() {
                return null;
            }

            @Override
            public Routing routing() {
                return null;
            }
        };
    }
}
