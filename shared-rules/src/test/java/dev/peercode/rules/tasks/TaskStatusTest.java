package dev.peercode.rules.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import net.jqwik.api.Example;

class TaskStatusTest {

    @Example
    void theRegexAcceptsExactlyTheVocabulary() {
        Pattern regex = Pattern.compile(TaskStatus.REGEX);
        assertThat(TaskStatus.ALL).allMatch(s -> regex.matcher(s).matches());
        assertThat(regex.matcher("in progress").matches()).isFalse();
        assertThat(regex.matcher("todo|done").matches()).isFalse();
        assertThat(TaskStatus.ALL).allSatisfy(s -> assertThat(TaskStatus.canMove(s, s)).isTrue());
        assertThat(TaskStatus.canMove(TaskStatus.TODO, TaskStatus.DONE)).isFalse();
        assertThat(TaskStatus.ALL).filteredOn(TaskStatus::isFinished).containsExactly(TaskStatus.DONE,
                TaskStatus.CANCELLED);
    }
}
