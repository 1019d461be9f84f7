-- Reports each session gone idle while it holds file locks or the push token: one session.idle event per
-- idle episode, whichever replica sweeps. Idle = not in the project's presence set within windowMs (the set
-- forgets quiet sessions by itself). The marker peercode:{p}:idle:{session} is taken with SET NX in the same
-- script as the event, so concurrent sweepers report an episode once; presence_touch.lua deletes it, so the
-- next silence after the session is seen again is a new episode.
-- A lock taken or the token granted within the window counts as seen (the gateway's presence touch may
-- land just after it).
-- ARGV: windowMs, maxEntries (lock index entries and push tokens looked at per run), markerMs
local now = now_ms()
local window, max_entries, marker_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local held, order = {}, {}
local function holder(p, session)
  local key = p .. '\n' .. session
  if not held[key] then
    held[key] = { p = p, session = session, paths = {}, token = false, acted = 0 }
    order[#order + 1] = held[key]
  end
  return held[key]
end
local locks = redis.call('ZRANGE', LOCK_EXPIRIES, 0, max_entries - 1)
for _, member in ipairs(locks) do
  local cut = string.find(member, '\n', 1, true)
  local p, path = string.sub(member, 1, cut - 1), string.sub(member, cut + 1)
  local raw = redis.call('HGET', k_locks(p), path)
  if raw and redis.call('EXISTS', k_lock(p, path)) == 1 then
    local l = cjson.decode(raw)
    local h = holder(p, l.holder)
    h.paths[#h.paths + 1] = path
    h.acted = math.max(h.acted, tonumber(l.acquiredAt) or 0)
  end
end
local tokens = redis.call('ZRANGE', SYNC_EXPIRIES, 0, max_entries - 1)
for _, p in ipairs(tokens) do
  local st = sync_state(p)
  if st and st.state == 'held' and redis.call('EXISTS', k_lease(p)) == 1 then
    local h = holder(p, st.session)
    h.token = true
    h.acted = math.max(h.acted, st.grantedAt or 0)
  end
end
local reported = 0
for _, h in ipairs(order) do
  local seen = redis.call('ZSCORE', k_presence(h.p), h.session)
  seen = seen and tonumber(seen)
  -- Taking a lock or the token is a sign of life too: a holder whose presence touch is still on its way is
  -- not idle.
  if math.max(seen or 0, h.acted) < now - window
      and redis.call('SET', k_idle(h.p, h.session), now, 'NX', 'PX', marker_ms) then
    table.sort(h.paths)
    local what = {}
    if #h.paths > 0 then what[#what + 1] = #h.paths == 1 and ('the lock on ' .. h.paths[1]) or (#h.paths .. ' locks') end
    if h.token then what[#what + 1] = 'the push token' end
    local shown = {}
    for i = 1, math.min(#h.paths, 20) do shown[i] = h.paths[i] end
    emit(h.p, 'session.idle', h.session,
      h.session .. ' has gone idle (not seen for ' .. math.floor(window / 1000) .. ' s) while holding '
        .. table.concat(what, ' and '),
      shown, {}, { locks = #h.paths, pushToken = h.token, lastSeen = seen and iso(seen) or cjson.null,
        idleAfterSeconds = math.floor(window / 1000) }, now)
    reported = reported + 1
  end
end
return cjson.encode({ status = 'ok', examined = #locks + #tokens, reported = reported })
