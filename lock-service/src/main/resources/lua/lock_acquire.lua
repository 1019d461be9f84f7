-- Acquire (or renew) locks on several patterns, all or none.
-- ARGV: project, session, reason, taskId ('' for none), ttlMs, graceMs, maxLocks, overlapBudget, member,
-- windowMs, pattern...
local p, session, reason, task = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local ttl, grace, max_locks = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
set_overlap_budget(ARGV[8])
-- The name stays bound while its locks live, so nobody can take it over to release them.
if not bind_session(p, ARGV[2], ARGV[9], math.max(tonumber(ARGV[10]), ttl)) then return session_taken(session) end
local FIRST = 11
local now = now_ms()
local requested = {}
for i = FIRST, #ARGV do requested[#requested + 1] = ARGV[i] end
-- Only the locks that can overlap a requested pattern (lib.lua, Lock index): among them are the
-- session's own locks on the requested patterns, the only ones renewal needs.
local live = live_candidates(p, requested, now)

-- The conflict check and the writes below are one script: nothing can slip in between.
-- The first MAX_CONFLICTS conflicts are enough to say why nothing was locked; looking for more
-- would only make the answer (and the script) as large as the request times the lock set.
local MAX_CONFLICTS = 20
local conflicts, more = {}, false
for i = FIRST, #ARGV do
  for _, l in ipairs(live) do
    if l.holder ~= session and overlaps(ARGV[i], l.path) then
      if #conflicts == MAX_CONFLICTS then more = true break end
      conflicts[#conflicts + 1] = { path = ARGV[i], lock = l }
    end
  end
  if more then break end
end
if #conflicts > 0 then return cjson.encode({ status = 'conflict', conflicts = conflicts, more = more }) end

local own = {}
for _, l in ipairs(live) do if l.holder == session then own[l.path] = l end end
local new = 0
for i = FIRST, #ARGV do if not own[ARGV[i]] then new = new + 1 end end
-- The details hash counts every lock not yet reported; only near the limit are expired ones reaped to count exactly.
local count = redis.call('HLEN', k_locks(p))
if count + new > max_locks then
  count = #live_locks(p, now)
  if count + new > max_locks then return cjson.encode({ status = 'too-many', live = count }) end
end

local expires = now + ttl
local fence
local acquired, renewed, renewed_fences, locks = {}, {}, {}, {}
for i = FIRST, #ARGV do
  local path = ARGV[i]
  local l = own[path]
  if l then
    -- Renewal keeps the fencing token; a new reason or task replaces the old one.
    l.expiresAt = expires
    if not blank(reason) then l.reason = reason end
    if not blank(task) then l.taskId = task end
    renewed[#renewed + 1] = path
    renewed_fences[path] = l.fence
  else
    fence = fence or redis.call('INCR', k_fence(p))
    l = { path = path, holder = session, reason = reason, fence = fence, acquiredAt = now, expiresAt = expires }
    if not blank(task) then l.taskId = task end
    acquired[#acquired + 1] = path
  end
  redis.call('SET', k_lock(p, path), session, 'PX', ttl)
  redis.call('HSET', k_locks(p), path, cjson.encode(l))
  redis.call('ZADD', LOCK_EXPIRIES, expires, lock_member(p, path))
  index_add(p, path, ttl + grace)
  locks[#locks + 1] = l
end
keep(k_locks(p), ttl + grace)
if redis.call('SET', k_idx_ready(p), '1', 'NX', 'PX', ttl + grace) == false then keep(k_idx_ready(p), ttl + grace) end
keep(LOCK_EXPIRIES, ttl + grace)

local tasks = blank(task) and {} or { task }
local for_what = blank(reason) and '' or " for '" .. reason .. "'"
if #acquired > 0 then
  emit(p, 'lock.acquired', session, session .. ' locked ' .. describe(acquired) .. for_what .. ' until ' .. iso(expires),
    acquired, tasks, { fencingToken = fence, reason = reason, expiresAt = iso(expires) }, now)
end
if #renewed > 0 then
  emit(p, 'lock.renewed', session, session .. ' renewed ' .. describe(renewed) .. ' until ' .. iso(expires),
    renewed, tasks, { fencingTokens = renewed_fences, reason = reason, expiresAt = iso(expires) }, now)
end
return cjson.encode({ status = 'ok', fencingToken = fence or cjson.null, acquired = list(acquired),
  renewed = list(renewed), locks = list(locks) })
