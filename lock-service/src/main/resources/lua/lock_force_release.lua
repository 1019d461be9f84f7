-- An owner force-releases locks whoever holds them: the named patterns, or all of one session's.
-- ARGV: project, forcedBy, reason, session ('' when patterns are named), pattern...
local p, forced_by, reason, of_session = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now = now_ms()
local wanted, named = {}, {}
for i = 5, #ARGV do
  wanted[ARGV[i]] = true
  named[#named + 1] = ARGV[i]
end
-- Named patterns: only their own entries; a session's locks: the whole project's.
local live = blank(of_session) and live_among(p, named, now) or live_locks(p, now)

local released, paths, holders, tasks, seen = {}, {}, {}, {}, {}
for _, l in ipairs(live) do
  if wanted[l.path] or (not blank(of_session) and l.holder == of_session) then
    drop_lock(p, l.path)
    released[#released + 1] = l
    paths[#paths + 1] = l.path
    holders[l.path] = l.holder
    add_task(tasks, seen, l)
  end
end
if #released > 0 then
  emit(p, 'lock.force_released', forced_by,
    forced_by .. ' force-released ' .. describe(paths) .. ": '" .. reason .. "'", paths, tasks,
    { forcedBy = forced_by, reason = reason, holders = holders }, now)
end
return cjson.encode({ status = 'ok', released = list(released) })
