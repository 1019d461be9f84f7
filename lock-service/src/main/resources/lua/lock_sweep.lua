-- Reports expired locks of every project, at most `batch` due index entries per call. Any number
-- of replicas may run it at once: reap_lock emits only for the entry it removes.
-- ARGV: batch
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', LOCK_EXPIRIES, '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local expired = 0
for _, member in ipairs(due) do
  local cut = string.find(member, '\n', 1, true)
  local p, path = string.sub(member, 1, cut - 1), string.sub(member, cut + 1)
  local gone, reported = reap_lock(p, path, now)
  if reported then
    expired = expired + 1
  elseif not gone then
    -- Due by the index but still alive (a renewal raced the index): re-file it by its real TTL.
    redis.call('ZADD', LOCK_EXPIRIES, now + redis.call('PTTL', k_lock(p, path)), member)
  end
end
return cjson.encode({ status = 'ok', examined = #due, expired = expired })
