package dev.peercode.planner.replan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Example;

/** The wire format of plan operations stays one flat object with {@code op} (DESIGN.md §5). */
class PlanOperationJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Example
    void eachOperationIsOneFlatObjectWithItsOpFirstAndOnlyTheFieldsItHas() throws Exception {
        assertThat(json.writeValueAsString(PlanOperation.UpdateTask.assign("task_AAAAAAAAAAAA", 3, "bob")))
                .isEqualTo("{\"op\":\"update_task\",\"taskId\":\"task_AAAAAAAAAAAA\",\"expectedVersion\":3,"
                        + "\"assignee\":\"bob\"}");
        // In a list declared as operations (a record component, the revision's column), as the analysis answers.
        assertThat(json.writerFor(new TypeReference<List<PlanOperation>>() {
        }).writeValueAsString(List.of(new PlanOperation.Unassign("task_AAAAAAAAAAAA", 2L))))
                .isEqualTo("[{\"op\":\"unassign\",\"taskId\":\"task_AAAAAAAAAAAA\",\"expectedVersion\":2}]");
    }

    @Example
    void everyOpReadsAsItsRecordAndBackAsTheSameJson() throws Exception {
        String[] wire = {
                "{\"op\":\"create_task\",\"phaseId\":\"$build\",\"title\":\"t\",\"expectedFiles\":[\"src/**\"],\"ref\":\"a\"}",
                "{\"op\":\"update_task\",\"taskId\":\"$a\",\"status\":\"done\"}",
                "{\"op\":\"move_task\",\"taskId\":\"$a\",\"phaseId\":\"$build\",\"position\":0}",
                "{\"op\":\"add_dependency\",\"taskId\":\"$a\",\"dependsOn\":\"$b\"}",
                "{\"op\":\"remove_dependency\",\"taskId\":\"$a\",\"dependsOn\":\"$b\"}",
                "{\"op\":\"create_phase\",\"name\":\"Build\",\"ref\":\"build\"}",
                "{\"op\":\"reorder_phase\",\"phaseId\":\"$build\",\"position\":1}",
                "{\"op\":\"unassign\",\"taskId\":\"$a\"}",
                "{\"op\":\"cancel\",\"taskId\":\"$a\",\"expectedVersion\":4}" };
        for (String one : wire) {
            PlanOperation op = json.readValue(one, PlanOperation.class);
            assertThat(op.op()).isEqualTo(one.substring(7, one.indexOf('"', 7)));
            assertThat(json.writeValueAsString(op)).isEqualTo(one);
        }
    }

    @Example
    void aMissingOrUnknownOpReadsAsUnknownAndFieldsOfOtherOpsAreIgnored() throws Exception {
        assertThat(json.readValue("{\"op\":\"explode\",\"taskId\":\"x\"}", PlanOperation.class))
                .isEqualTo(new PlanOperation.Unknown("explode"));
        assertThat(json.readValue("{\"taskId\":\"x\"}", PlanOperation.class))
                .isEqualTo(new PlanOperation.Unknown(null));
        assertThat(json.readValue("{\"op\":\"unassign\",\"taskId\":\"$a\",\"title\":\"ignored\"}", PlanOperation.class))
                .isEqualTo(new PlanOperation.Unassign("$a", null));
    }
}
