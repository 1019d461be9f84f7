-- Settles every push token whose lease is due: sync.expired, then the hand-over to the queue head.
-- The state hash changes in the same script, so concurrent sweepers report each expiry once.
-- ARGV: batch, claimMs, graceMs
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', SYNC_EXPIRIES, '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, p in ipairs(due) do
  local st = settle_sync(p, now, tonumber(ARGV[2]), tonumber(ARGV[3]))
  if st and st.expiresAt <= now then
    -- Alive by its lease although due by the index: re-file it by the lease's real TTL.
    redis.call('ZADD', SYNC_EXPIRIES, now + redis.call('PTTL', k_lease(p)), p)
  elseif not st then
    redis.call('ZREM', SYNC_EXPIRIES, p)
  end
end
return cjson.encode({ status = 'ok', examined = #due })
