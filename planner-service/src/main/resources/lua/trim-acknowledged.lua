-- Trims the lock service's event stream (KEYS[1]) to what the consumer group ARGV[1] still needs:
-- every entry older than the group's oldest pending entry has been appended and acknowledged, and so,
-- when nothing is pending, has every entry up to the last one delivered. Entries not yet delivered are
-- never removed. Returns the number of entries removed (0 when the group does not exist).
redis.replicate_commands()
local last_delivered = nil
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local name, delivered
  for i = 1, #group, 2 do
    if group[i] == 'name' then name = group[i + 1] end
    if group[i] == 'last-delivered-id' then delivered = group[i + 1] end
  end
  if name == ARGV[1] then last_delivered = delivered end
end
if not last_delivered then return 0 end
local keep = last_delivered
local pending = redis.call('XPENDING', KEYS[1], ARGV[1])
if pending[1] > 0 then keep = pending[2] end
return redis.call('XTRIM', KEYS[1], 'MINID', keep)
