-- Sessions seen within the window, most recent first (read by Redis' clock).
-- ARGV: project, windowMs
local p, window = ARGV[1], tonumber(ARGV[2])
local now = now_ms()
local raw = redis.call('ZREVRANGEBYSCORE', k_presence(p), '+inf', now - window, 'WITHSCORES')
local sessions = {}
for i = 1, #raw, 2 do sessions[#sessions + 1] = { session = raw[i], lastSeen = tonumber(raw[i + 1]) } end
return cjson.encode({ status = 'ok', sessions = list(sessions) })
