package dev.peercode.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void aBurstThenTheSustainedRate() {
        RateLimiter limiter = new RateLimiter(2, 3, 10);
        long t = 0;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k", t)).isZero();
        }
        assertThat(limiter.acquire("k", t)).isEqualTo(Duration.ofMillis(500));
        assertThat(limiter.acquire("k", t + 500_000_000L)).isZero();
        assertThat(limiter.acquire("other", t)).isZero();
    }

    @Test
    void keysAreHashesNeverTheToken() {
        String key = RateLimiter.key("Bearer pct_secretsecretsecret", "10.0.0.1");
        assertThat(key).startsWith("auth:").doesNotContain("secret");
        assertThat(RateLimiter.key("Bearer pct_secretsecretsecret", "10.0.0.2")).isEqualTo(key);
        assertThat(RateLimiter.key(null, "10.0.0.1")).isEqualTo("addr:10.0.0.1");
    }

    @Test
    void theMapOfCallersIsBounded() {
        RateLimiter limiter = new RateLimiter(1, 1, 100);
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire("k" + i, 0);
        }
        assertThat(limiter.trackedCallers()).isLessThanOrEqualTo(100);
    }

    @Test
    void originsMatchExactlyOrWithAnyPort() {
        AllowedOrigins origins = new AllowedOrigins(List.of("http://localhost:*", "https://peercode.example.com"));
        assertThat(origins.allows("http://localhost:3000")).isTrue();
        assertThat(origins.allows("HTTP://LOCALHOST")).isTrue();
        assertThat(origins.allows("https://peercode.example.com")).isTrue();
        assertThat(origins.allows("http://localhost.evil.com")).isFalse();
        assertThat(origins.allows("http://localhost:3000.evil.com")).isFalse();
        assertThat(origins.allows("https://peercode.example.com.evil.com")).isFalse();
        assertThat(origins.allows("null")).isFalse();
    }
}
