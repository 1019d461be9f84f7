-- Marks a session as seen now and forgets sessions gone quiet; the set itself expires with them.
-- Refused when the session name is bound to another member (see bind_session).
-- ARGV: project, session, windowMs, member
local p, session, window, member = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
if not bind_session(p, session, member, window) then return session_taken(session) end
local now = now_ms()
redis.call('ZADD', k_presence(p), now, session)
-- Seen again: a later silence is a new idle episode, reported again (idle_sweep.lua).
redis.call('DEL', k_idle(p, session))
redis.call('ZREMRANGEBYSCORE', k_presence(p), '-inf', now - window)
redis.call('PEXPIRE', k_presence(p), window)
return cjson.encode({ status = 'ok', session = session, lastSeen = now })
