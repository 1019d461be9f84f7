package dev.peercode.planner.debate;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class DebateRepository implements PanacheRepositoryBase<Debate, String> {

    public List<Debate> list(String projectId, String status) {
        if (status == null) {
            return find("projectId = ?1 order by createdAt desc", projectId).page(0, 200).list();
        }
        return find("projectId = ?1 and status = ?2 order by createdAt desc", projectId, status).page(0, 200).list();
    }

    /** Open debates past their deadline, oldest first (partial index debate_open_deadline_idx). */
    public List<Debate> due(Instant now, int max) {
        return find("status = 'open' and deadline <= ?1 order by deadline", now).page(0, max).list();
    }

    public List<DebateResponse> responses(String debateId) {
        return getEntityManager()
                .createQuery("from DebateResponse r where r.debateId = ?1 order by r.answeredAt", DebateResponse.class)
                .setParameter(1, debateId).getResultList();
    }
}
