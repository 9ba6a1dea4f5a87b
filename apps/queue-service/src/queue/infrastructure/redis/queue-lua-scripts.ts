import { QueueRedisKeys } from './queue-redis-keys';

/*
 * Every script works on one concert's room and starts with the same prelude, so the helpers below
 * see the same names. Every key a script touches carries the room's hash tag ({room:<concertId>}),
 * the ones it derives (tokens, users, the adaptive limit) included: each step is one slot.
 *   KEYS[1] waiting ZSET, KEYS[2] active ZSET, KEYS[3] last-seen ZSET, KEYS[4] admissions HASH,
 *   KEYS[5] admissions counter (total ever: numbers every admission, so their order is observable),
 *   KEYS[6] pre-queue ZSET, KEYS[7] settings HASH, KEYS[8] pre-queue last-seen ZSET, KEYS[9] every
 *   admission per second HASH, KEYS[10] the opening's record ZSET (see roomKeys)
 *   ARGV[1] the room's key prefix, ARGV[2] now ms, ARGV[3] retention s of EXPIRED hashes, ARGV[4]
 *   the default capacity (QUEUE_MAX_ACTIVE_USERS), ARGV[5] the default active window s
 *   (QUEUE_ACTIVE_SECONDS), ARGV[6] idle cutoff ms, ARGV[7] the adaptive room's opening size (0:
 *   adaptation off), ARGV[8] retention s of the EXPIRED hashes of waiters who went idle (never
 *   admitted), ARGV[9] the step's batch: the most entries any one loop handles
 * Script-specific KEYS / ARGV follow from index 11 / 10.
 *
 * The room's own settings (maxActiveUsers, activeSeconds, saleOpensAt: set at the concert's
 * creation or by PATCH) are read from its settings hash in the step itself, so a change takes
 * effect at the room's next step; a setting the room has not set takes the configuration's default.
 *
 * Bounded steps: Redis runs nothing else while a script runs, so no loop may grow with the queue.
 * Every loop handles at most `batch` entries (QUEUE_CLEANUP_BATCH_SIZE): ended active windows,
 * idle waiters swept, heads admitted, heads that leave instead of taking a slot. An admission round
 * has four such loops, every other step at most two; what a step leaves is done by the next one
 * (the scheduler follows a round that reached a bound after a short pause, not a full interval).
 * The one step that grows with the room is the sale's opening: two ZUNIONSTOREs and a RENAME,
 * run by Redis itself (no loop in the script), once per room.
 *
 * The capacity every step works with is the adaptive admission limit while one is set, else the
 * opening capacity, never above the room's maximum (ADR 0015; the limit hash is written only by
 * purchases' expiry steps and by admission rounds' quiet growth, and expires after a quiet spell).
 */
const PRELUDE = `
local K_WAITING, K_ACTIVE, K_LASTSEEN, K_ADMISSIONS, K_ADMITTED = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local K_PREQUEUE, K_SETTINGS, K_PREQUEUE_SEEN, K_ADMISSIONS_ALL, K_OPENING = KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local prefix = ARGV[1]
local now = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local idleCutoff = tonumber(ARGV[6])
local adaptiveOpening = tonumber(ARGV[7])
local idleTtl = tonumber(ARGV[8])
local batch = tonumber(ARGV[9])
local K_LIMIT = prefix .. '${QueueRedisKeys.admissionLimitInRoom}'

local function token_key(tid) return prefix .. '${QueueRedisKeys.tokenInRoom}' .. tid end
local function user_key(uid) return prefix .. '${QueueRedisKeys.userInRoom}' .. uid end

-- A room's settings are written once, by the first step that finds none (the concert's own
-- values from its creation; empty: the configuration's default), and changed only by PATCH.
local function init_room(maxActive, activeSeconds, saleOpensAt, seed, commitment)
  if redis.call('EXISTS', K_SETTINGS) == 1 then return end
  redis.call('HSET', K_SETTINGS, 'seed', seed, 'seedCommitment', commitment, 'createdAt', now)
  if maxActive ~= '' then redis.call('HSET', K_SETTINGS, 'maxActiveUsers', maxActive) end
  if activeSeconds ~= '' then redis.call('HSET', K_SETTINGS, 'activeSeconds', activeSeconds) end
  if saleOpensAt ~= '' then redis.call('HSET', K_SETTINGS, 'saleOpensAt', saleOpensAt) end
end

local settings, maxCapacity, activeSeconds, activeUntil, saleOpensAt, openedAt, openingCapacity, capacity

local function capacity_under(limit)
  return math.max(0, math.min(maxCapacity, math.floor(limit)))
end

local function load_settings()
  settings = redis.call('HMGET', K_SETTINGS, 'maxActiveUsers', 'activeSeconds', 'saleOpensAt', 'openedAt')
  maxCapacity = tonumber(settings[1]) or tonumber(ARGV[4])
  activeSeconds = tonumber(settings[2]) or tonumber(ARGV[5])
  activeUntil = now + activeSeconds * 1000
  saleOpensAt = tonumber(settings[3])
  openedAt = tonumber(settings[4])
  openingCapacity = adaptiveOpening > 0 and math.min(adaptiveOpening, maxCapacity) or maxCapacity
  capacity = capacity_under(tonumber(redis.call('HGET', K_LIMIT, 'limit')) or openingCapacity)
end
load_settings()

-- Before a scheduled opening, joins enter the pre-queue.
local function before_opening()
  return saleOpensAt ~= nil and openedAt == nil and now < saleOpensAt
end

-- The sale's opening, once, in whichever step of whichever instance first runs at or after
-- saleOpensAt: every pre-queue member moves to the head of the queue in the order of the shuffle
-- key drawn at their join (below every arrival sequence, so ahead of everyone after the opening),
-- keeping their last-seen time; the pre-queue is kept as the opening's record.
local function open_if_due()
  if saleOpensAt == nil or openedAt ~= nil or now < saleOpensAt then return end
  local size = redis.call('ZCARD', K_PREQUEUE)
  if size > 0 then
    redis.call('ZUNIONSTORE', K_WAITING, 2, K_WAITING, K_PREQUEUE)
    redis.call('ZUNIONSTORE', K_LASTSEEN, 2, K_LASTSEEN, K_PREQUEUE_SEEN, 'AGGREGATE', 'MAX')
    redis.call('RENAME', K_PREQUEUE, K_OPENING)
    redis.call('DEL', K_PREQUEUE_SEEN)
  end
  redis.call('HSET', K_SETTINGS, 'openedAt', now, 'preQueueSize', size)
  openedAt = now
end


-- One purchase's effect on the adaptive limit (LimitAdjustment), before its slot is freed: slower
-- than the target, the limit drops to a fraction of the slots in use (the further over, the
-- deeper, within [minFactor, maxFactor]), at most once per interval; on time while every slot is
-- taken, it grows: by 1 until the first cut (slow start), by 1 / limit after. Sets the step's capacity.
local function adjust_limit(latency, target, minLimit, minFactor, maxFactor, interval, resetSeconds)
  local stored = redis.call('HMGET', K_LIMIT, 'limit', 'cutAt')
  local limit = tonumber(stored[1]) or openingCapacity
  local cutAt = tonumber(stored[2])
  redis.call('HSET', K_LIMIT, 'heardAt', now)
  local inUse = redis.call('ZCARD', K_ACTIVE)
  if latency > target then
    if not cutAt or now - cutAt >= interval then
      limit = math.min(limit, inUse) * math.max(minFactor, math.min(maxFactor, target / latency))
      redis.call('HSET', K_LIMIT, 'cutAt', now)
    end
  elseif inUse >= math.floor(limit) then
    if cutAt then limit = limit + 1 / limit else limit = limit + 1 end
  end
  limit = math.min(maxCapacity, math.max(minLimit, limit))
  redis.call('HSET', K_LIMIT, 'limit', tostring(limit))
  redis.call('EXPIRE', K_LIMIT, resetSeconds)
  capacity = capacity_under(limit)
end

-- EXPIRED is final. The hash stays for a while (EXPIRED, not unknown); the user may join again.
-- Only a waiting token goes IDLE, so an IDLE one was never admitted: it is kept for minutes
-- (idleTtl), long enough for its user to come back and read EXPIRED; the many in a big crowd who
-- just close the tab would otherwise leave a day of dead hashes behind. A token that was admitted
-- (window over, paid) keeps the longer retention. uid: the hash's userId when already read.
local function mark_expired(tid, reason, uid)
  local key = token_key(tid)
  uid = uid or redis.call('HGET', key, 'userId')
  if not uid then return end
  redis.call('HSET', key, 'status', 'EXPIRED', 'expiredAt', now, 'expiredReason', reason)
  redis.call('EXPIRE', key, reason == 'IDLE' and idleTtl or ttl)
  local ukey = user_key(uid)
  if redis.call('GET', ukey) == tid then redis.call('DEL', ukey) end
end

-- Each of tids (at most a batch, so one command's arguments) leaves every set and expires.
local function leave_all(tids, reason)
  if #tids == 0 then return end
  redis.call('ZREM', K_WAITING, unpack(tids))
  redis.call('ZREM', K_ACTIVE, unpack(tids))
  redis.call('ZREM', K_LASTSEEN, unpack(tids))
  for _, tid in ipairs(tids) do mark_expired(tid, reason) end
end

local function leave(tid, reason)
  leave_all({ tid }, reason)
end

local evictedInFill = 0

-- Moves waiting users from the head of the queue into the free active slots, in order; an idle
-- head leaves instead of taking a slot. At most batch admissions and batch heads that leave: the
-- step stops at the first head past either bound, which stays at the head, so nobody behind it
-- gets in first. The next step goes on from there, and every step with a free slot removes at
-- least one head, so a run of idle heads delays admission by a few steps but never blocks it.
-- Returns { first admission number, { tokenId, join -> admission ms }... } (admission numbers are
-- consecutive in queue order).
local function fill()
  local free = math.min(batch, capacity - redis.call('ZCARD', K_ACTIVE))
  if free <= 0 then return { 0, {} } end
  local leavesLeft = batch
  -- Each head takes a slot, leaves, or ends the step: free + leavesLeft heads are all it can use.
  local heads = redis.call('ZRANGE', K_WAITING, 0, free + leavesLeft - 1)
  if #heads == 0 then return { 0, {} } end
  local seen = redis.call('ZMSCORE', K_LASTSEEN, unpack(heads))
  local admitted = {}
  local handled = 0
  for i, tid in ipairs(heads) do
    local key = token_key(tid)
    local h = redis.call('HMGET', key, 'status', 'joinedAt', 'userId')
    local lastSeen = tonumber(seen[i])
    local waiting = h[1] == 'WAITING' or h[1] == 'PRE_QUEUE'
    local admit = waiting and not (lastSeen and lastSeen < idleCutoff)
    if not admit and leavesLeft == 0 then break end
    handled = i
    if admit then
      redis.call('ZADD', K_ACTIVE, activeUntil, tid)
      redis.call('HSET', key, 'status', 'ACTIVE', 'activeUntil', activeUntil, 'admittedAt', now)
      admitted[#admitted + 1] = { tid, now - (tonumber(h[2]) or now) }
      free = free - 1
      if free == 0 then break end
    else
      leavesLeft = leavesLeft - 1
      -- not waiting: forgotten or already expired, nothing to admit
      if waiting then
        mark_expired(tid, 'IDLE', h[3])
        evictedInFill = evictedInFill + 1
      end
    end
  end
  -- The heads handled are the first ones, in rank order: one command takes them off the queue.
  if handled > 0 then
    redis.call('ZREMRANGEBYRANK', K_WAITING, 0, handled - 1)
    redis.call('ZREM', K_LASTSEEN, unpack(heads, 1, handled))
  end
  if #admitted == 0 then return { 0, admitted } end
  redis.call('HINCRBY', K_ADMISSIONS, math.floor(now / 1000), #admitted)
  redis.call('HINCRBY', K_ADMISSIONS_ALL, math.floor(now / 1000), #admitted)
  local last = redis.call('INCRBY', K_ADMITTED, #admitted)
  return { last - #admitted + 1, admitted }
end

-- { status, position | pre-queue size | -1, activeUntil | saleOpensAt | -1, userId, iat, concertId };
-- a waiting (or pre-queue) token is marked as seen now.
local function place_of(tid)
  local h = redis.call('HMGET', token_key(tid), 'status', 'userId', 'iat', 'concertId')
  if not h[1] then return { 'UNKNOWN', -1, -1, '', 0, '' } end
  local uid, iat, cid = h[2], tonumber(h[3]) or 0, h[4] or ''
  if h[1] ~= 'EXPIRED' then
    local untilMs = tonumber(redis.call('ZSCORE', K_ACTIVE, tid))
    if untilMs then
      if untilMs > now then return { 'ACTIVE', -1, untilMs, uid, iat, cid } end
      leave(tid, 'ACTIVE_TIMEOUT')
    else
      local rank = redis.call('ZRANK', K_WAITING, tid)
      if rank then
        local seen = tonumber(redis.call('ZSCORE', K_LASTSEEN, tid))
        if seen and seen < idleCutoff then
          leave(tid, 'IDLE')
        else
          redis.call('ZADD', K_LASTSEEN, 'GT', now, tid)
          return { 'WAITING', rank + 1, -1, uid, iat, cid }
        end
      elseif redis.call('ZSCORE', K_PREQUEUE, tid) then
        redis.call('ZADD', K_PREQUEUE_SEEN, 'GT', now, tid)
        return { 'PRE_QUEUE', redis.call('ZCARD', K_PREQUEUE), saleOpensAt or now, uid, iat, cid }
      else
        -- in no set: cannot happen through these scripts; never leave it half-live
        leave(tid, 'LOST')
      end
    end
  end
  return { 'EXPIRED', -1, -1, uid, iat, cid }
end
`;

/**
 * Join. KEYS[11] sequence, KEYS[12] user → token; ARGV[10..14] the room's settings should this step
 * be its first (maxActiveUsers, activeSeconds, saleOpensAt ms, each '' for the default; seed hex,
 * seed commitment hex), ARGV[15] new token id, ARGV[16] user id, ARGV[17] iat s, ARGV[18] the
 * concert, ARGV[19] the new token's shuffle key (a negative integer: its place among the pre-queue
 * at the opening, ahead of every later arrival).
 * → { created 0|1, tokenId, place, admissions (see fill) }.
 * The user's live token in this room (pre-queue, waiting, or active and within its window) is
 * returned unchanged and nobody moves; otherwise, before the sale opens, the new token enters the
 * pre-queue; after, it goes to the back, ordered by INCR (never by a clock). When nobody waits and
 * a slot is free, the back is the head: the token is admitted in the same step.
 */
export const JOIN_SCRIPT = `${PRELUDE}
init_room(ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14])
load_settings()
open_if_due()
local existing = redis.call('GET', KEYS[12])
if existing then
  local place = place_of(existing)
  if place[1] == 'WAITING' or place[1] == 'ACTIVE' or place[1] == 'PRE_QUEUE' then
    return { 0, existing, place, { 0, {} } }
  end
end
local tid, uid, iat, cid = ARGV[15], ARGV[16], ARGV[17], ARGV[18]
local seq = redis.call('INCR', KEYS[11])
if before_opening() then
  redis.call('HSET', token_key(tid), 'userId', uid, 'concertId', cid, 'seq', seq, 'iat', iat, 'joinedAt', now, 'status', 'PRE_QUEUE')
  redis.call('ZADD', K_PREQUEUE, ARGV[19], tid)
  redis.call('ZADD', K_PREQUEUE_SEEN, now, tid)
  redis.call('SET', KEYS[12], tid)
  return { 1, tid, { 'PRE_QUEUE', redis.call('ZCARD', K_PREQUEUE), saleOpensAt, uid, tonumber(iat), cid }, { 0, {} } }
end
if redis.call('ZCARD', K_WAITING) == 0 and redis.call('ZCARD', K_ACTIVE) < capacity then
  -- Nobody waits and a slot is free: fill() would pop this token straight back off the head, so
  -- it is written ACTIVE at once, in the same state fill() leaves (no waiting or last-seen entry).
  -- It is numbered but not counted in the rate history: the wait estimate is the pace at which
  -- the queue moves, and a burst of joins into free slots says nothing about that.
  redis.call('HSET', token_key(tid), 'userId', uid, 'concertId', cid, 'seq', seq, 'iat', iat, 'joinedAt', now, 'status', 'ACTIVE', 'activeUntil', activeUntil, 'admittedAt', now)
  redis.call('ZADD', K_ACTIVE, activeUntil, tid)
  redis.call('SET', KEYS[12], tid)
  redis.call('HINCRBY', K_ADMISSIONS_ALL, math.floor(now / 1000), 1)
  local number = redis.call('INCRBY', K_ADMITTED, 1)
  return { 1, tid, { 'ACTIVE', -1, activeUntil, uid, iat, cid }, { number, { { tid, 0 } } } }
end
redis.call('HSET', token_key(tid), 'userId', uid, 'concertId', cid, 'seq', seq, 'iat', iat, 'joinedAt', now, 'status', 'WAITING')
redis.call('ZADD', K_WAITING, seq, tid)
redis.call('ZADD', K_LASTSEEN, now, tid)
redis.call('SET', KEYS[12], tid)
if redis.call('ZCARD', K_ACTIVE) < capacity then
  local admissions = fill()
  return { 1, tid, place_of(tid), admissions }
end
-- Every slot is taken, so the token waits where it was just written, seen now: only its rank is new.
return { 1, tid, { 'WAITING', redis.call('ZRANK', K_WAITING, tid) + 1, -1, uid, tonumber(iat), cid }, { 0, {} } }
`;

/** Status read. ARGV[10] token id → place (see place_of). */
export const PLACE_SCRIPT = `${PRELUDE}
open_if_due()
return place_of(ARGV[10])
`;

/**
 * Admission round. ARGV[10] first second of the rate window, ARGV[11] the adaptive limit's quiet
 * growth interval ms (0: adaptation off), ARGV[12] its reset s.
 * → { expiredActive, evictedIdle, waitingCount, activeCount, admissions (see fill), {second, count, ...}, capacity,
 *     preQueueCount, maxActiveUsers, activeSeconds }
 * Ended windows and idle waiters are removed `batch` at a time (the oldest first); the rest wait
 * for the next round. The sale opens here when it is due and no other step opened it first.
 */
export const ADMIT_SCRIPT = `${PRELUDE}
open_if_due()
local windowStart = tonumber(ARGV[10])
local quietGrowth = tonumber(ARGV[11])
local over = redis.call('ZRANGEBYSCORE', K_ACTIVE, '-inf', ARGV[2], 'LIMIT', 0, batch)
leave_all(over, 'ACTIVE_TIMEOUT')
local idle = redis.call('ZRANGEBYSCORE', K_LASTSEEN, '-inf', '(' .. ARGV[6], 'LIMIT', 0, batch)
leave_all(idle, 'IDLE')
-- A full adaptive room with people waiting and no purchase heard from for the quiet interval
-- grows one slot past the slots in use: buyers who never buy cannot freeze it, however narrow it is.
local inUse = redis.call('ZCARD', K_ACTIVE)
if quietGrowth > 0 and inUse >= capacity and redis.call('ZCARD', K_WAITING) > 0 then
  local stored = redis.call('HMGET', K_LIMIT, 'limit', 'heardAt')
  local limit = tonumber(stored[1]) or openingCapacity
  local heardAt = tonumber(stored[2])
  if not heardAt then
    -- nothing heard yet (a fresh or forgotten limit): the quiet interval starts now
    redis.call('HSET', K_LIMIT, 'limit', tostring(limit), 'heardAt', now)
    redis.call('EXPIRE', K_LIMIT, tonumber(ARGV[12]))
  elseif now - heardAt >= quietGrowth then
    limit = math.min(maxCapacity, math.max(limit, inUse + 1))
    redis.call('HSET', K_LIMIT, 'limit', tostring(limit), 'heardAt', now)
    redis.call('EXPIRE', K_LIMIT, tonumber(ARGV[12]))
    capacity = capacity_under(limit)
  end
end
local admissions = fill()
-- The history has a field per second with admissions: the window's, and those since the last
-- round pruned it. Only rounds stopped for long (every instance's admission off while purchases
-- still admit) can make it larger; then it is dropped whole (UNLINK frees it off the script's
-- thread) rather than walked, and the estimate falls back to its floor for one window.
if redis.call('HLEN', K_ADMISSIONS) > math.floor(now / 1000) - windowStart + 1 + batch then
  redis.call('UNLINK', K_ADMISSIONS)
end
local history = redis.call('HGETALL', K_ADMISSIONS)
local buckets = {}
for i = 1, #history, 2 do
  if tonumber(history[i]) < windowStart then
    redis.call('HDEL', K_ADMISSIONS, history[i])
  else
    buckets[#buckets + 1] = tonumber(history[i])
    buckets[#buckets + 1] = tonumber(history[i + 1])
  end
end
-- Every admission of the last minute (the operator's view) is kept; older seconds go.
local nowSecond = math.floor(now / 1000)
if redis.call('HLEN', K_ADMISSIONS_ALL) > 60 + batch then
  redis.call('UNLINK', K_ADMISSIONS_ALL)
else
  local seconds = redis.call('HKEYS', K_ADMISSIONS_ALL)
  for _, second in ipairs(seconds) do
    if tonumber(second) <= nowSecond - 60 then redis.call('HDEL', K_ADMISSIONS_ALL, second) end
  end
end
return { #over, #idle + evictedInFill, redis.call('ZCARD', K_WAITING), redis.call('ZCARD', K_ACTIVE), admissions, buckets, capacity,
  redis.call('ZCARD', K_PREQUEUE), maxCapacity, activeSeconds }
`;

/**
 * Expiry (payment completed). KEYS[11] user → token; ARGV[10] token id or '' (the user's live token),
 * ARGV[11] owner user id, ARGV[12] not-joined-after ms (only when no token id), ARGV[13] reason,
 * ARGV[14] the purchase's saga latency ms or '' (no limit adjustment), then the adjustment's
 * ARGV[15] target ms, ARGV[16] minimum limit, ARGV[17] / ARGV[18] smallest / largest decrease
 * factor, ARGV[19] decrease interval ms, ARGV[20] reset s.
 * → { result, tokenId | '', admissions (see fill), capacity }: the slot an expiry frees goes to the
 * head of the queue in the same step, not at the next admission round — unless the purchase has
 * just cut the limit.
 */
export const EXPIRE_SCRIPT = `${PRELUDE}
local tid = ARGV[10]
local byUser = tid == ''
if byUser then
  tid = redis.call('GET', KEYS[11])
  if not tid then return { 'NO_LIVE_TOKEN', '', { 0, {} } } end
end
local h = redis.call('HMGET', token_key(tid), 'status', 'userId', 'joinedAt')
if not h[1] then return { 'UNKNOWN_TOKEN', tid, { 0, {} } } end
if h[2] ~= ARGV[11] then return { 'OTHER_USER', tid, { 0, {} } } end
if h[1] == 'EXPIRED' then return { 'ALREADY_EXPIRED', tid, { 0, {} } } end
if byUser and tonumber(h[3]) > tonumber(ARGV[12]) then return { 'ISSUED_AFTER', tid, { 0, {} } } end
if ARGV[14] ~= '' then
  adjust_limit(tonumber(ARGV[14]), tonumber(ARGV[15]), tonumber(ARGV[16]), tonumber(ARGV[17]), tonumber(ARGV[18]), tonumber(ARGV[19]), tonumber(ARGV[20]))
end
leave(tid, ARGV[13])
return { 'EXPIRED', tid, fill(), capacity }
`;

/**
 * The room as an operator and the fairness proof see it. ARGV[10..14] as in the join (the room is
 * set up if this is its first step). → { maxActiveUsers, activeSeconds, saleOpensAt | '', openedAt
 * | '', preQueue, waiting, active, admittedLastMinute, seedCommitment, seed (once open) | '', capacity }.
 * Opens the sale when it is due.
 */
export const ROOM_SCRIPT = `${PRELUDE}
init_room(ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14])
load_settings()
open_if_due()
local nowSecond = math.floor(now / 1000)
local admittedLastMinute = 0
local history = redis.call('HGETALL', K_ADMISSIONS_ALL)
for i = 1, #history, 2 do
  if tonumber(history[i]) > nowSecond - 60 then admittedLastMinute = admittedLastMinute + tonumber(history[i + 1]) end
end
local secret = redis.call('HMGET', K_SETTINGS, 'seedCommitment', 'seed')
return { maxCapacity, activeSeconds, saleOpensAt or '', openedAt or '', redis.call('ZCARD', K_PREQUEUE), redis.call('ZCARD', K_WAITING),
  redis.call('ZCARD', K_ACTIVE), admittedLastMinute, secret[1] or '', openedAt and secret[2] or '', capacity }
`;

/**
 * A change of the room's settings (PATCH). ARGV[10..14] as in the join, then ARGV[15]
 * maxActiveUsers, ARGV[16] activeSeconds, ARGV[17] saleOpensAt ms, each '' to leave it.
 * → 'OK', or 'ALREADY_OPEN' (nothing changed) for a new opening time once the sale has opened —
 * or, for a room that never had one, once anyone has joined it.
 */
export const CONFIGURE_SCRIPT = `${PRELUDE}
init_room(ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14])
load_settings()
open_if_due()
if ARGV[17] ~= '' then
  if openedAt ~= nil or (saleOpensAt == nil and redis.call('EXISTS', prefix .. 'sequence') == 1) then return 'ALREADY_OPEN' end
  redis.call('HSET', K_SETTINGS, 'saleOpensAt', ARGV[17])
end
if ARGV[15] ~= '' then redis.call('HSET', K_SETTINGS, 'maxActiveUsers', ARGV[15]) end
if ARGV[16] ~= '' then redis.call('HSET', K_SETTINGS, 'activeSeconds', ARGV[16]) end
return 'OK'
`;

/**
 * The registry of rooms (one key, outside every room). KEYS[1] the registry; ARGV[1] concert id,
 * ARGV[2] cutoff ms. Forgets a room that an admission round found empty, unless anyone joined it
 * since the cutoff (a join re-registers its room just before its own step).
 */
export const FORGET_ROOM_SCRIPT = `
local lastJoin = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if lastJoin and lastJoin < tonumber(ARGV[2]) then redis.call('ZREM', KEYS[1], ARGV[1]) return 1 end
return 0
`;
