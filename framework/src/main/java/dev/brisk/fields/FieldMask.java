package dev.brisk.fields;

import dev.brisk.internal.RowLayout;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable selection of a {@link Resource}'s fields and embeds, each selected embed carrying
 * the selection of its target: the parsed form of {@code fields=id,name,category(name)}.
 *
 * <pre>{@code
 * FieldMask mask = FieldMask.parse(PRODUCT, Requests.single(ctx, "fields")); // 400 Problem
 * String sql = "SELECT " + mask.projection() + " FROM products p WHERE p.id = $1";
 * }</pre>
 *
 * <p>Masks are compared by resource and {@link #canonical()} form. Immutable and thread-safe;
 * every method runs on the caller's thread and never blocks.
 */
public final class FieldMask {
  private final Resource resource;
  private final boolean[] selected;
  private final FieldMask[] subs;
  private final List<Field> fields;
  private final List<Embed> embeds;
  private final String canonical;
  private String projection;
  private RowLayout layout;

  FieldMask(Resource resource, boolean[] selected, FieldMask[] subs) {
    this.resource = resource;
    this.selected = selected;
    this.subs = subs;
    List<Field> fieldList = new ArrayList<>();
    List<Embed> embedList = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < selected.length; i++) {
      if (!selected[i]) {
        continue;
      }
      text.append(text.length() == 0 ? "" : ",");
      Member member = resource.memberAt(i);
      text.append(member.name());
      if (member instanceof Field field) {
        fieldList.add(field);
      } else if (member instanceof Embed embed) {
        embedList.add(embed);
        text.append('(').append(subs[i].canonical).append(')');
      }
    }
    this.fields = Collections.unmodifiableList(fieldList);
    this.embeds = Collections.unmodifiableList(embedList);
    this.canonical = text.toString();
  }

  /**
   * Parses a {@code fields} expression with {@link FieldMaskOptions#defaults()}; {@code null}
   * (parameter absent) gives {@link Resource#defaults()}. Runs on the caller's thread.
   *
   * @throws dev.brisk.problem.Problem 400 {@code invalid-parameter} naming the unknown field's
   *     dotted path or the position of a syntax error, an over-deep nesting or over-long input
   */
  public static FieldMask parse(Resource resource, String expression) {
    return parse(resource, expression, FieldMaskOptions.defaults());
  }

  /** As {@link #parse(Resource, String)} with explicit limits. */
  public static FieldMask parse(Resource resource, String expression, FieldMaskOptions options) {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(options, "options");
    return expression == null
        ? resource.defaults() : MaskParser.parse(resource, expression, options);
  }

  /** The default representation of a resource; used by {@link Resource} while it is built. */
  static FieldMask defaultsOf(Resource resource) {
    MaskNode node = new MaskNode(resource);
    node.addDefaults();
    return node.freeze();
  }

  /** The resource this mask selects from. */
  public Resource resource() {
    return resource;
  }

  /** The selected fields, in declaration order. */
  public List<Field> fields() {
    return fields;
  }

  /** The selected embeds, in declaration order. */
  public List<Embed> embeds() {
    return embeds;
  }

  /** Whether the field or embed with this name is selected. */
  public boolean isSelected(String name) {
    int position = resource.position(name);
    return position >= 0 && selected[position];
  }

  /** The selection within a selected embed, or {@code null} when the embed is not selected. */
  public FieldMask sub(Embed embed) {
    return embed.owner() == resource ? subs[embed.position()] : null;
  }

  /**
   * A stable, minimal text of the selection for cache keys and ETags: members in declaration
   * order, embeds as {@code name(...)}, no {@code *}, dots or spaces, e.g.
   * {@code id,name,category(id,name)}. Parsing it gives an equal mask.
   */
  public String canonical() {
    return canonical;
  }

  /**
   * The SELECT list for this level ({@code p.name, p.category_id}): the selected fields plus the
   * key columns selected embeds need, each labelled with its field or key name. Embedded levels
   * are read by their loaders. Built from declarations only, so it is safe to concatenate.
   */
  public String projection() {
    String cached = projection;
    if (cached == null) {
      cached = Projection.of(this);
      projection = cached;
    }
    return cached;
  }

  /** The member names of rendered rows, built on first use (a benign race). */
  RowLayout layout() {
    RowLayout cached = layout;
    if (cached == null) {
      cached = Projection.layoutOf(this);
      layout = cached;
    }
    return cached;
  }

  /** {@link #projection()} under another table alias, or unqualified when {@code alias} is "". */
  public String projection(String alias) {
    if (alias.equals(resource.alias())) {
      return projection();
    }
    if (!alias.isEmpty()) {
      Columns.requireIdentifier("alias", alias);
    }
    return Columns.realias(projection(), resource.aliasPattern(), alias);
  }

  /**
   * Writes a row read with {@link #projection()} as JSON: exactly the selected fields in
   * declaration order, each selected embed as a {@code null} placeholder that {@link Renderer}
   * fills. Key columns fetched only for embeds are not written.
   *
   * @throws IllegalStateException when the row lacks a selected column
   */
  public JsonObject toJson(Row row) {
    return Projection.write(this, row);
  }

  /**
   * Visits each selected field with its value read from {@code row} ({@link FieldType#read}), in
   * declaration order: the accessor for encoders other than JSON, such as protobuf.
   */
  public void forEachValue(Row row, BiConsumer<Field, Object> visitor) {
    for (Field field : fields) {
      visitor.accept(field, field.type().read(row, Projection.index(row, field.name())));
    }
  }

  boolean isSelectedAt(int position) {
    return selected[position];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FieldMask && ((FieldMask) other).resource == resource
        && ((FieldMask) other).canonical.equals(canonical);
  }

  @Override
  public int hashCode() {
    return 31 * resource.hashCode() + canonical.hashCode();
  }

  @Override
  public String toString() {
    return resource.name() + "(" + canonical + ")";
  }
}
