package dev.peercode.planner.task;

import java.util.List;
import java.util.Optional;

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

    /** The task, if it exists and belongs to this project. */
    public Optional<Task> findInProject(String projectId, String taskId) {
        return findByIdOptional(taskId).filter(t -> t.projectId.equals(projectId));
    }
}
