-- The holder reports its push: remembered as the last push, and the token passes to the queue head.
-- ARGV: project, session, token, commitSha ('' none), summary ('' none), claimMs, graceMs, lastRetentionMs,
-- member, windowMs
local p, session, token, sha, summary = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local claim, grace, retention = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
if not bind_session(p, session, ARGV[9], tonumber(ARGV[10])) then return session_taken(session) end
local now = now_ms()
local st = settle_sync(p, now, claim, grace)
if st == nil or st.state ~= 'held' or st.session ~= session or st.token ~= token then
  return cjson.encode({ status = 'invalid-token', state = st or cjson.null })
end

redis.call('DEL', k_last(p))
redis.call('HSET', k_last(p), 'commitSha', sha, 'summary', summary, 'by', session, 'at', now)
redis.call('PEXPIRE', k_last(p), retention)
clear_sync(p)
local line = session .. ' pushed' .. (blank(sha) and '' or ' ' .. string.sub(sha, 1, 12))
  .. (blank(summary) and '' or ': ' .. summary)
emit(p, 'sync.completed', session, line, {}, {}, { commitSha = sha, summary = summary }, now)
local next_state = offer_next(p, now, claim, grace)
return cjson.encode({ status = 'completed', lastPush = last_push(p), next = next_state or cjson.null })
