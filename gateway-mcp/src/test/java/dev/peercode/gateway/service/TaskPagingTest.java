package dev.peercode.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.peercode.gateway.service.ProjectState.TaskBrief;
import dev.peercode.gateway.service.ProjectState.TaskPage;

/** One page of tasks: the filter, then offset and limit, with where the next page starts. */
class TaskPagingTest {

    private static final List<TaskBrief> TASKS = IntStream.range(0, 10)
            .mapToObj(i -> new TaskBrief("task_" + i, "phase_1", "t" + i, i % 2 == 0 ? "todo" : "done", null, 2, 1,
                    List.of()))
            .toList();

    private static TaskPage page(String filter, int offset, int limit) {
        return ProjectStates.page(TASKS, new ProjectStates.Query(null, filter, offset, limit, Set.of()));
    }

    @Test
    void openTasksByDefaultWithTheNextOffset() {
        TaskPage page = page(null, 0, 3);
        assertThat(page.filter()).isEqualTo("open");
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.items()).extracting(TaskBrief::id).containsExactly("task_0", "task_2", "task_4");
        assertThat(page.nextOffset()).isEqualTo(3);
    }

    @Test
    void theLastPageHasNoNextOffsetAndAnOffsetPastTheEndIsEmpty() {
        assertThat(page("open", 3, 3).items()).extracting(TaskBrief::id).containsExactly("task_6", "task_8");
        assertThat(page("open", 3, 3).nextOffset()).isNull();
        TaskPage beyond = page("all", 50, 3);
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.offset()).isEqualTo(10);
        assertThat(beyond.nextOffset()).isNull();
    }

    @Test
    void allOrOneStatus() {
        assertThat(page("all", 0, 40).total()).isEqualTo(10);
        assertThat(page("done", 0, 40).items()).allMatch(t -> t.status().equals("done")).hasSize(5);
    }
}
