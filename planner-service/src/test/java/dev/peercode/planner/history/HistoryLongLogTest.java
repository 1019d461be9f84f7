package dev.peercode.planner.history;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.peercode.planner.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The history reads on a long log (20,000 deltas over three days): one call each, where the gateway's pictures
 * used to read the log page by page ({@code GET …/deltas}, 500 a page, at most 20 pages for the burn-up and 10
 * blocks for the swimlane), measured side by side (BENCHMARKS.md). A measurement, not part of the suite: it runs
 * only when asked ({@code -Dpeercode.measure=true}).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "peercode.measure", matches = "true")
class HistoryLongLogTest {

    private static final int DELTAS = 20_000;
    private static final int TASKS = 50;
    private static final int SPACING_SECONDS = 13;

    @Inject
    DataSource db;

    @Test
    void oneCallAnswersWhatManyPagesOfTheLogDid() throws Exception {
        String p = Fixtures.project("o");
        String ph = Fixtures.phase(p, "Build");
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            tasks.add(Fixtures.task(p, ph, "t" + i, List.of()));
        }
        Instant start = Instant.now().minus(Duration.ofSeconds((long) DELTAS * SPACING_SECONDS + 60));
        long first = Fixtures.lastSeq(p);
        // Every fourth delta a task update (to done every eighth), then a lock taken and released, then a note.
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                insert into delta (project_id, seq, type, actor, at, summary, data, task_ids, paths)
                select ?, ? + g,
                       case g % 4 when 0 then 'task.updated' when 1 then 'lock.acquired' when 2 then 'lock.released'
                                  else 'note' end,
                       'session-' || (g / 4 % 20), ?::timestamptz + g * interval '13 seconds', 'x',
                       case when g % 4 = 0 then jsonb_build_object('changes', jsonb_build_object('status',
                           jsonb_build_object('from', 'x', 'to', case when g % 8 = 0 then 'done' else 'review' end)))
                           else '{}'::jsonb end,
                       case when g % 4 = 0 then jsonb_build_array((?::text[])[1 + (g / 4) % ?]) else '[]'::jsonb end,
                       case when g % 4 in (1, 2) then jsonb_build_array('src/f' || (g / 4 % 100) || '.ts')
                           else '[]'::jsonb end
                from generate_series(1, ?) g;
                update project set last_seq = last_seq + ? where id = ?""")) {
            s.setString(1, p);
            s.setLong(2, first);
            s.setTimestamp(3, java.sql.Timestamp.from(start));
            s.setArray(4, c.createArrayOf("text", tasks.toArray()));
            s.setInt(5, TASKS);
            s.setInt(6, DELTAS);
            s.setInt(7, DELTAS);
            s.setString(8, p);
            s.execute();
        }
        long lastSeq = Fixtures.lastSeq(p);
        Instant since = Instant.now().minus(Duration.ofHours(6));

        List<Long> pagedTasks = new ArrayList<>();
        List<Long> oneTasks = new ArrayList<>();
        List<Long> pagedSessions = new ArrayList<>();
        List<Long> oneSessions = new ArrayList<>();
        int taskPages = 0;
        int sessionBlocks = 0;
        for (int round = 0; round < 7; round++) {
            long t0 = System.nanoTime();
            taskPages = wholeLog(p);
            long t1 = System.nanoTime();
            List<String> dated = given().get("/v1/projects/{p}/history/tasks", p).then().statusCode(200).extract()
                    .path("tasks.doneAt");
            long t2 = System.nanoTime();
            sessionBlocks = recentLog(p, lastSeq, since.minus(HistoryService.LOOKBACK));
            long t3 = System.nanoTime();
            List<String> sessions = given().queryParam("since", since.toString())
                    .get("/v1/projects/{p}/history/sessions", p).then().statusCode(200).extract().path("spans.session");
            long t4 = System.nanoTime();
            if (round >= 2) { // the first rounds warm up
                pagedTasks.add(t1 - t0);
                oneTasks.add(t2 - t1);
                pagedSessions.add(t3 - t2);
                oneSessions.add(t4 - t3);
            }
            assertThat(dated).hasSize(TASKS).containsOnlyNulls(); // all to do today, whatever the log said
            assertThat(sessions).contains("session-0", "session-19");
        }
        System.out.printf("[measure] history, %d deltas: burn-up %d planner reads %d ms -> 1 read %d ms; "
                + "swimlane (6 h) %d reads %d ms -> 1 read %d ms (medians of 5)%n", DELTAS, taskPages,
                median(pagedTasks), median(oneTasks), sessionBlocks, median(pagedSessions), median(oneSessions));
        assertThat(taskPages).isEqualTo(11); // 5,050 deltas of the burn-up's types, 500 a page
    }

    /** The gateway's former ProjectViews.wholeLog: pages of 500 from the start, at most 20; the pages read. */
    private static int wholeLog(String p) {
        long after = 0;
        for (int pages = 1;; pages++) {
            JsonPath page = given().queryParam("after", after).queryParam("types", "task.created,task.updated,plan.revised")
                    .queryParam("limit", 500).get("/v1/projects/{p}/deltas", p).then().statusCode(200).extract()
                    .jsonPath();
            if (!page.getBoolean("hasMore") || pages == 20) {
                return pages;
            }
            after = page.getLong("nextCursor");
        }
    }

    /** The gateway's former ProjectViews.recentLog: blocks of 500 seqs back from the newest, at most 10. */
    private static int recentLog(String p, long end, Instant since) {
        String types = String.join(",", SessionSpans.TYPES);
        for (int blocks = 1;; blocks++) {
            long after = Math.max(0, end - 500);
            List<String> at = given().queryParam("after", after).queryParam("types", types).queryParam("limit", 500)
                    .get("/v1/projects/{p}/deltas", p).then().statusCode(200).extract().path("deltas.at");
            if (blocks == 10 || after == 0 || (!at.isEmpty() && Instant.parse(at.get(0)).isBefore(since))) {
                return blocks;
            }
            end = after;
        }
    }

    private static long median(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) / 1_000_000;
    }
}
