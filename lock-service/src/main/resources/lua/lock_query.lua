-- The project's live locks, optionally only those of other sessions overlapping one pattern.
-- Reaps expired locks on the way (each with its lock.expired event).
-- ARGV: project, pattern ('' = all), excluded session ('' = none), overlapBudget
local p, pattern, excluded = ARGV[1], ARGV[2], ARGV[3]
set_overlap_budget(ARGV[4])
local now = now_ms()
local out = {}
-- With a pattern, only the locks the index says can overlap it (lib.lua, Lock index).
local live = blank(pattern) and live_locks(p, now) or live_candidates(p, { pattern }, now)
for _, l in ipairs(live) do
  if (blank(pattern) or overlaps(pattern, l.path)) and (blank(excluded) or l.holder ~= excluded) then
    out[#out + 1] = l
  end
end
return cjson.encode({ status = 'ok', locks = list(out) })
