package dev.peercode.planner.project;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class AgentTokenRepository implements PanacheRepositoryBase<AgentToken, String> {

    public Optional<AgentToken> findActiveByHash(String hash) {
        return find("tokenHash = ?1 and revokedAt is null", hash).firstResultOptional();
    }

    public List<AgentToken> list(String projectId, String memberSubject) {
        if (memberSubject == null) {
            return find("projectId = ?1 order by createdAt, id", projectId).list();
        }
        return find("projectId = ?1 and memberSubject = ?2 order by createdAt, id", projectId, memberSubject).list();
    }
}
