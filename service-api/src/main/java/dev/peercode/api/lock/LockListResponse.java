package dev.peercode.api.lock;

import java.util.List;

/** Live locks, sorted by path. */
public record LockListResponse(List<LockView> locks) {
}
