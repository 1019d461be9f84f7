package dev.peercode.gateway.identity;

/**
 * Who is calling, as far as the gateway has authenticated it: a subject (an OIDC subject, or the member
 * behind an agent token) and, once resolved for a project, its role there. Sessions are what an agent
 * calls itself; a caller may run several.
 *
 * @param subject the person, or the member an agent token acts for
 * @param role {@code owner} or {@code member} on the project at hand; null before a project is resolved
 * @param local true when authentication is off (local mode on loopback)
 * @param tokenProjectId for an agent token, the one project it reaches; null for a person
 * @param tokenId for an agent token, its id; null for a person
 * @param name a person's name from their token ({@code name}, {@code preferred_username} or {@code email}
 *        claim); null when the token carries none, and for agent tokens
 */
public record Caller(String subject, String role, boolean local, String tokenProjectId, String tokenId, String name) {

    /** The identity of every call while authentication is off: the owner of everything local. */
    public static final Caller LOCAL_OWNER = new Caller("local", "owner", true, null, null, null);

    /** A person authenticated by an OIDC access token or the web login; its role is per project. */
    public static Caller person(String subject, String name) {
        return new Caller(subject, null, false, null, null, name);
    }

    /** What the UI shows for this person: their name, or the subject when the identity provider gave none. */
    public String displayName() {
        return name == null ? subject : name;
    }

    public boolean isOwner() {
        return "owner".equals(role);
    }

    /** True when the call carries an agent token (scoped to one project), not a person's token. */
    public boolean isAgent() {
        return tokenId != null;
    }

    /** Whom per-caller limits count against: the agent token, or the person (every local call is one). */
    public String key() {
        return isAgent() ? "token:" + tokenId : "subject:" + subject;
    }

    Caller withRole(String role) {
        return new Caller(subject, role, local, tokenProjectId, tokenId, name);
    }
}
