package dev.peercode.planner.task;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, String> {

    public List<Task> listForProject(String projectId) {
        return find("projectId = ?1 order by position, id", projectId).list();
    }

    public List<Task> listForPhase(String phaseId) {
        return find("phaseId = ?1 order by position", phaseId).list();
    }
}
