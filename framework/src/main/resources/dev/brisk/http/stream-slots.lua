-- Brisk stream slots: the streams one caller has open across instances, as leases in a sorted
-- set scored by their expiry (server time, milliseconds), so a crashed instance's leases lapse.
-- KEYS[1]: the caller's set. ARGV[1]: the most the caller may hold; ARGV[2]: lease time (ms);
-- ARGV[3]: the new lease's id; ARGV[4...]: leases the instance gave back whose removal it has
-- not seen confirmed (removed first, so a take cannot overtake a release sent just before it).
-- Returns 1 when the lease was taken, 0 when the caller holds the most already.
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for i = 4, #ARGV do
  redis.call('ZREM', KEYS[1], ARGV[i])
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
