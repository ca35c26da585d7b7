-- Brisk rate limits: GCRA over several bandwidths of one caller, atomically, granting up to a
-- lease of tokens at once (a local allowance the instance spends without calling Redis).
-- KEYS[1..n]: one per bandwidth; KEYS[n+1]: the caller's lessees (instances that took tokens
-- within the last second); all with the caller's hash tag (one Redis Cluster slot).
-- ARGV[1]: cost (the least to grant); ARGV[2]: wanted (a multiple of cost, >= cost);
-- ARGV[3]: this instance's id; ARGV[4]: refund (tokens of this instance's lapsed lease, charged
-- and never spent: given back first); ARGV[2i+3], ARGV[2i+4]: interval (microseconds), burst of
-- bandwidth i.
-- Returns {allowed 0|1, binding bandwidth (0-based), remaining, reset_us, retry_after_us,
-- granted, lessees}.
-- Time comes from the server, so instances with skewed clocks share one budget.
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cost = tonumber(ARGV[1])
local wanted = tonumber(ARGV[2])
local refund = tonumber(ARGV[4])
local n = #KEYS - 1
local tats, intervals, bursts, avails = {}, {}, {}, {}
local granted = wanted
for i = 1, n do
  local interval = tonumber(ARGV[2 * i + 3])
  local burst = tonumber(ARGV[2 * i + 4])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now) - refund * interval
  if tat < now then tat = now end
  local avail = math.floor((now + burst * interval - tat) / interval)
  tats[i], intervals[i], bursts[i], avails[i] = tat, interval, burst, avail
  if avail < granted then granted = avail end
end
granted = math.floor(granted / cost) * cost
local denied = granted < cost
local retry = 0
local bind, bind_remaining, bind_reset = 1, -1, 0
for i = 1, n do
  local remaining, reset
  if denied and avails[i] < cost then
    local wait = tats[i] + (cost - bursts[i]) * intervals[i] - now
    if wait > retry then retry = wait end
    remaining, reset = 0, tats[i] - now
  elseif denied then
    remaining, reset = avails[i] - cost, tats[i] + cost * intervals[i] - now
  else
    tats[i] = tats[i] + granted * intervals[i]
    remaining, reset = avails[i] - granted, tats[i] - now
  end
  if bind_remaining < 0 or remaining < bind_remaining then
    bind, bind_remaining, bind_reset = i, remaining, reset
  end
end
if not denied or refund > 0 then
  for i = 1, n do
    local ttl = math.floor((tats[i] - now) / 1000) + 1000
    redis.call('SET', KEYS[i], string.format('%.0f', tats[i]), 'PX', ttl)
  end
end
local lessees = KEYS[n + 1]
redis.call('ZADD', lessees, now, ARGV[3])
redis.call('ZREMRANGEBYSCORE', lessees, '-inf', now - 1000000)
redis.call('PEXPIRE', lessees, 2000)
return {denied and 0 or 1, bind - 1, bind_remaining, bind_reset, retry,
  denied and 0 or granted, redis.call('ZCARD', lessees)}
