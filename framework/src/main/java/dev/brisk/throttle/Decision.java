package dev.brisk.throttle;

/**
 * The outcome of one rate-limit check.
 *
 * @param allowed whether the request may proceed
 * @param binding index of the bandwidth with the fewest tokens left (the one to report)
 * @param remaining requests left in that bandwidth
 * @param resetMicros time until that bandwidth is full again
 * @param retryAfterMicros when denied, time until the request would be allowed
 */
record Decision(boolean allowed, int binding, long remaining, long resetMicros,
    long retryAfterMicros) {
}
