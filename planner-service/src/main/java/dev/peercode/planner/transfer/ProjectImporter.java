package dev.peercode.planner.transfer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.api.planner.ProjectDtos.ProjectView;
import dev.peercode.planner.common.Ids;
import dev.peercode.planner.debate.Debate;
import dev.peercode.planner.debate.DebateResponse;
import dev.peercode.planner.delta.Delta;
import dev.peercode.planner.project.Member;
import dev.peercode.planner.project.Project;
import dev.peercode.planner.replan.PlanOperation;
import dev.peercode.planner.replan.PlanRevision;
import dev.peercode.planner.task.Phase;
import dev.peercode.planner.task.Task;
import dev.peercode.planner.transfer.ExportFormat.ExportedDebate;
import dev.peercode.planner.transfer.ExportFormat.ExportedDelta;
import dev.peercode.planner.transfer.ExportFormat.ExportedPhase;
import dev.peercode.planner.transfer.ExportFormat.ExportedResponse;
import dev.peercode.planner.transfer.ExportFormat.ExportedRevision;
import dev.peercode.planner.transfer.ExportFormat.ExportedTask;
import dev.peercode.planner.transfer.ExportFormat.Header;
import dev.peercode.problem.BackendProblemMapper;
import dev.peercode.problem.FieldError;
import dev.peercode.problem.ProblemException;

/**
 * Reads an export ({@link ExportFormat}) line by line into a new project whose only member, and owner, is
 * the importing person. All or nothing: one transaction, and the first invalid line (JSON, a field, the
 * order of the sections, a reference to an entity the file does not define, a hole in the seq) rolls it
 * back and is answered 400 naming the line and the field. Every entity gets a new id ({@link IdMap});
 * seq, times, sessions and every delta's content are kept, so the new project's log reads as the old one.
 * Lock-service state (locks, the push token) is live state, not history: it is not part of an export.
 */
@ApplicationScoped
public class ProjectImporter {

    /** Deltas written to the database between two flushes, so that the persistence context stays small. */
    private static final int FLUSH_EVERY = 500;
    private static final List<String> SECTIONS = List.of("header", "phase", "task", "debate", "revision", "delta");
    private static final TypeReference<List<PlanOperation>> OPERATIONS = new TypeReference<>() {
    };

    private final EntityManager em;
    private final ObjectMapper json;
    private final Validator validator;

    public ProjectImporter(EntityManager em, ObjectMapper json, Validator validator) {
        this.em = em;
        // Strict: a field this version does not know is an error, not silently dropped history.
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        this.validator = validator;
    }

    @Transactional
    public ProjectView importFrom(InputStream body, String ownerSubject) {
        return new Run(ownerSubject).read(body);
    }

    /** One import: where it is in the file and what it has created so far. */
    private final class Run {
        private final String ownerSubject;
        private final IdMap ids = new IdMap();
        private final Set<String> phases = new HashSet<>();
        private final Map<String, Integer> taskLines = new HashMap<>();
        private final Map<String, List<String>> dependencies = new LinkedHashMap<>();
        private final Map<String, Integer> debateLines = new HashMap<>();
        private Project project;
        private long lastSeq;
        private long nextSeq = 1;
        private int section;
        private int line;

        Run(String ownerSubject) {
            this.ownerSubject = ownerSubject;
        }

        ProjectView read(InputStream body) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    line++;
                    if (text.isBlank()) {
                        continue;
                    }
                    one(text);
                }
            } catch (IOException e) {
                throw invalid("body", "could not be read to its end (" + e.getMessage() + ")");
            }
            if (project == null) {
                throw invalid("kind", "the file is empty: an export starts with a header line");
            }
            endOfTasks();
            if (nextSeq != lastSeq + 1) {
                throw invalid("seq", "the delta log ends at seq " + (nextSeq - 1) + " but the header says lastSeq "
                        + lastSeq + ": the file is incomplete");
            }
            em.flush();
            em.createNativeQuery("update project set last_seq = ?1 where id = ?2").setParameter(1, lastSeq)
                    .setParameter(2, project.id).executeUpdate();
            return new ProjectView(project.id, project.name, project.description, project.repositoryUrl,
                    project.syncBranch, project.ownerSubject, lastSeq, project.createdAt);
        }

        private void one(String text) {
            JsonNode node;
            try {
                node = json.readTree(text);
            } catch (JsonProcessingException e) {
                throw invalid("line", "is not valid JSON");
            }
            String kind = node.path("kind").asText("");
            int index = SECTIONS.indexOf(kind);
            if (index < 0) {
                throw invalid("kind", "must be one of " + String.join(", ", SECTIONS));
            }
            if (project == null && index != 0) {
                throw invalid("kind", "the first line must be the header");
            }
            if (project != null && index == 0) {
                throw invalid("kind", "only the first line may be a header");
            }
            if (index < section) {
                throw invalid("kind", kind + " lines must come before " + SECTIONS.get(section) + " lines (order: "
                        + String.join(", ", SECTIONS) + ")");
            }
            if (section == 2 && index > 2) {
                endOfTasks();
            }
            section = index;
            switch (kind) {
                case "header" -> header(parse(node, Header.class));
                case "phase" -> phase(parse(node, ExportedPhase.class));
                case "task" -> task(parse(node, ExportedTask.class));
                case "debate" -> debate(parse(node, ExportedDebate.class));
                case "revision" -> revision(parse(node, ExportedRevision.class));
                default -> delta(parse(node, ExportedDelta.class));
            }
        }

        private void header(Header h) {
            var p = h.project();
            if (p.repositoryUrl() != null && !p.repositoryUrl().matches("(https?|ssh|git)://\\S+|git@\\S+")) {
                throw invalid("project.repositoryUrl", "must be an http(s), ssh or git URL");
            }
            project = new Project();
            project.id = ids.assign(p.id(), Ids::project);
            project.name = p.name().strip();
            project.description = p.description();
            project.repositoryUrl = p.repositoryUrl();
            project.syncBranch = p.syncBranch();
            project.ownerSubject = ownerSubject;
            project.createdAt = p.createdAt();
            em.persist(project);
            em.flush();
            Member owner = new Member();
            owner.projectId = project.id;
            owner.subject = ownerSubject;
            owner.role = "owner";
            owner.addedAt = Instant.now();
            em.persist(owner);
            lastSeq = p.lastSeq();
        }

        private void phase(ExportedPhase p) {
            if (ids.knows(p.id())) {
                throw invalid("id", "phase " + p.id() + " is defined twice");
            }
            Phase phase = new Phase();
            phase.id = ids.assign(p.id(), Ids::phase);
            phase.projectId = project.id;
            phase.name = p.name();
            phase.position = p.position();
            phase.createdAt = p.createdAt();
            em.persist(phase);
            phases.add(p.id());
        }

        private void task(ExportedTask t) {
            if (taskLines.containsKey(t.id())) {
                throw invalid("id", "task " + t.id() + " is defined twice");
            }
            if (!phases.contains(t.phaseId())) {
                throw invalid("phaseId", "phase " + t.phaseId() + " is not defined by a phase line before it");
            }
            if (t.dependsOn().contains(t.id())) {
                throw invalid("dependsOn", "a task cannot depend on itself");
            }
            taskLines.put(t.id(), line);
            dependencies.put(t.id(), t.dependsOn());
            Task task = new Task();
            task.id = ids.assign(t.id(), Ids::task);
            task.projectId = project.id;
            task.phaseId = ids.get(t.phaseId());
            task.position = t.position();
            task.title = t.title();
            task.description = t.description();
            task.status = t.status();
            task.assignee = t.assignee();
            task.priority = t.priority();
            task.expectedFiles = List.copyOf(t.expectedFiles());
            // Ids of tasks defined further down are assigned now and checked when the tasks end.
            task.dependsOn = new LinkedHashSet<>(t.dependsOn().stream().map(d -> ids.assign(d, Ids::task)).toList());
            task.version = t.version();
            task.createdAt = t.createdAt();
            task.updatedAt = t.updatedAt();
            em.persist(task);
        }

        /** Every dependency names a task of the file, and they form no cycle (DESIGN.md §2). */
        private void endOfTasks() {
            int current = line;
            dependencies.forEach((task, on) -> {
                line = taskLines.get(task); // an error names the task's line
                knownTasks("dependsOn", on);
            });
            line = current;
            Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
            for (String task : dependencies.keySet()) {
                cycleFrom(task, state);
            }
            dependencies.clear();
        }

        private void cycleFrom(String task, Map<String, Integer> state) {
            // Iterative depth-first search: a long chain of dependencies must not overflow the stack.
            List<String> stack = new ArrayList<>(List.of(task));
            List<Integer> next = new ArrayList<>(List.of(0));
            if (state.containsKey(task)) {
                return;
            }
            state.put(task, 1);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                List<String> on = dependencies.getOrDefault(stack.get(top), List.of());
                if (next.get(top) >= on.size()) {
                    state.put(stack.remove(top), 2);
                    next.remove(top);
                    continue;
                }
                String d = on.get(next.get(top));
                next.set(top, next.get(top) + 1);
                Integer seen = state.get(d);
                if (seen != null && seen == 1) {
                    line = taskLines.get(stack.get(top));
                    throw invalid("dependsOn", "depending on " + d + " makes a cycle");
                }
                if (seen == null) {
                    state.put(d, 1);
                    stack.add(d);
                    next.add(0);
                }
            }
        }

        private void debate(ExportedDebate d) {
            if (debateLines.containsKey(d.id())) {
                throw invalid("id", "debate " + d.id() + " is defined twice");
            }
            knownTasks("taskIds", d.taskIds());
            debateLines.put(d.id(), line);
            Debate debate = new Debate();
            debate.id = ids.assign(d.id(), Ids::debate);
            debate.projectId = project.id;
            debate.topic = d.topic();
            debate.question = d.question();
            debate.options = List.copyOf(d.options());
            debate.participants = List.copyOf(d.participants());
            debate.taskIds = ids.all(d.taskIds());
            debate.createdBy = d.createdBy();
            debate.createdAt = d.createdAt();
            debate.deadline = d.deadline();
            debate.status = d.status();
            debate.outcome = d.outcome();
            debate.decidedBy = d.decidedBy();
            debate.decidedByKind = d.decidedByKind();
            debate.resolutionReason = d.resolutionReason();
            debate.closedAt = d.closedAt();
            em.persist(debate);
            Set<String> answered = new HashSet<>();
            for (ExportedResponse r : d.responses()) {
                if (!answered.add(r.session())) {
                    throw invalid("responses", r.session() + " answered twice");
                }
                DebateResponse response = new DebateResponse();
                response.debateId = debate.id;
                response.session = r.session();
                response.choice = r.choice();
                response.argument = r.argument();
                response.answeredAt = r.answeredAt();
                em.persist(response);
            }
        }

        private void revision(ExportedRevision r) {
            if (ids.knows(r.id())) {
                throw invalid("id", "revision " + r.id() + " is defined twice");
            }
            if (r.seq() > lastSeq) {
                throw invalid("seq", "is after the header's lastSeq " + lastSeq);
            }
            List<PlanOperation> operations;
            try {
                operations = json.convertValue(ids.rewrite(r.operations()), OPERATIONS);
            } catch (IllegalArgumentException e) {
                throw invalid("operations", "are not plan operations");
            }
            PlanRevision revision = new PlanRevision();
            revision.id = ids.assign(r.id(), Ids::revision);
            revision.projectId = project.id;
            revision.author = r.author();
            revision.reason = r.reason();
            revision.operations = operations;
            revision.basedOnSeq = r.basedOnSeq();
            revision.seq = r.seq();
            revision.createdAt = r.createdAt();
            em.persist(revision);
        }

        private void delta(ExportedDelta d) {
            if (d.seq() != nextSeq) {
                throw invalid("seq", "must be " + nextSeq + " (the log is gapless and in order), not " + d.seq());
            }
            if (d.seq() > lastSeq) {
                throw invalid("seq", "is after the header's lastSeq " + lastSeq);
            }
            Delta delta = new Delta();
            delta.projectId = project.id;
            delta.seq = d.seq();
            delta.type = d.type();
            delta.actor = d.actor();
            delta.at = d.at();
            delta.summary = ids.rewrite(d.summary());
            delta.data = json.convertValue(ids.rewrite(json.valueToTree(d.data())), ExportedMap.TYPE);
            delta.taskIds = ids.all(d.taskIds());
            delta.paths = List.copyOf(d.paths());
            // sourceEntryId stays empty: it names an entry of the old server's event stream.
            em.persist(delta);
            nextSeq++;
            if (nextSeq % FLUSH_EVERY == 0) {
                em.flush();
                em.clear();
            }
        }

        private void knownTasks(String field, List<String> taskIds) {
            for (String id : taskIds) {
                if (!taskLines.containsKey(id)) {
                    throw invalid(field, "task " + id + " is not defined in the file");
                }
            }
        }

        private <T> T parse(JsonNode node, Class<T> type) {
            T value;
            try {
                value = json.treeToValue(node, type);
            } catch (JsonMappingException e) {
                String path = BackendProblemMapper.fieldOf(e);
                throw invalid(path.isEmpty() ? "line" : path, "is missing, unknown or of the wrong type");
            } catch (JsonProcessingException e) {
                throw invalid("line", "is not valid JSON");
            }
            Set<ConstraintViolation<T>> violations = validator.validate(value);
            if (!violations.isEmpty()) {
                ConstraintViolation<T> first = violations.stream()
                        .min(java.util.Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
                throw invalid(first.getPropertyPath().toString(), first.getMessage());
            }
            return value;
        }

        private ProblemException invalid(String field, String message) {
            return new ProblemException(400, "validation", "Invalid import", "line " + line + ": " + field + " " + message,
                    List.of(new FieldError(field, message)), Map.of("line", line));
        }
    }

    /** The type of a delta's {@code data}. */
    private static final class ExportedMap {
        static final TypeReference<Map<String, Object>> TYPE = new TypeReference<>() {
        };
    }
}
