package dev.peercode.gateway.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.peercode.api.planner.ProjectDtos.MemberView;

/**
 * The names of a project's people, for pages that show a person by subject (a token's member, who decided
 * a debate): the name they were last seen signed in under, else the subject itself (a former member, or
 * a person not seen yet).
 */
record People(Map<String, String> names) {

    static People of(List<MemberView> members) {
        return new People(members.stream().collect(Collectors.toMap(MemberView::subject, MemberView::name, (a, b) -> a)));
    }

    /** The person's name, or {@code subject} when there is none. */
    public String name(String subject) {
        return subject == null ? null : names.getOrDefault(subject, subject);
    }
}
