package dev.brisk.load;

import java.net.URI;

/**
 * A server under load.
 *
 * @param name {@code brisk}, {@code baseline} or {@code peer}
 * @param base base URI, e.g. {@code http://127.0.0.1:41234}
 * @param description what it is, for the report
 */
public record Target(String name, URI base, String description) {
}
