package dev.peercode.gateway.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The browser origins allowed on {@code /mcp*}, {@code /api/v1/*} and {@code /ui*}: each entry exact
 * ({@code https://peercode.example.com})
 * or with any port ({@code http://localhost:*}). Compared case-insensitively, as origins are.
 */
public final class AllowedOrigins {

    private final List<String> entries;

    public AllowedOrigins(List<String> entries) {
        this.entries = entries.stream().map(String::trim).filter(e -> !e.isEmpty()).map(e -> e.toLowerCase(Locale.ROOT))
                .toList();
    }

    public boolean allows(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        for (String entry : entries) {
            if (entry.endsWith(":*")) {
                String prefix = entry.substring(0, entry.length() - 2);
                if (o.equals(prefix) || (o.startsWith(prefix + ":") && isPort(o.substring(prefix.length() + 1)))) {
                    return true;
                }
            } else if (o.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code origin} is the gateway's own: the same scheme, host and port (the scheme's default port
     * when none is written) as the request's {@code scheme://authority}.
     */
    static boolean sameOrigin(String origin, String scheme, String authority) {
        try {
            URI o = new URI(origin.trim());
            URI self = new URI(scheme + "://" + authority);
            return o.getScheme() != null && o.getHost() != null && o.getScheme().equalsIgnoreCase(self.getScheme())
                    && o.getHost().equalsIgnoreCase(self.getHost()) && port(o) == port(self)
                    && (o.getRawPath() == null || o.getRawPath().isEmpty());
        } catch (URISyntaxException | NullPointerException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static boolean isPort(String s) {
        return !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(Character::isDigit);
    }
}
