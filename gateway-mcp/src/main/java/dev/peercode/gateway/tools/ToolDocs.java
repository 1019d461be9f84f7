package dev.peercode.gateway.tools;

/** Argument descriptions shared by every tool (annotation values must be constants). */
final class ToolDocs {

    static final String PROJECT = "Project id (proj_...). Optional when the X-PeerCode-Project header is set.";
    static final String SESSION = "Your session name, e.g. alice ([a-z0-9][a-z0-9_-]{0,63}). "
            + "Optional when the X-PeerCode-Session header is set.";
    static final String EXPECTED_VERSION = "The task version you last read (v in peercode_get_project); the change "
            + "fails if the task changed since. Omit to skip the check.";

    private ToolDocs() {
    }
}
