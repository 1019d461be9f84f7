-- Ask for the push token: granted when free (or when offered to this session), else join the FIFO
-- queue. Asking again is harmless: the holder gets its token back, a waiter its position.
-- ARGV: project, session, new token value, tokenTtlMs, claimMs, graceMs, member, windowMs
local p, session, token = ARGV[1], ARGV[2], ARGV[3]
local ttl, claim, grace = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
-- Bound for a whole turn: nobody else can take the name over to abort or complete it.
if not bind_session(p, session, ARGV[7], math.max(tonumber(ARGV[8]), ttl + claim)) then
  return session_taken(session)
end
local now = now_ms()
local st = settle_sync(p, now, claim, grace)

if st == nil or (st.session == session and st.state == 'offered') then
  local mode = st == nil and 'granted' or 'claimed'
  st = set_sync(p, 'held', session, token, now, ttl, grace)
  emit(p, 'sync.granted', session, session .. ' holds the push token until ' .. iso(st.expiresAt), {}, {},
    { mode = mode, expiresAt = iso(st.expiresAt) }, now)
  return cjson.encode({ status = 'granted', state = st, lastPush = last_push(p) })
end
if st.session == session then
  return cjson.encode({ status = 'granted', state = st, lastPush = last_push(p) })
end

local position = queue_position(p, session)
if not position then
  position = redis.call('RPUSH', k_queue(p), session)
  emit(p, 'sync.queued', session, session .. ' waits for the push token (position ' .. position .. ')', {}, {},
    { position = position, holder = st.session }, now)
end
keep(k_queue(p), ttl + grace)
return cjson.encode({ status = 'queued', position = position, state = st, lastPush = last_push(p) })
