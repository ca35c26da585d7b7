-- Brisk rate limits: GCRA over several bandwidths of one caller, atomically.
-- KEYS[i]: one per bandwidth, all with the caller's hash tag (one Redis Cluster slot).
-- ARGV[1]: cost; ARGV[2i], ARGV[2i+1]: emission interval (microseconds) and burst of bandwidth i.
-- Returns {allowed 0|1, binding bandwidth (0-based), remaining, reset_us, retry_after_us}.
-- Time comes from the server, so instances with skewed clocks share one budget.
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cost = tonumber(ARGV[1])
local denied = false
local retry = 0
local bind, bind_remaining, bind_reset = 1, -1, 0
local tats = {}
for i = 1, #KEYS do
  local interval = tonumber(ARGV[2 * i])
  local burst = tonumber(ARGV[2 * i + 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  local new_tat = tat + cost * interval
  local allow_at = new_tat - burst * interval
  local remaining, reset
  if now < allow_at then
    denied = true
    if allow_at - now > retry then retry = allow_at - now end
    remaining, reset = 0, tat - now
  else
    remaining, reset = math.floor((now - allow_at) / interval), new_tat - now
  end
  tats[i] = new_tat
  if bind_remaining < 0 or remaining < bind_remaining then
    bind, bind_remaining, bind_reset = i, remaining, reset
  end
end
if not denied then
  for i = 1, #KEYS do
    local ttl = math.floor((tats[i] - now) / 1000) + 1000
    redis.call('SET', KEYS[i], string.format('%.0f', tats[i]), 'PX', ttl)
  end
end
return {denied and 0 or 1, bind - 1, bind_remaining, bind_reset, retry}
