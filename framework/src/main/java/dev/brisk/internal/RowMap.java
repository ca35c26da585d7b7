package dev.brisk.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The map behind a rendered row's {@link JsonObject}: one value slot per {@link RowLayout}
 * member, in layout order, plus members added later (such as {@code items_has_more}) after
 * them, as a {@code LinkedHashMap} would order them. {@link JsonWriter} and {@link ProtoWriter}
 * write it by position with pre-encoded names; everything else sees an ordinary ordered map.
 * {@code JsonObject.copy()} of it is unordered: use {@link #copy(Object)}.
 *
 * <p>{@code RowMap row = new RowMap(layout); row.set(0, 42L); new JsonObject(row);}
 *
 * <p>Mutable and not thread-safe, like the {@code LinkedHashMap} it replaces.
 */
public final class RowMap extends AbstractMap<String, Object> {

  private static final Object ABSENT = new Object();

  private final RowLayout layout;
  private final Object[] values;
  private LinkedHashMap<String, Object> extra;

  /** A row with every member present and null. */
  public RowMap(RowLayout layout) {
    this.layout = layout;
    this.values = new Object[layout.size()];
  }

  private RowMap(RowMap other) {
    this.layout = other.layout;
    this.values = other.values.clone();
    for (int i = 0; i < values.length; i++) {
      values[i] = copy(values[i]);
    }
    if (other.extra != null) {
      extra = new LinkedHashMap<>();
      other.extra.forEach((k, v) -> extra.put(k, copy(v)));
    }
  }

  /** A deep copy of a JSON value that keeps every object's member order. */
  public static Object copy(Object value) {
    if (value instanceof JsonObject json) {
      return json.getMap() instanceof RowMap row ? new JsonObject(new RowMap(row)) : json.copy();
    }
    if (value instanceof JsonArray array) {
      List<Object> items = new ArrayList<>(array.size());
      array.getList().forEach(item -> items.add(copy(item)));
      return new JsonArray(items);
    }
    return value;
  }

  /** The layout of this row. */
  public RowLayout layout() {
    return layout;
  }

  /** Sets member {@code i} (present from now on). */
  public void set(int i, Object value) {
    values[i] = value;
  }

  /** Member {@code i}'s value, null when absent. */
  Object at(int i) {
    Object v = values[i];
    return v == ABSENT ? null : v;
  }

  boolean isPresent(int i) {
    return values[i] != ABSENT;
  }

  /** Members added beyond the layout, in order, or null when there are none. */
  Map<String, Object> extra() {
    return extra;
  }

  @Override
  public Object get(Object key) {
    int i = layout.position(key);
    if (i >= 0) {
      return at(i);
    }
    return extra == null ? null : extra.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    int i = layout.position(key);
    return i >= 0 ? values[i] != ABSENT : extra != null && extra.containsKey(key);
  }

  @Override
  public Object put(String key, Object value) {
    int i = layout.position(key);
    if (i >= 0) {
      Object old = at(i);
      values[i] = value;
      return old;
    }
    if (extra == null) {
      extra = new LinkedHashMap<>();
    }
    return extra.put(key, value);
  }

  @Override
  public Object remove(Object key) {
    int i = layout.position(key);
    if (i >= 0) {
      Object old = at(i);
      values[i] = ABSENT;
      return old;
    }
    return extra == null ? null : extra.remove(key);
  }

  @Override
  public void clear() {
    Arrays.fill(values, ABSENT);
    extra = null;
  }

  @Override
  public int size() {
    int n = extra == null ? 0 : extra.size();
    for (Object v : values) {
      n += v == ABSENT ? 0 : 1;
    }
    return n;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Entries();
      }

      @Override
      public int size() {
        return RowMap.this.size();
      }
    };
  }

  /** Present layout members in order, then the added ones; removal through the iterator. */
  private final class Entries implements Iterator<Entry<String, Object>> {
    private int next = advance(0);
    private int last = -1;
    private Iterator<Entry<String, Object>> added;

    private int advance(int from) {
      int i = from;
      while (i < values.length && values[i] == ABSENT) {
        i++;
      }
      return i;
    }

    @Override
    public boolean hasNext() {
      if (next < values.length) {
        return true;
      }
      if (added == null) {
        added = extra == null ? Collections.emptyIterator() : extra.entrySet().iterator();
      }
      return added.hasNext();
    }

    @Override
    public Entry<String, Object> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (next < values.length) {
        last = next;
        next = advance(next + 1);
        return new Slot(last);
      }
      last = -1;
      return added.next();
    }

    @Override
    public void remove() {
      if (last >= 0) {
        values[last] = ABSENT;
        last = -1;
      } else {
        added.remove();
      }
    }
  }

  /** A live entry of a layout member. */
  private final class Slot implements Entry<String, Object> {
    private final int i;

    Slot(int i) {
      this.i = i;
    }

    @Override
    public String getKey() {
      return layout.name(i);
    }

    @Override
    public Object getValue() {
      return at(i);
    }

    @Override
    public Object setValue(Object value) {
      Object old = at(i);
      values[i] = value;
      return old;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry<?, ?> e && getKey().equals(e.getKey())
          && Objects.equals(getValue(), e.getValue());
    }

    @Override
    public int hashCode() {
      return getKey().hashCode() ^ Objects.hashCode(getValue());
    }
  }
}
