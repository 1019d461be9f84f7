package dev.peercode.planner.task;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class PhaseRepository implements PanacheRepositoryBase<Phase, String> {

    public List<Phase> listForProject(String projectId) {
        return find("projectId = ?1 order by position", projectId).list();
    }
}
