package dev.peercode.gateway.security;

import java.util.List;
import java.util.Locale;

/**
 * The browser origins allowed on the MCP endpoint: each entry exact ({@code https://peercode.example.com})
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

    private static boolean isPort(String s) {
        return !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(Character::isDigit);
    }
}
