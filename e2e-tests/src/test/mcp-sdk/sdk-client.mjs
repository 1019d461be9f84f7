// Drives a running PeerCode gateway with the official MCP TypeScript SDK client, as most MCP clients
// (Claude Code, Cursor, IDE plugins) do. The SDK validates every structuredContent against the tool's
// declared outputSchema (after tools/list) and refuses a tool result that does not match; so every
// call below is also a check of the server's declared schemas.
//
// Usage: PEERCODE_GATEWAY_URL=http://127.0.0.1:8080 node sdk-client.mjs
// Prints "ok - <check>" / "not ok - <check>: <why>" per check and, last, "N passed, N failed" alone on
// a line; exits non-zero when a check failed. Run by e2e-tests McpSdkIT against the real stack.

import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import {
  ErrorCode,
  LATEST_PROTOCOL_VERSION,
  McpError,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";

const gateway = process.env.PEERCODE_GATEWAY_URL;
if (!gateway) {
  console.error("PEERCODE_GATEWAY_URL is not set");
  process.exit(2);
}

const TOOLS = [
  "peercode_get_project", "peercode_get_deltas", "peercode_create_phase", "peercode_create_task",
  "peercode_update_task", "peercode_move_task", "peercode_replan", "peercode_lock_file",
  "peercode_release_lock", "peercode_push_delta", "peercode_start_debate", "peercode_respond_debate",
  "peercode_sync_github",
];
const REQUEST = { timeout: 15_000 };

let passed = 0;
let failed = 0;

async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}: ${e && e.stack ? e.stack : e}`);
  }
}

async function createProject(name) {
  const response = await fetch(`${gateway}/api/v1/projects`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, description: "driven by the MCP TypeScript SDK" }),
  });
  const body = await response.text();
  assert.equal(response.status, 201, body);
  return JSON.parse(body).id;
}

/** An SDK client for one session: identity in every call's arguments, or in the X-PeerCode-* headers. */
async function connect(transportKind, projectId, session, viaHeaders) {
  const headers = viaHeaders ? { "X-PeerCode-Project": projectId, "X-PeerCode-Session": session } : {};
  const transport = transportKind === "streamable-http"
    ? new StreamableHTTPClientTransport(new URL(`${gateway}/mcp`), { requestInit: { headers } })
    : new SSEClientTransport(new URL(`${gateway}/mcp/sse`), {
      requestInit: { headers },
      eventSourceInit: { fetch: (url, init) => fetch(url, { ...init, headers: { ...init?.headers, ...headers } }) },
    });
  const client = new Client({ name: `sdk-${session}`, version: "1.0.0" });
  await client.connect(transport);
  // Caches every tool's outputSchema: from now on the SDK validates each structured result against it.
  await client.listTools();
  const withIdentity = (args) => (viaHeaders ? args : { projectId, sessionId: session, ...args });
  return {
    client,
    transport,
    /** The structured result of a successful call; its text content must be the same JSON. */
    async ok(tool, args = {}) {
      const result = await client.callTool({ name: tool, arguments: withIdentity(args) }, undefined, REQUEST);
      assert.ok(!result.isError, `${tool} failed: ${result.content?.[0]?.text}`);
      assert.ok(result.structuredContent, `${tool} returned no structuredContent`);
      assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent,
        `${tool}: text content differs from structuredContent`);
      return result.structuredContent;
    },
    /** The text of a tool error (isError: true). */
    async toolError(tool, args = {}) {
      const result = await client.callTool({ name: tool, arguments: withIdentity(args) }, undefined, REQUEST);
      assert.equal(result.isError, true, `${tool} should have failed but answered ${JSON.stringify(result)}`);
      return result.content[0].text;
    },
    /** The JSON-RPC error of a call the server refuses as malformed (invalid params). */
    async refused(tool, args = {}, identity = true) {
      try {
        await client.callTool({ name: tool, arguments: identity ? withIdentity(args) : args }, undefined, REQUEST);
      } catch (e) {
        assert.ok(e instanceof McpError, `${tool}: ${e}`);
        assert.equal(e.code, ErrorCode.InvalidParams, e.message);
        return e.message;
      }
      assert.fail(`${tool} should have been refused`);
    },
    close: () => client.close(),
  };
}

async function suite(kind) {
  const projectId = await createProject(`sdk ${kind}`);
  const alice = await connect(kind, projectId, "alice", false);
  const bob = await connect(kind, projectId, "bob", true);
  const p = `[${kind}]`;
  try {
    await check(`${p} initialize negotiates ${LATEST_PROTOCOL_VERSION}`, async () => {
      assert.equal(alice.client.getServerVersion().name, "peercode");
      if (kind === "streamable-http") {
        assert.equal(alice.transport.protocolVersion, LATEST_PROTOCOL_VERSION);
      }
    });

    await check(`${p} tools/list: the 13 tools, each with described arguments and an output schema`, async () => {
      const { tools } = await alice.client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), [...TOOLS].sort());
      for (const tool of tools) {
        assert.ok(tool.outputSchema, `${tool.name} has no outputSchema`);
        for (const [name, arg] of Object.entries(tool.inputSchema.properties)) {
          assert.ok(arg.description, `${tool.name}.${name} has no description`);
        }
      }
      const sync = tools.find((t) => t.name === "peercode_sync_github");
      assert.deepEqual(sync.inputSchema.properties.action.enum, ["start", "complete", "abort", "status"]);
    });

    await check(`${p} prompt peercode_join_project`, async () => {
      const { prompts } = await alice.client.listPrompts();
      assert.ok(prompts.some((x) => x.name === "peercode_join_project"));
      const prompt = await alice.client.getPrompt({
        name: "peercode_join_project", arguments: { projectId, sessionId: "alice" },
      });
      const text = prompt.messages[0].content.text;
      for (const word of [projectId, "alice", "peercode_get_project", "peercode_lock_file"]) {
        assert.ok(text.includes(word), `the prompt does not mention ${word}`);
      }
    });

    await check(`${p} get_project on an empty project, with and without optional arguments`, async () => {
      const state = await alice.ok("peercode_get_project");
      assert.equal(state.project.id, projectId);
      assert.equal(typeof state.lastSeq, "number");
      assert.equal(state.sync.state, "free");
      assert.equal(state.sync.lastPush, undefined);
      const all = await bob.ok("peercode_get_project", { taskFilter: "all", taskOffset: 0, taskLimit: 5 });
      assert.equal(all.project.id, projectId);
    });

    let phaseA;
    let phaseB;
    let taskA;
    let taskB;
    await check(`${p} create_phase with and without a position`, async () => {
      phaseA = (await alice.ok("peercode_create_phase", { name: "Build" })).id;
      const first = await alice.ok("peercode_create_phase", { name: "Design", position: 0 });
      assert.equal(first.position, 0);
      assert.equal(first.outcome, "created");
      phaseB = first.id;
    });

    await check(`${p} create_task minimal and with every optional argument`, async () => {
      taskA = await alice.ok("peercode_create_task", { phaseId: phaseA, title: "Write the parser" });
      assert.equal(taskA.status, "todo");
      assert.equal(taskA.assignee, undefined);
      taskB = await bob.ok("peercode_create_task", {
        phaseId: phaseA, title: "Test the parser", description: "Every grammar rule", priority: 1,
        expectedFiles: ["src/parser/**"], dependsOn: [taskA.id], assignee: "bob", position: 0,
      });
      assert.deepEqual(taskB.dependsOn, [taskA.id]);
      assert.equal(taskB.assignee, "bob");
    });

    await check(`${p} update_task: a claim, a change, a stale version refused, nothing to change refused`, async () => {
      const claimed = await alice.ok("peercode_update_task", { taskId: taskA.id, claim: true });
      assert.equal(claimed.outcome, "claimed");
      assert.equal(claimed.status, "in_progress");
      const taken = await bob.toolError("peercode_update_task", { taskId: taskA.id, claim: true });
      assert.match(taken, /alice/);
      const changed = await alice.ok("peercode_update_task", {
        taskId: taskA.id, status: "review", expectedVersion: claimed.version,
      });
      assert.equal(changed.status, "review");
      const stale = await alice.toolError("peercode_update_task", {
        taskId: taskA.id, status: "done", expectedVersion: claimed.version,
      });
      assert.match(stale, /version/);
      assert.match(await alice.refused("peercode_update_task", { taskId: taskA.id }), /nothing to change/);
      assert.match(await alice.refused("peercode_update_task", { taskId: taskA.id, status: "finished" }), /status/);
    });

    await check(`${p} move_task`, async () => {
      const moved = await alice.ok("peercode_move_task", { taskId: taskB.id, phaseId: phaseB });
      assert.equal(moved.phaseId, phaseB);
      assert.equal(moved.outcome, "moved");
      const again = await alice.ok("peercode_move_task", {
        taskId: taskB.id, phaseId: phaseB, position: 0, expectedVersion: moved.version,
      });
      assert.equal(again.position, 0);
    });

    await check(`${p} get_project lists tasks and details on request`, async () => {
      const state = await bob.ok("peercode_get_project", { taskIds: [taskB.id] });
      assert.equal(state.taskDetails[0].description, "Every grammar rule");
      assert.ok(state.tasks.items.length >= 2);
    });

    await check(`${p} push_delta minimal and with references and data; get_deltas in its shapes`, async () => {
      const note = await alice.ok("peercode_push_delta", { type: "note", summary: "parser started" });
      assert.equal(note.type, "note");
      await alice.ok("peercode_push_delta", {
        type: "discovery", summary: "the grammar is ambiguous", taskIds: [taskA.id], paths: ["src/parser/g.ts"],
        data: { rule: "expr", line: 12 },
      });
      const unseen = await bob.ok("peercode_get_deltas");
      assert.ok(unseen.deltas.some((d) => d.summary === "the grammar is ambiguous"));
      assert.equal(typeof unseen.nextCursor, "number");
      const nothingNew = await bob.ok("peercode_get_deltas", { waitSeconds: 1 });
      assert.deepEqual(nothingNew.deltas, []);
      const filtered = await alice.ok("peercode_get_deltas", {
        after: 0, types: ["discovery"], includeOwn: true, includeData: true, limit: 10,
      });
      assert.equal(filtered.deltas.length, 1);
      assert.deepEqual(filtered.deltas[0].data, { rule: "expr", line: 12 });
      assert.match(await alice.refused("peercode_push_delta", { type: "gossip", summary: "x" }), /type/);
    });

    await check(`${p} lock_file, a conflict, release_lock of some, of all, and a forced release`, async () => {
      const locked = await alice.ok("peercode_lock_file", { paths: ["src/parser/g.ts"] });
      assert.deepEqual(locked.acquired, ["src/parser/g.ts"]);
      const more = await alice.ok("peercode_lock_file", {
        paths: ["src/parser/g.ts", "docs/**"], reason: "parser work", taskId: taskA.id, ttlSeconds: 60,
      });
      assert.deepEqual(more.renewed, ["src/parser/g.ts"]);
      const conflict = await bob.toolError("peercode_lock_file", { paths: ["src/parser/*.ts"] });
      assert.match(conflict, /alice/);
      const state = await bob.ok("peercode_get_project");
      assert.ok(state.locks.some((l) => l.holder === "alice" && l.reason === "parser work"));
      assert.match(await alice.refused("peercode_lock_file", { paths: ["../etc/passwd"] }), /paths\[0\]/);
      const some = await alice.ok("peercode_release_lock", { paths: ["docs/**", "nothing/here"] });
      assert.deepEqual(some.released, ["docs/**"]);
      assert.deepEqual(some.notHeld, ["nothing/here"]);
      assert.equal(some.forced, false);
      await bob.ok("peercode_lock_file", { paths: ["test/**"] });
      const forced = await alice.ok("peercode_release_lock", { force: true, holder: "bob", reason: "bob crashed" });
      assert.deepEqual(forced.released, ["test/**"]);
      const rest = await alice.ok("peercode_release_lock");
      assert.deepEqual(rest.released, ["src/parser/g.ts"]);
    });

    await check(`${p} sync_github: granted, queued, a summary-less complete, then status and get_project`, async () => {
      const free = await alice.ok("peercode_sync_github", { action: "status" });
      assert.equal(free.status, "free");
      const granted = await alice.ok("peercode_sync_github", { action: "start" });
      assert.equal(granted.status, "granted");
      assert.ok(granted.gitSteps.length > 0);
      const queued = await bob.ok("peercode_sync_github", { action: "start" });
      assert.equal(queued.status, "queued");
      assert.equal(queued.position, 1);
      assert.match(await alice.refused("peercode_sync_github", { action: "complete" }), /token/);
      const done = await alice.ok("peercode_sync_github", {
        action: "complete", token: granted.token, commitSha: "0123456789abcdef0123456789abcdef01234567",
      });
      assert.equal(done.status, "completed");
      assert.equal(done.nextInQueue, "bob");
      // The push had no summary: every read of the push token after it must still match the schemas.
      for (const reader of [alice, bob]) {
        const status = await reader.ok("peercode_sync_github", { action: "status" });
        assert.equal(status.lastPush.by, "alice");
        assert.equal(status.lastPush.summary, undefined);
        const state = await reader.ok("peercode_get_project");
        assert.equal(state.sync.lastPush.commitSha, "0123456789abcdef0123456789abcdef01234567");
      }
      const taken = await bob.ok("peercode_sync_github", { action: "start" });
      assert.equal(taken.status, "granted");
      assert.equal(taken.lastPush.by, "alice");
      const completed = await bob.ok("peercode_sync_github", {
        action: "complete", token: taken.token, commitSha: "abcdef0", summary: "parser tests",
      });
      assert.equal(completed.lastPush.summary, "parser tests");
      const abort = await alice.ok("peercode_sync_github", { action: "start" });
      assert.equal((await alice.ok("peercode_sync_github", { action: "abort", token: abort.token })).status,
        "released");
    });

    await check(`${p} a debate decided by majority`, async () => {
      const debate = await alice.ok("peercode_start_debate", {
        topic: "parser kind", question: "Hand-written or generated?", options: ["hand", "generated"],
        participants: ["bob"],
      });
      assert.equal(debate.status, "open");
      assert.deepEqual([...debate.participants].sort(), ["alice", "bob"]);
      const half = await alice.ok("peercode_respond_debate", { debateId: debate.id, choice: "hand" });
      assert.equal(half.status, "open");
      const decided = await bob.ok("peercode_respond_debate", {
        debateId: debate.id, choice: "hand", argument: "simpler errors",
      });
      assert.equal(decided.status, "resolved");
      assert.equal(decided.outcome, "hand");
    });

    await check(`${p} a debate escalated to a person`, async () => {
      const debate = await bob.ok("peercode_start_debate", {
        topic: "release date", question: "Ship now or next week?", options: ["now", "next week"],
        participants: ["alice"], deadlineSeconds: 600, taskIds: [taskA.id],
      });
      const escalated = await alice.ok("peercode_respond_debate", {
        debateId: debate.id, escalate: true, argument: "needs the product owner",
      });
      assert.equal(escalated.status, "escalated");
      assert.match(await alice.refused("peercode_respond_debate", {
        debateId: debate.id, choice: "now", escalate: true,
      }), /choice/);
    });

    await check(`${p} replan: a proposal, then operations applied as one revision`, async () => {
      const proposal = await alice.ok("peercode_replan");
      assert.equal(proposal.mode, "proposal");
      assert.equal(typeof proposal.proposal.basedOnSeq, "number");
      const applied = await alice.ok("peercode_replan", {
        reason: "split the parser work", basedOnSeq: proposal.proposal.basedOnSeq,
        operations: [
          { op: "create_task", phaseId: phaseA, title: "Parser error messages", ref: "errors" },
          { op: "add_dependency", taskId: "$errors", dependsOn: taskA.id },
        ],
      });
      assert.equal(applied.mode, "applied");
      assert.ok(applied.revision.created.errors.startsWith("task_"));
      assert.equal(applied.revision.operations.length, 2);
    });

    await check(`${p} refusals name the argument and where it can come from`, async () => {
      const noProject = await alice.refused("peercode_get_project", { sessionId: "alice" }, false);
      assert.match(noProject, /projectId/);
      assert.match(noProject, /X-PeerCode-Project/);
      const badSession = await alice.refused("peercode_get_project", { projectId, sessionId: "Alice Smith" }, false);
      assert.match(badSession, /sessionId/);
      assert.match(badSession, /X-PeerCode-Session/);
      assert.match(await alice.toolError("peercode_get_project", { projectId: "proj_AAAAAAAAAAAAAAAA" }),
        /does not exist/);
    });

    await check(`${p} resource template, read, subscribe and an update notification`, async () => {
      const { resourceTemplates } = await alice.client.listResourceTemplates();
      assert.ok(resourceTemplates.some((t) => t.uriTemplate === "peercode://projects/{projectId}"));
      const uri = `peercode://projects/${projectId}`;
      const read = await alice.client.readResource({ uri });
      assert.equal(JSON.parse(read.contents[0].text).project.id, projectId);
      const updated = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no notifications/resources/updated within 10 s")), 10_000);
        alice.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
          if (n.params.uri === uri) {
            clearTimeout(timer);
            resolve(n);
          }
        });
      });
      await alice.client.subscribeResource({ uri });
      await bob.ok("peercode_push_delta", { type: "warning", summary: "the build is red" });
      await updated;
    });
  } finally {
    await alice.close();
    await bob.close();
  }
}

const started = Date.now();
for (const kind of ["streamable-http", "legacy-sse"]) {
  await check(`[${kind}] the whole suite ran`, () => suite(kind));
}
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
