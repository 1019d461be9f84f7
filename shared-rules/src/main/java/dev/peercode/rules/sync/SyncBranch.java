package dev.peercode.rules.sync;

/** The branch a project's sessions sync through (DESIGN.md §4, the push token). */
public final class SyncBranch {

    /** Unless the project names another. */
    public static final String DEFAULT = "peer-progress";

    private SyncBranch() {
    }

    /** The project's branch: its own, or the default when it names none. */
    public static String of(String configured) {
        return configured == null || configured.isBlank() ? DEFAULT : configured;
    }
}
