package dev.peercode.planner.project;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, String> {

    public List<Project> listForSubject(String subject) {
        return find("id in (select m.projectId from Member m where m.subject = ?1) order by createdAt, id", subject)
                .list();
    }
}
