package dev.peercode.lock.lock;

import java.time.Instant;

import dev.peercode.api.lock.LockView;

/** A lock as the Lua scripts store and answer it (times in epoch milliseconds, Redis' clock). */
record LockEntry(String path, String holder, String reason, String taskId, long fence, long acquiredAt,
        long expiresAt) {

    LockView view() {
        return new LockView(path, holder, reason == null || reason.isEmpty() ? null : reason, taskId, fence,
                Instant.ofEpochMilli(acquiredAt), Instant.ofEpochMilli(expiresAt));
    }
}
