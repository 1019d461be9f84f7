package dev.peercode.lock.lock;

import java.util.List;

/** The JSON answers of the lock scripts; Lua sends an empty list as null. */
final class LockAnswers {

    private LockAnswers() {
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    record Conflict(String path, LockEntry lock) {
    }

    record Acquire(String status, Long fencingToken, List<String> acquired, List<String> renewed,
            List<LockEntry> locks, List<Conflict> conflicts, boolean more, int live) {
        Acquire {
            acquired = orEmpty(acquired);
            renewed = orEmpty(renewed);
            locks = orEmpty(locks);
            conflicts = orEmpty(conflicts);
        }
    }

    record Release(String status, List<String> released, List<String> notHeld, LockEntry lock) {
        Release {
            released = orEmpty(released);
            notHeld = orEmpty(notHeld);
        }
    }

    record Locks(String status, List<LockEntry> locks, List<LockEntry> released) {
        Locks {
            locks = orEmpty(locks);
            released = orEmpty(released);
        }
    }
}
