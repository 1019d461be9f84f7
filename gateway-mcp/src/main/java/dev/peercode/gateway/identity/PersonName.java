package dev.peercode.gateway.identity;

import java.security.Principal;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A person's name from their OIDC token: {@code name}, else {@code preferred_username}, else {@code email};
 * null when none is there (pages then show the subject). Trimmed and cut to what the planner stores.
 */
final class PersonName {

    static final int MAX = 200;
    private static final String[] CLAIMS = { "name", "preferred_username", "email" };

    private PersonName() {
    }

    static String of(Principal principal) {
        if (!(principal instanceof JsonWebToken token)) {
            return null;
        }
        for (String claim : CLAIMS) {
            Object value = token.getClaim(claim);
            if (value != null) {
                String text = value.toString().strip();
                // a JSON string claim may arrive quoted (JsonString's toString)
                if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                    text = text.substring(1, text.length() - 1).strip();
                }
                if (!text.isEmpty() && text.codePoints().noneMatch(Character::isISOControl)) {
                    return text.length() > MAX ? text.substring(0, MAX) : text;
                }
            }
        }
        return null;
    }
}
