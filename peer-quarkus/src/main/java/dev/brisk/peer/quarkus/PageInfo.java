package dev.brisk.peer.quarkus;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A page's metadata, as the sample app and the baseline write it; the cursor is an unsigned
 * base64url string (Brisk signs its cursors).
 *
 * @param limit page size
 * @param nextCursor cursor of the next page, or null on the last page
 * @param prevCursor always null (forward paging only)
 * @param hasMore whether a next page exists
 */
public record PageInfo(int limit, @JsonProperty("next_cursor") String nextCursor,
    @JsonProperty("prev_cursor") String prevCursor,
    @JsonProperty("has_more") boolean hasMore) {
}
