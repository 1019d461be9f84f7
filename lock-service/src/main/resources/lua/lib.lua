-- Shared by every script of the lock service: CoordinationStore prepends this file to each one, so
-- a script is still one atomic EVALSHA. Key names follow dev.peercode.lock.store.RedisKeys.
-- TIME and XADD '*' are not deterministic: replicate effects, not the script (Redis 6.2).
redis.replicate_commands()

local NS = 'peercode:'
local EVENTS = 'peercode:events'
-- A last resort only: the planner trims what it acknowledged (EventStreamTrimmer). The cap bites when the
-- planner is away for long (about a day of a busy team's lock traffic), and then cuts unread events.
local EVENTS_MAXLEN = '1000000'
local LOCK_EXPIRIES = 'peercode:lock-expiries'
local SYNC_EXPIRIES = 'peercode:sync-expiries'

local function k_lock(p, path) return NS .. p .. ':lock:' .. path end
local function k_locks(p) return NS .. p .. ':locks' end
local function k_fence(p) return NS .. p .. ':fence' end
local function k_sync(p) return NS .. p .. ':sync' end
local function k_lease(p) return NS .. p .. ':sync:lease' end
local function k_queue(p) return NS .. p .. ':sync:queue' end
local function k_last(p) return NS .. p .. ':sync:last' end
local function k_presence(p) return NS .. p .. ':presence' end
local function k_session(p, session) return NS .. p .. ':session:' .. session end
local function k_idle(p, session) return NS .. p .. ':idle:' .. session end
local function lock_member(p, path) return p .. '\n' .. path end
-- The lock index (see "Lock index" below): which locks an acquire has to compare.
local function k_idx_at(p, prefix) return NS .. p .. ':lockidx:at:' .. prefix end
local function k_idx_under(p, prefix) return NS .. p .. ':lockidx:under:' .. prefix end
local function k_idx_ready(p) return NS .. p .. ':lockidx' end

-- Redis' clock, the one clock every replica shares.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- ISO-8601 UTC with milliseconds; Redis' Lua has no os.date (days-to-civil, H. Hinnant).
local function iso(ms)
  local secs = math.floor(ms / 1000)
  local days = math.floor(secs / 86400)
  local rem = secs - days * 86400
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  if m <= 2 then y = y + 1 end
  return string.format('%04d-%02d-%02dT%02d:%02d:%02d.%03dZ', y, m, d,
    math.floor(rem / 3600), math.floor((rem % 3600) / 60), rem % 60, ms % 1000)
end

-- cjson escapes every '/' as '\/' (valid JSON, but noisy in paths); since every '/' is escaped,
-- each '\/' in its output is such an escape and can be undone safely.
local function encode(v)
  return (string.gsub(cjson.encode(v), '\\/', '/'))
end

-- cjson writes an empty table as {}; arrays on the wire must stay arrays.
local function json_array(t)
  if #t == 0 then return '[]' end
  return encode(t)
end

-- For results read by Java: an empty list travels as null (the records default it to empty).
local function list(t)
  if #t == 0 then return cjson.null end
  return t
end

local function blank(s) return s == nil or s == '' or s == cjson.null end

-- Keeps an index or retained key alive at least `ms` more; never shortens it.
local function keep(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end

-- One entry of peercode:events (docs/internal-contracts.md), written by the script that changes
-- the state it reports, so the two cannot come apart.
local function emit(p, type, actor, summary, paths, task_ids, data, now)
  redis.call('XADD', EVENTS, 'MAXLEN', '~', EVENTS_MAXLEN, '*',
    'projectId', p, 'type', type, 'actor', actor, 'summary', summary,
    'paths', json_array(paths), 'taskIds', json_array(task_ids), 'data', encode(data),
    'at', iso(now))
end

local function task_ids(lock)
  if blank(lock.taskId) then return {} end
  return { lock.taskId }
end

-- Collects the distinct task ids of several locks, for an event's taskIds.
local function add_task(tasks, seen, lock)
  if not blank(lock.taskId) and not seen[lock.taskId] then
    seen[lock.taskId] = true
    tasks[#tasks + 1] = lock.taskId
  end
end

local function describe(paths)
  if #paths == 1 then return paths[1] end
  return paths[1] .. ' (+' .. (#paths - 1) .. ' more)'
end

------------------------------------------------------------------------------------------------
-- Overlap of lock patterns: the same algorithm as dev.peercode.lock.path.PathPatterns, step for
-- step (a test runs both on the same random pairs). A pattern locks exactly the paths it matches.
-- Every element comparison is paid from one budget per script run (set_overlap_budget, from
-- peercode.lock.overlap-budget); once it is spent, every pair still undecided counts as
-- overlapping, so no pattern can hold Redis for longer than the budget allows.
------------------------------------------------------------------------------------------------
local overlap_left = math.huge
-- What this run parsed (paid once, as in Java's Budget): segments of patterns, units of segments.
local segment_cache, unit_cache = {}, {}
local function set_overlap_budget(n)
  overlap_left = tonumber(n)
  segment_cache, unit_cache = {}, {}
end

local function paid(compatible, x, y)
  if overlap_left <= 0 then return true end
  overlap_left = overlap_left - 1
  return compatible(x, y)
end

-- Element by element; a spent budget ends the loop (the pair will count as overlapping).
local function agree(a, fa, b, fb, n, compatible)
  for k = 0, n - 1 do
    if overlap_left <= 0 then return true end
    if not paid(compatible, a[fa + k], b[fb + k]) then return false end
  end
  return true
end

-- A parsed sequence keeps where its stars are (t.stars), found once per distinct segment or pattern.
local function with_stars(t, star)
  local stars = {}
  for i = 1, #t do if t[i] == star then stars[#stars + 1] = i end end
  t.stars = stars
  return t
end

-- Whether `pattern` (stars at `stars`) can produce the star-free `text`: first and last chunks at
-- the ends, middle chunks each at the leftmost place where it fits.
local function placeable(pattern, stars, text, compatible)
  local head = stars[1] - 1
  local tail = #pattern - stars[#stars]
  if head + tail > #text or not agree(pattern, 1, text, 1, head, compatible)
    or not agree(pattern, #pattern - tail + 1, text, #text - tail + 1, tail, compatible) then
    return false
  end
  local from, stop = head + 1, #text - tail + 1
  for s = 1, #stars - 1 do
    local chunk = stars[s] + 1
    local length = stars[s + 1] - chunk
    local at = from
    while at + length <= stop and not agree(pattern, chunk, text, at, length, compatible) do at = at + 1 end
    if at + length > stop then return false end
    from = at + length
  end
  return true
end

-- Whether two sequences whose star elements match any run of elements can produce one same
-- sequence (see PathPatterns.intersects for why each case is exact).
local function intersects(a, b, compatible)
  local sa, sb = a.stars, b.stars
  if #sa == 0 and #sb == 0 then
    return #a == #b and agree(a, 1, b, 1, #a, compatible)
  end
  if #sa > 0 and #sb > 0 then
    local head = math.min(sa[1], sb[1]) - 1
    local tail = math.min(#a - sa[#sa], #b - sb[#sb])
    return agree(a, 1, b, 1, head, compatible) and agree(a, #a - tail + 1, b, #b - tail + 1, tail, compatible)
  end
  if #sa == 0 then return placeable(b, sb, a, compatible) end
  return placeable(a, sa, b, compatible)
end

-- One element per UTF-8 character, so '?' means one character as in Java. Parsed once per run,
-- and paid for: one unit of budget per element.
local function units(segment)
  local known = unit_cache[segment]
  if known then return known end
  local out = {}
  for ch in string.gmatch(segment, '[%z\1-\127\194-\244][\128-\191]*') do out[#out + 1] = ch end
  overlap_left = overlap_left - #out
  unit_cache[segment] = with_stars(out, '*')
  return out
end

local function units_compatible(x, y) return x == y or x == '?' or y == '?' end

local function segments_overlap(a, b)
  return intersects(units(a), units(b), units_compatible)
end

local function segments(pattern)
  local known = segment_cache[pattern]
  if known then return known end
  local out = {}
  for s in string.gmatch(pattern, '[^/]+') do out[#out + 1] = s end
  overlap_left = overlap_left - #out
  segment_cache[pattern] = with_stars(out, '**')
  return out
end

-- What every match of the pattern starts with: the text before the first glob character, less a
-- trailing '/' (a '**' there may match no segment at all: 'src/**' matches 'src').
-- Memoised for the script's run: an acquire compares each live lock with every requested pattern.
local prefixes = {}
local function literal_prefix(pattern)
  local known = prefixes[pattern]
  if known then return known end
  local prefix = pattern
  local cut = string.find(pattern, '[%*%?]')
  if cut then
    prefix = string.sub(pattern, 1, cut - 1)
    if string.sub(prefix, -1) == '/' then prefix = string.sub(prefix, 1, -2) end
  end
  prefixes[pattern] = prefix
  return prefix
end

local globs = {}
local function is_glob(pattern)
  local known = globs[pattern]
  if known == nil then
    known = string.find(pattern, '[%*%?]') ~= nil
    globs[pattern] = known
  end
  return known
end

local function overlaps(a, b)
  if a == b then return true end
  -- Fast exact rejection: two patterns whose literal prefixes disagree share no match.
  local pa, pb = literal_prefix(a), literal_prefix(b)
  if #pa <= #pb then
    if string.sub(pb, 1, #pa) ~= pa then return false end
  elseif string.sub(pa, 1, #pb) ~= pb then
    return false
  end
  if not is_glob(a) and not is_glob(b) then return false end
  if overlap_left <= 0 then return true end
  local sa = segments(a)
  local sb = segments(b)
  return intersects(sa, sb, segments_overlap) or overlap_left <= 0
end

------------------------------------------------------------------------------------------------
-- Locks. The key peercode:{p}:lock:{path} (value: holder) carries the real TTL; the hash
-- peercode:{p}:locks keeps each lock's details (JSON) so that its expiry can still be reported
-- once the key is gone. A detail entry whose key is gone is an expired lock: reap_lock turns it
-- into exactly one lock.expired event, whoever (sweeper or acquire, any replica) gets there first,
-- because the HDEL happens in the same atomic script as the XADD.
------------------------------------------------------------------------------------------------
------------------------------------------------------------------------------------------------
-- Lock index (issue 19). An acquire compares only the live locks that can overlap what it asks for,
-- not every lock of the project. A pattern's *literal prefix* is its leading run of segments without
-- '*' or '?' ('src/lib/*.ts' -> src/lib; '**/*.md' and '*.ts' -> the empty prefix, the root). Every
-- path a pattern matches starts with its literal prefix and has at least as many segments (a '**'
-- after it may match none: 'src/**' matches 'src'). So two patterns can overlap only when one literal
-- prefix starts the other, and a pattern without globs cannot overlap one whose prefix is strictly
-- longer than its own segments. Sets, per project:
--   lockidx:at:<prefix>     locks whose literal prefix is exactly <prefix> ('' = globs at the root)
--   lockidx:under:<prefix>  locks whose literal prefix strictly extends <prefix> (one per ancestor)
-- Candidates for pattern P with prefix s1/../sk: at:'' + at:s1 + .. + at:s1/../sk, and, when P has a
-- glob, under:s1/../sk (all of that subtree: '**' -> everything). Exact: it drops only locks that
-- cannot overlap; the overlap rule then decides among the candidates as before.
-- Consistency: the index is a superset of the live locks. The script that adds a lock to the details
-- hash adds it to its sets (each set kept alive at least as long as the lock, like the hash), and only
-- the scripts that remove a lock's details (release, force release, reap of an expired key) take it out
-- of its sets. A lock key that expired stays in its sets until it is reaped; a candidate whose key is
-- gone is reaped on the spot (its lock.expired event, details and index entries), so a stale entry costs
-- one EXISTS and never hides anything. lockidx (the marker) says the project's index is complete; a
-- project whose locks predate the index (or whose marker lapsed) is indexed from its hash first.
------------------------------------------------------------------------------------------------
local function literal_prefix_segments(pattern)
  local out = {}
  for s in string.gmatch(pattern, '[^/]+') do
    if string.find(s, '[%*%?]') then return out, true end
    out[#out + 1] = s
  end
  return out, false
end

-- The sets a lock pattern belongs to: its at:<prefix> set and the under: set of every ancestor prefix.
local function index_keys(p, pattern)
  local segs = literal_prefix_segments(pattern)
  local keys = { k_idx_at(p, table.concat(segs, '/')) }
  local prefix = ''
  for j = 1, #segs do
    keys[#keys + 1] = k_idx_under(p, prefix)
    prefix = j == 1 and segs[1] or prefix .. '/' .. segs[j]
  end
  return keys
end

local function index_add(p, pattern, ms)
  for _, key in ipairs(index_keys(p, pattern)) do
    redis.call('SADD', key, pattern)
    keep(key, ms)
  end
end

local function index_remove(p, pattern)
  for _, key in ipairs(index_keys(p, pattern)) do redis.call('SREM', key, pattern) end
end

-- Indexes a project's existing locks once (locks written before the index, or a marker that lapsed).
local function ensure_index(p)
  if redis.call('EXISTS', k_idx_ready(p)) == 1 then return end
  local ms = redis.call('PTTL', k_locks(p))
  if ms == -2 then return end -- no locks: the acquire that writes the first one marks the index
  if ms < 0 then ms = 86400000 end
  for _, pattern in ipairs(redis.call('HKEYS', k_locks(p))) do index_add(p, pattern, ms) end
  redis.call('SET', k_idx_ready(p), '1', 'PX', ms)
end

-- Adds the index entries of the patterns in `out` (deduplicated by `seen`) that may overlap `pattern`.
local function index_candidates(p, pattern, seen, out)
  local function take(key)
    for _, member in ipairs(redis.call('SMEMBERS', key)) do
      if not seen[member] then
        seen[member] = true
        out[#out + 1] = member
      end
    end
  end
  local segs, glob = literal_prefix_segments(pattern)
  take(k_idx_at(p, ''))
  local prefix = ''
  for j = 1, #segs do
    prefix = j == 1 and segs[1] or prefix .. '/' .. segs[j]
    take(k_idx_at(p, prefix))
  end
  if glob then take(k_idx_under(p, prefix)) end
end

-- Returns whether the lock is gone, and whether this call reported its expiry.
local function reap_lock(p, path, now)
  if redis.call('EXISTS', k_lock(p, path)) == 1 then return false, false end
  redis.call('ZREM', LOCK_EXPIRIES, lock_member(p, path))
  index_remove(p, path)
  local raw = redis.call('HGET', k_locks(p), path)
  if not raw then return true, false end
  redis.call('HDEL', k_locks(p), path)
  local l = cjson.decode(raw)
  emit(p, 'lock.expired', l.holder, 'lock on ' .. path .. ' held by ' .. l.holder .. ' expired', { path },
    task_ids(l), { fencingToken = l.fence, reason = l.reason, expiredAt = iso(l.expiresAt) }, now)
  return true, true
end

local function by_path(x, y) return x.path < y.path end

-- The project's live locks (details decoded), reaping the expired ones on the way.
local function live_locks(p, now)
  local all = redis.call('HGETALL', k_locks(p))
  local live = {}
  for i = 1, #all, 2 do
    if not reap_lock(p, all[i], now) then live[#live + 1] = cjson.decode(all[i + 1]) end
  end
  table.sort(live, by_path)
  return live
end

-- The live locks among `paths` (details decoded, sorted by path), reaping the expired ones on the way.
local function live_among(p, paths, now)
  local live = {}
  for _, path in ipairs(paths) do
    if not reap_lock(p, path, now) then
      local raw = redis.call('HGET', k_locks(p), path)
      if raw then live[#live + 1] = cjson.decode(raw) end
    end
  end
  table.sort(live, by_path)
  return live
end

-- The live locks that may overlap any of `patterns` (a superset of those that do; see Lock index).
local function live_candidates(p, patterns, now)
  ensure_index(p)
  local seen, paths = {}, {}
  for _, pattern in ipairs(patterns) do index_candidates(p, pattern, seen, paths) end
  return live_among(p, paths, now)
end

local function drop_lock(p, path)
  redis.call('DEL', k_lock(p, path))
  redis.call('HDEL', k_locks(p), path)
  redis.call('ZREM', LOCK_EXPIRIES, lock_member(p, path))
  index_remove(p, path)
end

------------------------------------------------------------------------------------------------
-- Push token. peercode:{p}:sync (hash) is the state: held by `session` with `token`, or offered to
-- `session` (the former queue head) until it claims. peercode:{p}:sync:lease carries the real TTL
-- of either; a state whose lease is gone has expired, and settle_sync reports it once
-- (sync.expired) and hands the token to the next in the queue (sync.granted, mode=offered).
------------------------------------------------------------------------------------------------
local function sync_state(p)
  local raw = redis.call('HGETALL', k_sync(p))
  if #raw == 0 then return nil end
  local st = {}
  for i = 1, #raw, 2 do st[raw[i]] = raw[i + 1] end
  st.grantedAt = tonumber(st.grantedAt)
  st.expiresAt = tonumber(st.expiresAt)
  return st
end

local function set_sync(p, state, session, token, now, ttl, grace)
  local expires = now + ttl
  redis.call('DEL', k_sync(p))
  redis.call('HSET', k_sync(p), 'state', state, 'session', session, 'token', token,
    'grantedAt', now, 'expiresAt', expires)
  redis.call('PEXPIRE', k_sync(p), ttl + grace)
  redis.call('SET', k_lease(p), session, 'PX', ttl)
  redis.call('ZADD', SYNC_EXPIRIES, expires, p)
  keep(SYNC_EXPIRIES, ttl + grace)
  return sync_state(p)
end

local function clear_sync(p)
  redis.call('DEL', k_sync(p), k_lease(p))
  redis.call('ZREM', SYNC_EXPIRIES, p)
end

-- Hands the free token to the head of the queue for the claim window; nil when nobody waits.
local function offer_next(p, now, claim, grace)
  local head = redis.call('LPOP', k_queue(p))
  if not head then return nil end
  local st = set_sync(p, 'offered', head, '', now, claim, grace)
  emit(p, 'sync.granted', head, 'push token handed to ' .. head .. ', to be claimed before ' .. iso(st.expiresAt),
    {}, {}, { mode = 'offered', claimUntil = iso(st.expiresAt) }, now)
  return st
end

local function settle_sync(p, now, claim, grace)
  local st = sync_state(p)
  if st and redis.call('EXISTS', k_lease(p)) == 1 then return st end
  if st then
    clear_sync(p)
    local what = st.state == 'held' and 'push token held by ' .. st.session .. ' expired'
      or st.session .. ' did not claim the push token in time'
    emit(p, 'sync.expired', st.session, what, {}, {}, { stage = st.state, expiredAt = iso(st.expiresAt) }, now)
  end
  return offer_next(p, now, claim, grace)
end

local function last_push(p)
  local raw = redis.call('HGETALL', k_last(p))
  if #raw == 0 then return cjson.null end
  local last = {}
  for i = 1, #raw, 2 do last[raw[i]] = raw[i + 1] end
  last.at = tonumber(last.at)
  return last
end

local function queue_position(p, session)
  local index = redis.call('LPOS', k_queue(p), session)
  if not index then return nil end
  return index + 1
end

-- A session name belongs to the member who uses it (issue 16 #3): the first member to act as a free name
-- binds it for `ms` (at least the presence window; as long as its locks or push turn when it takes them),
-- every later act renews the binding, and another member cannot act as it until the binding has lapsed.
-- Returns true when `member` may act as `session` (the binding is then at least `ms` long), else false.
local function bind_session(p, session, member, ms)
  local k = k_session(p, session)
  local owner = redis.call('GET', k)
  if owner and owner ~= member then return false end
  if redis.call('PTTL', k) < ms then redis.call('SET', k, member, 'PX', ms) end
  return true
end

local function session_taken(session)
  return cjson.encode({ status = 'session-taken', session = session })
end
