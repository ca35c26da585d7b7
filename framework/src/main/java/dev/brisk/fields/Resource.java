package dev.brisk.fields;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A resource's one declaration of its fields and embeds. It drives the {@code fields} parser
 * (unknown names are rejected), the SQL projection, the JSON writer and {@link Renderer}.
 *
 * <pre>{@code
 * static final Resource CATEGORY = Resource.builder("category", "categories", "c")
 *     .field("id", "c.id", LONG, DEFAULT).field("name", "c.name", TEXT, DEFAULT).build();
 * static final Resource PRODUCT = Resource.builder("product", "products", "p")
 *     .field("id", "p.id", LONG).field("name", "p.name", TEXT)
 *     .field("category_id", "p.category_id", LONG)
 *     .embedOne("category", "category_id", CATEGORY)
 *     .build();
 * }</pre>
 *
 * <p>Declarations are static and trusted: their SQL goes into queries verbatim, never user input.
 * Immutable and thread-safe once built.
 */
public final class Resource {
  private final String name;
  private final String table;
  private final String alias;
  private final Pattern aliasPattern;
  private final List<Field> fields;
  private final List<Embed> embeds;
  private final Member[] members;
  private final Map<String, Integer> positions;
  private volatile FieldMask defaults;
  private final String order;

  private Resource(Builder builder) {
    this.name = builder.name;
    this.table = builder.table;
    this.alias = builder.alias;
    this.order = builder.order;
    this.aliasPattern = Columns.aliasPattern(alias);
    this.members = new Member[builder.specs.size()];
    this.positions = new HashMap<>();
    List<Field> fieldList = new ArrayList<>();
    for (int i = 0; i < members.length; i++) {
      if (builder.specs.get(i) instanceof FieldSpec spec) {
        Field field = new Field(spec.name(), Columns.qualify(spec.sql(), alias), spec.type(),
            spec.inclusion() == Inclusion.DEFAULT, alias);
        fieldList.add(field);
        addMember(i, field);
      }
    }
    // Embeds come second: an embed's key may be a field declared after it.
    List<Embed> embedList = new ArrayList<>();
    for (int i = 0; i < members.length; i++) {
      if (builder.specs.get(i) instanceof EmbedSpec spec) {
        Embed embed = new Embed(this, spec, i, field(spec.localKey()));
        embedList.add(embed);
        addMember(i, embed);
      }
    }
    this.fields = Collections.unmodifiableList(fieldList);
    this.embeds = Collections.unmodifiableList(embedList);
  }

  private void addMember(int position, Member member) {
    if (positions.putIfAbsent(member.name(), position) != null) {
      throw new IllegalArgumentException(
          "resource " + name + " declares '" + member.name() + "' twice");
    }
    members[position] = member;
  }

  /**
   * Starts a declaration: {@code Resource.builder("product", "products", "p")}. {@code name} is
   * the resource's name (used in {@link Embed#qualifiedName()}), {@code table} the SQL table and
   * {@code alias} the table alias the field SQL uses. Runs on the caller's thread.
   */
  public static Builder builder(String name, String table, String alias) {
    return new Builder(name, table, alias);
  }

  /** The resource name ({@code product}). */
  public String name() {
    return name;
  }

  /** The SQL table ({@code products}, or {@code schema.products}). */
  public String table() {
    return table;
  }

  /** The table alias the declared SQL uses ({@code p}). */
  public String alias() {
    return alias;
  }

  /** The declared fields, in declaration order. */
  public List<Field> fields() {
    return fields;
  }

  /** The declared embeds, in declaration order. */
  public List<Embed> embeds() {
    return embeds;
  }

  /** The field with this wire name, or {@code null}. */
  public Field field(String fieldName) {
    int position = position(fieldName);
    return position >= 0 && members[position] instanceof Field field ? field : null;
  }

  /** The embed with this wire name, or {@code null}. */
  public Embed embed(String embedName) {
    int position = position(embedName);
    return position >= 0 && members[position] instanceof Embed embed ? embed : null;
  }

  /**
   * The default representation: every field and embed declared {@link Inclusion#DEFAULT}. Built
   * on first use, so embed targets may be declared after this resource.
   */
  public FieldMask defaults() {
    FieldMask mask = defaults;
    if (mask == null) {
      mask = FieldMask.defaultsOf(this);
      defaults = mask;
    }
    return mask;
  }

  /**
   * An embed target named by its resource's name, for resources declared in a method, where a
   * lambda cannot read a local assigned later: {@code .embedOne("book", "book_id",
   * Resource.named("book"))}; {@link #link} resolves it. Runs on the caller's thread.
   */
  public static Supplier<Resource> named(String resourceName) {
    return new NamedTarget(Columns.requireIdentifier("resource name", resourceName));
  }

  /**
   * Resolves each {@link #named} embed target of {@code resources} to the one of them with that
   * name, then builds each default representation, so that a mistake fails at startup; call it
   * once all are built: {@code Resource.link(member, loan, book)}. Runs on the caller's thread.
   *
   * @throws IllegalArgumentException when two have one name, or a named target is none of them
   *     or was linked to another resource before
   * @throws IllegalStateException when default embeds form a cycle or a target is missing
   */
  public static void link(Resource... resources) {
    Map<String, Resource> byName = new LinkedHashMap<>();
    for (Resource resource : resources) {
      if (byName.putIfAbsent(resource.name(), resource) != null) {
        throw new IllegalArgumentException("two resources are named " + resource.name());
      }
    }
    for (Resource resource : resources) {
      for (Embed embed : resource.embeds()) {
        if (embed.targetSupplier() instanceof NamedTarget named) {
          Resource target = byName.get(named.name());
          if (target == null) {
            throw new IllegalArgumentException("embed " + embed.qualifiedName()
                + " names resource " + named.name() + ", which is none of " + byName.keySet());
          }
          named.link(target, embed.qualifiedName());
        }
      }
    }
    for (Resource resource : resources) {
      resource.defaults();
    }
  }

  /** SQL ordering rows of this resource as a to-many embed, or {@code null} to use {@code id}. */
  public String order() {
    return order;
  }

  /** The declaration position of the field or embed with this name, or -1. */
  int position(String memberName) {
    Integer position = positions.get(memberName);
    return position == null ? -1 : position;
  }

  int memberCount() {
    return members.length;
  }

  /** The field or embed at a declaration position. */
  Member memberAt(int position) {
    return members[position];
  }

  Pattern aliasPattern() {
    return aliasPattern;
  }

  /** Comma-separated member names, for error messages. */
  String memberNames() {
    StringBuilder names = new StringBuilder();
    for (Member member : members) {
      names.append(names.length() == 0 ? "" : ", ").append(member.name());
    }
    return names.toString();
  }

  @Override
  public String toString() {
    return "Resource(" + name + " from " + table + " " + alias + ")";
  }

  /** A member as declared. */
  private sealed interface Spec permits FieldSpec, EmbedSpec {
    Inclusion inclusion();
  }

  /** A field as declared, before its SQL is qualified with the alias. */
  private record FieldSpec(String name, String sql, FieldType type, Inclusion inclusion)
      implements Spec {
    FieldSpec {
      Columns.requireIdentifier("field name", name);
      Objects.requireNonNull(sql, "sql");
      if (sql.isBlank()) {
        throw new IllegalArgumentException("sql of field " + name + " must not be blank");
      }
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(inclusion, "inclusion");
    }
  }

  /** An embed as declared, before its keys are resolved against the owner and target. */
  record EmbedSpec(String name, Cardinality cardinality, String localKey,
      Supplier<Resource> target, String targetKey, Inclusion inclusion) implements Spec {
    EmbedSpec {
      Columns.requireIdentifier("embed name", name);
      Objects.requireNonNull(cardinality, "cardinality");
      Columns.requireIdentifier("key column of embed " + name, localKey);
      Objects.requireNonNull(target, "target");
      Columns.requireIdentifier("target key of embed " + name, targetKey);
      Objects.requireNonNull(inclusion, "inclusion");
    }
  }

  /**
   * Collects a declaration; {@link #build()} validates it. Not thread-safe; use on one thread,
   * typically in a static initializer.
   */
  public static final class Builder {
    private final String name;
    private final String table;
    private final String alias;
    private final List<Spec> specs = new ArrayList<>();
    private String order;

    private Builder(String name, String table, String alias) {
      this.name = Columns.requireIdentifier("resource name", name);
      if (table == null || !Columns.TABLE.matcher(table).matches()) {
        throw new IllegalArgumentException("table must be a plain [schema.]name, was " + table);
      }
      this.table = table;
      this.alias = Columns.requireIdentifier("alias", alias);
    }

    /**
     * Declares a default field: {@code .field("name", "p.name", TEXT)}. A bare column name
     * ({@code "name"}) is qualified with the alias; any other SQL expression is used verbatim.
     */
    public Builder field(String fieldName, String sql, FieldType type) {
      return field(fieldName, sql, type, Inclusion.DEFAULT);
    }

    /** Declares a field: {@code .field("description", "p.description", TEXT, ON_REQUEST)}. */
    public Builder field(String fieldName, String sql, FieldType type, Inclusion inclusion) {
      specs.add(new FieldSpec(fieldName, sql, type, inclusion));
      return this;
    }

    /**
     * Declares an on-request to-one embed matched on the target's {@code id}:
     * {@code .embedOne("category", "category_id", CATEGORY)}. {@code keyColumn} is a field of this
     * resource or, if no field has that name, a column of this table fetched only for the embed.
     */
    public Builder embedOne(String embedName, String keyColumn, Resource target) {
      return embedOne(embedName, keyColumn, eager(target));
    }

    /**
     * As {@link #embedOne(String, String, Resource)} with a target resolved on first use, so two
     * resources may embed each other: {@code .embedOne("category", "category_id", () -> CATEGORY)}.
     */
    public Builder embedOne(String embedName, String keyColumn, Supplier<Resource> target) {
      return embed(embedName, Cardinality.ONE, keyColumn, target, "id", Inclusion.ON_REQUEST);
    }

    /** As {@link #embedOne(String, String, Resource)}, choosing whether it is a default. */
    public Builder embedOne(String embedName, String keyColumn, Resource target,
        Inclusion inclusion) {
      return embed(embedName, Cardinality.ONE, keyColumn, eager(target), "id", inclusion);
    }

    /**
     * Declares an on-request to-many embed: the target rows whose {@code targetKey} equals this
     * row's {@code id}: {@code .embedMany("items", ORDER_ITEM, "order_id")}.
     */
    public Builder embedMany(String embedName, Resource target, String targetKey) {
      return embedMany(embedName, eager(target), targetKey);
    }

    /**
     * As {@link #embedMany(String, Resource, String)} with a target resolved on first use:
     * {@code .embedMany("products", () -> PRODUCT, "category_id")}.
     */
    public Builder embedMany(String embedName, Supplier<Resource> target, String targetKey) {
      return embed(embedName, Cardinality.MANY, "id", target, targetKey, Inclusion.ON_REQUEST);
    }

    /** As {@link #embedMany(String, Resource, String)}, choosing whether it is a default. */
    public Builder embedMany(String embedName, Resource target, String targetKey,
        Inclusion inclusion) {
      return embed(embedName, Cardinality.MANY, "id", eager(target), targetKey, inclusion);
    }

    /** As {@link #embed(String, Cardinality, String, Supplier, String, Inclusion)}. */
    public Builder embed(String embedName, Cardinality cardinality, String keyColumn,
        Resource target, String targetKey, Inclusion inclusion) {
      return embed(embedName, cardinality, keyColumn, eager(target), targetKey, inclusion);
    }

    /**
     * Declares any embed: target rows whose {@code targetKey} (a target field or column) equals
     * this row's {@code keyColumn} (a field of this resource, or a column of this table). The
     * target is resolved on first use (a request, or {@link Resource#defaults()}), so it may be
     * declared later, or embed this resource back; default embeds must not form a cycle.
     */
    public Builder embed(String embedName, Cardinality cardinality, String keyColumn,
        Supplier<Resource> target, String targetKey, Inclusion inclusion) {
      specs.add(new EmbedSpec(embedName, cardinality, keyColumn, target, targetKey, inclusion));
      return this;
    }

    private static Supplier<Resource> eager(Resource target) {
      Objects.requireNonNull(target, "target");
      return () -> target;
    }

    /**
     * The SQL order of this resource's rows when loaded as a to-many embed, e.g.
     * {@code .orderBy("oi.line")}; defaults to the {@code id} field.
     */
    public Builder orderBy(String sql) {
      this.order = Objects.requireNonNull(sql, "sql");
      return this;
    }

    /**
     * Validates and freezes the declaration.
     *
     * @throws IllegalArgumentException on duplicate names or when nothing is a default
     */
    public Resource build() {
      boolean anyDefault = specs.stream().anyMatch(s -> s.inclusion() == Inclusion.DEFAULT);
      if (!anyDefault) {
        throw new IllegalArgumentException("resource " + name + " needs a default field");
      }
      return new Resource(this);
    }
  }
}
