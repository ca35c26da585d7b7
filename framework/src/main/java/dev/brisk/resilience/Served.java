package dev.brisk.resilience;

/**
 * A value {@link LastGood} served: fresh from the target, or its last good value when the target
 * failed ({@code stale}).
 */
public record Served<T>(T value, boolean stale) {
}
