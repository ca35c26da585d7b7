package dev.brisk.http;

import dev.brisk.fields.FieldType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** An object of declared members, as a create or as a merge patch of one. */
final class ObjectNode extends SchemaNode implements BodySchema.ObjectSchema {

  /** How the members are read. */
  private enum Mode {
    CREATE,
    /** A merge patch: members optional, null refused unless nullable, empty refused. */
    PATCH,
    /** An object inside a merge patch: as {@code PATCH}, but it may be empty. */
    NESTED_PATCH
  }

  private record Member(SchemaNode schema, boolean required) {
  }

  /** A cross-field rule: when {@code holds} is false, each of {@code members} gets the detail. */
  private record Rule(Predicate<JsonObject> holds, String detail, List<String> members) {
  }

  static final ObjectNode EMPTY = new ObjectNode(Map.of(), List.of(), Mode.CREATE, null, false);

  private final Map<String, Member> members;
  private final List<Rule> rules;
  private final Mode mode;

  private ObjectNode(Map<String, Member> members, List<Rule> rules, Mode mode,
      String description, boolean nullable) {
    super(description, nullable);
    this.members = Collections.unmodifiableMap(members);
    this.rules = List.copyOf(rules);
    this.mode = mode;
  }

  @Override
  public ObjectSchema required(String name, BodySchema schema) {
    return with(name, schema, true);
  }

  @Override
  public ObjectSchema optional(String name, BodySchema schema) {
    return with(name, schema, false);
  }

  private ObjectNode with(String name, BodySchema schema, boolean required) {
    Objects.requireNonNull(name, "name");
    if (members.containsKey(name)) {
      throw new IllegalArgumentException("member " + name + " is declared twice");
    }
    Map<String, Member> all = new LinkedHashMap<>(members);
    all.put(name, new Member((SchemaNode) Objects.requireNonNull(schema, "schema"), required));
    return new ObjectNode(all, rules, mode, description, nullable);
  }

  @Override
  public ObjectSchema rule(Predicate<JsonObject> holds, String detail, String... names) {
    Objects.requireNonNull(holds, "holds");
    if (detail == null || detail.isBlank()) {
      throw new IllegalArgumentException("a rule needs a detail, was " + detail);
    }
    if (names.length == 0) {
      throw new IllegalArgumentException("rule '" + detail + "' names no member");
    }
    Set<String> named = new HashSet<>();
    for (String name : names) {
      if (!members.containsKey(name)) {
        throw new IllegalArgumentException("rule '" + detail + "' names no member " + name
            + "; declared: " + members.keySet());
      }
      if (!named.add(name)) {
        throw new IllegalArgumentException("rule '" + detail + "' names " + name + " twice");
      }
    }
    List<Rule> all = new ArrayList<>(rules);
    all.add(new Rule(holds, detail, List.of(names)));
    return new ObjectNode(members, all, mode, description, nullable);
  }

  @Override
  public ObjectSchema only(String... names) {
    Map<String, Member> some = new LinkedHashMap<>();
    for (String name : names) {
      Member member = members.get(name);
      if (member == null) {
        throw new IllegalArgumentException("no member " + name + "; declared: " + members
            .keySet());
      }
      some.put(name, member);
    }
    // A rule reading a member left out could never see it.
    List<Rule> kept = rules.stream().filter(r -> some.keySet().containsAll(r.members()))
        .toList();
    return new ObjectNode(some, kept, mode, description, nullable);
  }

  @Override
  public ObjectSchema mergePatch() {
    return patch(Mode.PATCH);
  }

  private ObjectNode patch(Mode patchMode) {
    Map<String, Member> all = new LinkedHashMap<>();
    members.forEach((name, m) -> all.put(name, new Member(m.schema() instanceof ObjectNode o
        ? o.patch(Mode.NESTED_PATCH) : m.schema(), false)));
    return new ObjectNode(all, rules, patchMode, description, nullable);
  }

  @Override
  public JsonObject validate(JsonObject body) {
    Validation v = new Validation();
    JsonObject valid = validate(body, v);
    v.throwIfInvalid();
    return valid;
  }

  @Override
  public JsonObject validate(JsonObject body, Validation validation) {
    return members(Objects.requireNonNull(body, "body"), "", validation);
  }

  @Override
  Object check(Object value, String pointer, String name, Validation v) {
    if (value instanceof JsonObject object) {
      return members(object, pointer, v);
    }
    List<String> required = requiredNames();
    v.error(pointer, name + " must be an object" + (required.isEmpty() ? "" : " with "
        + and(required)) + ", was " + Validation.describe(value));
    return null;
  }

  private List<String> requiredNames() {
    return members.entrySet().stream().filter(e -> e.getValue().required())
        .map(Map.Entry::getKey).toList();
  }

  private static String and(List<String> names) {
    return names.size() == 1 ? names.get(0) : String.join(", ",
        names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }

  private JsonObject members(JsonObject object, String at, Validation v) {
    int before = v.errorCount();
    if (mode == Mode.PATCH && object.isEmpty()) {
      // An empty merge patch would change nothing but the version: refuse it.
      v.error(at, changesNothing(members.keySet()));
    }
    v.onlyKnown(object, at, members.keySet());
    JsonObject valid = new JsonObject();
    for (Map.Entry<String, Member> e : members.entrySet()) {
      String name = e.getKey();
      Member member = e.getValue();
      Object value = object.getValue(name);
      String pointer = Validation.pointer(at, name);
      if (value != null) {
        valid.put(name, member.schema().check(value, pointer, name, v));
      } else if (object.containsKey(name) && member.schema().nullable) {
        valid.putNull(name);
      } else if (mode != Mode.CREATE && object.containsKey(name)) {
        v.error(pointer, name + " cannot be removed (null)");
      } else if (member.required()) {
        v.error(pointer, name + " is required");
      }
    }
    if (v.errorCount() != before) {
      return null;
    }
    checkRules(valid, at, v);
    return v.errorCount() == before ? valid : null;
  }

  /** Each rule whose members are all valid; in a patch, only those whose members it holds. */
  private void checkRules(JsonObject valid, String at, Validation v) {
    for (Rule rule : rules) {
      if ((mode == Mode.CREATE || rule.members().stream().allMatch(valid::containsKey))
          && !rule.holds().test(valid)) {
        for (String name : rule.members()) {
          v.error(Validation.pointer(at, name), rule.detail());
        }
      }
    }
  }

  /** An object replaces a JSON column; a nested merge patch would replace it with a part. */
  @Override
  boolean binds(FieldType type) {
    return type == FieldType.JSON && mode == Mode.CREATE;
  }

  /** The declared members' names, in declaration order. */
  Set<String> names() {
    return members.keySet();
  }

  /** The schema of member {@code name}, or null when not declared. */
  SchemaNode member(String name) {
    Member member = members.get(name);
    return member == null ? null : member.schema();
  }

  /** The detail of an empty patch: it changes nothing. */
  static String changesNothing(Set<String> names) {
    return "the patch changes nothing; send at least one of " + String.join(", ",
        new TreeSet<>(names));
  }

  @Override
  JsonObject schema() {
    JsonObject properties = new JsonObject();
    members.forEach((name, m) -> properties.put(name, m.schema().toJson()));
    JsonObject json = new JsonObject().put("type", "object");
    List<String> required = requiredNames();
    if (!required.isEmpty()) {
      json.put("required", new JsonArray(required));
    }
    json.put("additionalProperties", false);
    if (mode == Mode.PATCH) {
      json.put("minProperties", 1);
    }
    return json.put("properties", properties);
  }

  /** The declared description followed by the rules, which JSON Schema cannot state. */
  @Override
  String describedAs() {
    if (rules.isEmpty()) {
      return description;
    }
    StringBuilder text = new StringBuilder(description == null ? "" : description + "\n\n")
        .append("Rules:");
    rules.forEach(r -> text.append("\n- ").append(r.detail()));
    return text.toString();
  }

  @Override
  public ObjectSchema withDescription(String text) {
    return new ObjectNode(members, rules, mode, text, nullable);
  }

  @Override
  public ObjectSchema nullable() {
    return new ObjectNode(members, rules, mode, description, true);
  }
}
