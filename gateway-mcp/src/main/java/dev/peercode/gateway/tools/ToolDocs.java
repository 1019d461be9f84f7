package dev.peercode.gateway.tools;

/** Argument descriptions shared by every tool (annotation values must be constants). */
final class ToolDocs {

    static final String PROJECT = "Project id (proj_...); or header X-PeerCode-Project";
    static final String SESSION = "Your session name, e.g. alice; or header X-PeerCode-Session";
    static final String EXPECTED_VERSION = "Task version you last read (v); fails if the task changed since";

    private ToolDocs() {
    }
}
