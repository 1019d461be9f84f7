package dev.peercode.lock.presence;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.peercode.problem.ProblemException;

/**
 * Session names belong to members (issue 16 #3). The gateway names the member it authenticated (an OIDC
 * subject, or the member behind an agent token; {@code local} in local mode) in the {@link #MEMBER_HEADER}
 * of every call that acts as a session. The scripts bind a free name to that member, renew the binding on
 * every act, and refuse the call when the name is bound to another member: atomically with the change the
 * call asks for, so no check-then-act gap exists between replicas. A binding lives for the presence window
 * after the last act, and at least as long as the session's locks and push turn; then the name is free.
 * A call without the header acts as the anonymous member {@code ""} (the service's own tests).
 */
public final class SessionBinding {

    /** The member the gateway authenticated for this call. */
    public static final String MEMBER_HEADER = "X-PeerCode-Member";
    /** The script status, and the problem type, of a call as another member's session. */
    public static final String TAKEN = "session-taken";

    private SessionBinding() {
    }

    /** The member as the scripts compare it. */
    public static String member(String header) {
        return header == null ? "" : header;
    }

    /** Throws the 409 {@code session-taken} problem when a script answered {@link #TAKEN}. */
    public static void check(String status, String session, Duration window) {
        if (TAKEN.equals(status)) {
            throw new ProblemException(409, TAKEN, "Session in use by another member",
                    "session '" + session + "' is in use by another member of this project: a session name belongs to "
                            + "the member who acts as it until it has been idle for " + window.toSeconds()
                            + " s and holds no lock or push turn; choose another session name",
                    List.of(), Map.of("field", "session", "session", session));
        }
    }
}
