-- Brisk stream slots: extends the leases an instance still holds (see stream-slots.lua); a lease
-- that lapsed meanwhile is not taken again.
-- KEYS[1]: the caller's set. ARGV[1]: lease time (ms); ARGV[2..]: the leases' ids.
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local expiry = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], 'XX', expiry, ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
