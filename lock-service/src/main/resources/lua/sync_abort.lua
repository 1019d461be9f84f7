-- Give the token back, decline an offer, or leave the queue, whichever applies to the session.
-- Only the session's member may: the name is bound to it for the whole turn (sync_start).
-- ARGV: project, session, token ('' = not given), claimMs, graceMs, member, windowMs
local p, session, token = ARGV[1], ARGV[2], ARGV[3]
local claim, grace = tonumber(ARGV[4]), tonumber(ARGV[5])
if not bind_session(p, session, ARGV[6], tonumber(ARGV[7])) then return session_taken(session) end
local now = now_ms()
local st = settle_sync(p, now, claim, grace)

if st and st.session == session then
  if st.state == 'held' and not blank(token) and token ~= st.token then
    return cjson.encode({ status = 'invalid-token', state = st })
  end
  clear_sync(p)
  local what = st.state == 'held' and ' gave the push token back' or ' declined the push token'
  emit(p, 'sync.aborted', session, session .. what, {}, {}, { stage = st.state }, now)
  local next_state = offer_next(p, now, claim, grace)
  return cjson.encode({ status = st.state == 'held' and 'released' or 'declined', next = next_state or cjson.null })
end

local position = queue_position(p, session)
if not position then return cjson.encode({ status = 'not-involved', state = st or cjson.null }) end
redis.call('LREM', k_queue(p), 0, session)
emit(p, 'sync.aborted', session, session .. ' left the push queue', {}, {}, { stage = 'queued', position = position },
  now)
return cjson.encode({ status = 'left-queue', next = cjson.null })
