package dev.peercode.rules.paths;

/** A path or glob that breaks a rule of DESIGN.md §4; the message names the rule for the caller. */
public class InvalidPathException extends IllegalArgumentException {

    public InvalidPathException(String reason) {
        super(reason);
    }
}
