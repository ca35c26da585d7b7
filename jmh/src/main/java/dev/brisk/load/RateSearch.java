package dev.brisk.load;

import java.util.List;

/**
 * A rate search's steps and the highest passing rate (0 when even the lowest step failed).
 *
 * @param scenario scenario name
 * @param steps open-model runs in the order they ran
 * @param maxRate highest rate whose step passed, requests/s
 */
public record RateSearch(String scenario, List<RunResult> steps, long maxRate) {
}
