package dev.brisk.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The member names of a {@link RowMap}, in order, with each name pre-encoded as the JSON bytes
 * {@code "name":} and per-encoder plans attached (protobuf slots per message type), so rows are
 * written without hashing or escaping names. Layouts are interned by their names.
 *
 * <p>{@code RowMap row = new RowMap(RowLayout.of(List.of("id", "name")));}
 *
 * <p>Immutable apart from its attachment cache; thread-safe.
 */
public final class RowLayout {

  private static final int MAX_INTERNED = 4096;
  private static final Map<List<String>, RowLayout> INTERNED = new ConcurrentHashMap<>();

  private final String[] names;
  private final byte[][] jsonNames;
  private final Map<String, Integer> positions = new HashMap<>();
  private final Map<Object, Object> attachments = new ConcurrentHashMap<>();
  /** The attachment used last: rows of one layout are usually written by one plan. */
  private volatile Attachment last;

  private record Attachment(Object key, Object plan) {
  }

  private RowLayout(List<String> names) {
    this.names = names.toArray(new String[0]);
    this.jsonNames = new byte[this.names.length][];
    JsonWriter writer = new JsonWriter();
    for (int i = 0; i < this.names.length; i++) {
      if (positions.put(this.names[i], i) != null) {
        throw new IllegalArgumentException("duplicate member '" + this.names[i] + "'");
      }
      writer.reset();
      writer.string(this.names[i]);
      writer.raw((byte) ':');
      jsonNames[i] = writer.toBytes();
    }
  }

  /** The layout of these names, shared with every earlier caller that passed equal names. */
  public static RowLayout of(List<String> names) {
    RowLayout layout = INTERNED.get(names);
    if (layout != null) {
      return layout;
    }
    layout = new RowLayout(List.copyOf(names));
    // Clients choose masks: past the bound, layouts are built per use and never kept.
    if (INTERNED.size() < MAX_INTERNED) {
      RowLayout raced = INTERNED.putIfAbsent(layout.names(), layout);
      return raced != null ? raced : layout;
    }
    return layout;
  }

  /** How many members. */
  public int size() {
    return names.length;
  }

  /** The name of member {@code i}. */
  public String name(int i) {
    return names[i];
  }

  /** The position of {@code name}, or -1. */
  public int position(Object name) {
    Integer at = positions.get(name);
    return at == null ? -1 : at;
  }

  /** The names, in order. */
  public List<String> names() {
    return List.of(names);
  }

  byte[] jsonName(int i) {
    return jsonNames[i];
  }

  /** A plan derived from this layout for {@code key} (e.g. a message type), built once. */
  @SuppressWarnings("unchecked")
  <T> T attachment(Object key, Function<RowLayout, T> build) {
    Attachment recent = last;
    if (recent != null && recent.key() == key) {
      return (T) recent.plan();
    }
    Object plan = attachments.get(key);
    if (plan == null) {
      plan = build.apply(this);
      Object raced = attachments.putIfAbsent(key, plan);
      plan = raced != null ? raced : plan;
    }
    last = new Attachment(key, plan);
    return (T) plan;
  }

  @Override
  public String toString() {
    return String.join(",", names);
  }
}
