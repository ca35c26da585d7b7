package dev.brisk.cache;

/**
 * The Lua scripts of {@link RedisTier}, each one round trip: reads with load leases, stores
 * checked against tag stamps, lease release, invalidation and flush. Constants only.
 */
final class RedisScripts {

  /**
   * Reads many entries: one {seq, body, etag, tags, headers} per hit, in order; a miss takes the
   * key's load lease ({seq, 'leased'}) unless another instance holds it ({seq, 'wait'}, and the
   * holder is asked to publish when it is done).
   */
  static final String GET = """
      local seq = redis.call('GET', ARGV[1]) or '0'
      local flush = redis.call('GET', ARGV[3]) or '0'
      local out = {}
      for i, key in ipairs(KEYS) do
        local e = redis.call('HMGET', key, 'b', 'e', 't', 'f', 'h')
        local hit = e[1] and e[4] == flush
        if hit then
          for tag, g in string.gmatch(e[3], '(%S+)=(%d+)') do
            if (redis.call('GET', ARGV[2] .. tag) or '0') ~= g then hit = false end
          end
        end
        if hit then
          out[i] = {seq, e[1], e[2], e[3], e[5] or ''}
        elseif redis.call('SET', key .. ':l', ARGV[4], 'NX', 'PX', ARGV[5]) then
          out[i] = {seq, 'leased'}
        else
          redis.call('SET', key .. ':w', '1', 'PX', ARGV[5])
          out[i] = {seq, 'wait'}
        end
      end
      return out""";
  /** Gives up this instance's lease of KEYS[1]; tells waiting instances (ARGV[2], ARGV[3]). */
  static final String RELEASE = """
      if redis.call('GET', KEYS[1] .. ':l') == ARGV[1] then redis.call('DEL', KEYS[1] .. ':l') end
      if redis.call('DEL', KEYS[1] .. ':w') == 1 then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
      return 1""";
  static final String SET = """
      local s = ''
      local ok = 1
      for tag in string.gmatch(ARGV[3], '%S+') do
        local g = redis.call('GET', ARGV[2] .. tag) or '0'
        if tonumber(g) > tonumber(ARGV[1]) then ok = 0 end
        s = s .. tag .. '=' .. g .. ' '
      end
      if ok == 1 then
        local f = redis.call('GET', ARGV[7]) or '0'
        redis.call('HSET', KEYS[1], 'b', ARGV[4], 'e', ARGV[5], 't', s, 'f', f, 'h', ARGV[8])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
      end
      if redis.call('GET', KEYS[1] .. ':l') == ARGV[9] then redis.call('DEL', KEYS[1] .. ':l') end
      if redis.call('DEL', KEYS[1] .. ':w') == 1 then redis.call('PUBLISH', ARGV[10], ARGV[11]) end
      return ok""";
  static final String INVALIDATE = """
      local seq = redis.call('INCR', ARGV[1])
      for i = 6, #ARGV do
        redis.call('SET', ARGV[2] .. ARGV[i], seq, 'PX', ARGV[3])
      end
      return redis.call('PUBLISH', ARGV[4], ARGV[5] .. ' ' .. seq .. ' '
        .. table.concat(ARGV, ' ', 6))""";
  static final String FLUSH_ALL = """
      local seq = redis.call('INCR', ARGV[1])
      redis.call('INCR', ARGV[2])
      return redis.call('PUBLISH', ARGV[3], ARGV[4] .. ' ' .. seq .. ' *')""";

  private RedisScripts() {
  }
}
