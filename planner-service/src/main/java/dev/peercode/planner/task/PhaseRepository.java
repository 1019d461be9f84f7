package dev.peercode.planner.task;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class PhaseRepository implements PanacheRepositoryBase<Phase, String> {

    public List<Phase> listForProject(String projectId) {
        return find("projectId = ?1 order by position", projectId).list();
    }

    /** The phase, if it exists and belongs to this project. */
    public Optional<Phase> findInProject(String projectId, String phaseId) {
        return findByIdOptional(phaseId).filter(p -> p.projectId.equals(projectId));
    }
}
