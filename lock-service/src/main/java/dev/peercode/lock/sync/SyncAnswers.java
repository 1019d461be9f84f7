package dev.peercode.lock.sync;

import java.time.Instant;
import java.util.List;

import dev.peercode.api.lock.LastPush;

/** The JSON answers of the push-token scripts (times in epoch ms, Redis' clock). */
final class SyncAnswers {

    private SyncAnswers() {
    }

    record State(String state, String session, String token, long grantedAt, long expiresAt) {
        Instant expires() {
            return Instant.ofEpochMilli(expiresAt);
        }
    }

    record Last(String commitSha, String summary, String by, long at) {
        LastPush view() {
            return new LastPush(commitSha == null || commitSha.isEmpty() ? null : commitSha,
                    summary == null || summary.isEmpty() ? null : summary, by, Instant.ofEpochMilli(at));
        }
    }

    record Answer(String status, Integer position, State state, State next, Last lastPush, List<String> queue) {
        Answer {
            queue = queue == null ? List.of() : queue;
        }

        LastPush last() {
            return lastPush == null ? null : lastPush.view();
        }
    }
}
