-- Release locks held by a session: the named patterns, or all of them.
-- ARGV: project, session, member, windowMs, pattern... (none = all of the session's locks)
local p, session = ARGV[1], ARGV[2]
if not bind_session(p, session, ARGV[3], tonumber(ARGV[4])) then return session_taken(session) end
local now = now_ms()

local targets, not_held = {}, {}
if #ARGV == 4 then
  for _, l in ipairs(live_locks(p, now)) do if l.holder == session then targets[#targets + 1] = l end end
else
  -- Named patterns: only their own entries are read (a release never scans the project's locks).
  local named = {}
  for i = 5, #ARGV do named[#named + 1] = ARGV[i] end
  local held = {}
  for _, l in ipairs(live_among(p, named, now)) do held[l.path] = l end
  for i = 5, #ARGV do
    local l = held[ARGV[i]]
    if not l then
      not_held[#not_held + 1] = ARGV[i]
    elseif l.holder ~= session then
      -- Only the holder releases; nothing changes when one pattern is someone else's.
      return cjson.encode({ status = 'not-holder', lock = l })
    else
      targets[#targets + 1] = l
    end
  end
end

local released, fences, tasks, seen = {}, {}, {}, {}
for _, l in ipairs(targets) do
  drop_lock(p, l.path)
  released[#released + 1] = l.path
  fences[l.path] = l.fence
  add_task(tasks, seen, l)
end
if #released > 0 then
  emit(p, 'lock.released', session, session .. ' released ' .. describe(released), released, tasks,
    { fencingTokens = fences }, now)
end
return cjson.encode({ status = 'ok', released = list(released), notHeld = list(not_held) })
