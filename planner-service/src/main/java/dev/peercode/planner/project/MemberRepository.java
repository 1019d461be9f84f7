package dev.peercode.planner.project;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class MemberRepository implements PanacheRepositoryBase<Member, Member.Key> {

    public Optional<Member> findMember(String projectId, String subject) {
        return findByIdOptional(new Member.Key(projectId, subject));
    }

    public List<Member> listForProject(String projectId) {
        return find("projectId = ?1 order by addedAt, subject", projectId).list();
    }
}
