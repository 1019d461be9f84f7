package dev.peercode.gateway.web;

import java.util.List;

import dev.peercode.api.planner.DebateDtos.DebateView;

/**
 * Debates as a person needs them: escalated ones first (they wait for a person), then open ones with the
 * answers so far, then the most recently closed.
 */
record Debates(List<DebateView> escalated, List<DebateView> open, List<DebateView> closed, People people) {

    static final int CLOSED_SHOWN = 10;

    static Debates of(List<DebateView> all, People people) {
        return new Debates(
                all.stream().filter(d -> "escalated".equals(d.status())).toList(),
                all.stream().filter(d -> "open".equals(d.status())).toList(),
                all.stream().filter(d -> !"escalated".equals(d.status()) && !"open".equals(d.status()))
                        .limit(CLOSED_SHOWN).toList(),
                people);
    }
}
