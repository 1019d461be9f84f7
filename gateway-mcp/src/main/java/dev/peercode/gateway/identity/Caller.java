package dev.peercode.gateway.identity;

/**
 * Who is calling, as far as the gateway has authenticated it: a subject (an OIDC subject or the member
 * behind an agent token) and its role on the project. Sessions are what an agent calls itself; a
 * caller may run several.
 *
 * @param subject the person or agent-token member
 * @param role {@code owner} or {@code member}
 * @param local true when authentication is off (local mode on loopback)
 */
public record Caller(String subject, String role, boolean local) {

    /** The identity of every call while authentication is off: the owner of everything local. */
    public static final Caller LOCAL_OWNER = new Caller("local", "owner", true);

    public boolean isOwner() {
        return "owner".equals(role);
    }
}
