package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BodySchemaTest {

  private static final BodySchema.ObjectSchema ORDER = BodySchema.object()
      .optional("user_id", BodySchema.integer(1, Long.MAX_VALUE))
      .required("note", BodySchema.text(0, 20).multiLine())
      .required("items", BodySchema.array(BodySchema.object()
          .required("product_id", BodySchema.integer(1, Long.MAX_VALUE))
          .required("quantity", BodySchema.integer(1, 1000)), 3));

  private static final BodySchema.ObjectSchema PRODUCT = BodySchema.object()
      .required("name", BodySchema.text(1, 5).nonBlank())
      .required("price_cents", BodySchema.integer(0, 1_000_000_000_000L))
      .optional("colour", BodySchema.oneOf("red", "blue"))
      .optional("launch", BodySchema.date())
      .optional("tag", BodySchema.text(1, 10).nullable())
      .optional("size", BodySchema.object()
          .required("width", BodySchema.integer(0, 100))
          .required("height", BodySchema.integer(0, 100)))
      .optional("extra", BodySchema.any());

  /** A stay: its dates in order, and a discount only with its code (which null removes). */
  private static final BodySchema.ObjectSchema STAY = BodySchema.object()
      .required("starts_on", BodySchema.date())
      .required("ends_on", BodySchema.date())
      .optional("discount", BodySchema.integer(1, 50))
      .optional("code", BodySchema.text(1, 10).nullable())
      // Parsed, not compared as text: a rule that saw an invalid date would throw.
      .rule(b -> LocalDate.parse(b.getString("ends_on"))
          .isAfter(LocalDate.parse(b.getString("starts_on"))),
          "ends_on must be after starts_on", "starts_on", "ends_on")
      .rule(b -> !b.containsKey("discount") || b.getString("code") != null,
          "a discount requires a code", "discount", "code");

  private static Problem problem(BodySchema.ObjectSchema schema, JsonObject body) {
    try {
      schema.validate(body);
    } catch (Problem p) {
      return p;
    }
    throw new AssertionError("expected a problem for " + body.encode());
  }

  /** The single error {@code body} has: pointer and detail. */
  private static List<String> error(BodySchema.ObjectSchema schema, JsonObject body) {
    Problem p = problem(schema, body);
    assertThat(p.status()).isEqualTo(422);
    assertThat(p.errors()).as(body.encode()).hasSize(1);
    return List.of(p.errors().get(0).pointer(), p.errors().get(0).detail());
  }

  private static JsonObject product() {
    return new JsonObject().put("name", "Lamp").put("price_cents", 1299);
  }

  @Test
  void a_uuid_is_kept_as_its_text_and_described_as_one() {
    BodySchema.ObjectSchema loan = BodySchema.object().required("book_id", BodySchema.uuid());
    String id = "0B8E6F4E-3c1d-4a59-9f0e-2d7c5b1a9e31";
    assertThat(loan.validate(new JsonObject().put("book_id", id)).getString("book_id"))
        .isEqualTo(id);
    for (Object bad : List.of("0b8e6f4e3c1d4a599f0e2d7c5b1a9e31", "{0b8e6f4e-3c1d-4a59-9f0e-"
        + "2d7c5b1a9e31}", "1-1-1-1-1", "x".repeat(36))) {
      assertThat(error(loan, new JsonObject().put("book_id", bad))).containsExactly("/book_id",
          "book_id must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, was '" + bad
              + "'");
    }
    assertThat(error(loan, new JsonObject().put("book_id", 7)).get(0)).isEqualTo("/book_id");
    assertThat(loan.toJson().getJsonObject("properties").getJsonObject("book_id"))
        .isEqualTo(new JsonObject().put("type", "string").put("format", "uuid"));
  }

  @Test
  void a_date_time_needs_its_offset_and_is_described_as_one() {
    BodySchema.ObjectSchema event = BodySchema.object().required("starts_at",
        BodySchema.timestamp());
    for (String good : List.of("2024-01-31T09:30:00Z", "2024-01-31T10:30:00.5+01:00",
        "2024-01-31T09:30Z", "2024-02-29t09:30:00z")) {
      assertThat(event.validate(new JsonObject().put("starts_at", good)).getString("starts_at"))
          .isEqualTo(good);
    }
    for (String bad : List.of("2024-01-31T09:30:00", "2024-01-31", "2024-02-30T09:30:00Z",
        "2024-01-31 09:30:00Z", "+12024-01-31T09:30:00Z", "2024-01-31T24:00:00Z",
        "1706693400")) {
      assertThat(error(event, new JsonObject().put("starts_at", bad))).containsExactly(
          "/starts_at", "starts_at must be an RFC 3339 date-time such as 2024-01-31T09:30:00Z, "
              + "was '" + bad + "'");
    }
    assertThat(error(event, new JsonObject().put("starts_at", 1706693400)).get(1))
        .isEqualTo("starts_at must be a string, was 1706693400");
    assertThat(event.toJson().getJsonObject("properties").getJsonObject("starts_at"))
        .isEqualTo(new JsonObject().put("type", "string").put("format", "date-time"));
  }

  @Test
  void a_decimal_is_read_exactly_within_its_bounds_and_scale() {
    BodySchema.ObjectSchema book = BodySchema.object()
        .required("price", BodySchema.decimal("0", "99999999.99", 2));
    for (Object sent : List.of(12.5, 12.50, new BigDecimal("12.500"), 0.1, 7, 100L,
        99999999.99)) {
      Object kept = book.validate(new JsonObject().put("price", sent)).getValue("price");
      assertThat(kept).as("%s", sent).isInstanceOf(BigDecimal.class);
      assertThat(((BigDecimal) kept).compareTo(new BigDecimal(String.valueOf(sent)))).isZero();
    }
    assertThat(book.validate(new JsonObject().put("price", 100)).getValue("price").toString())
        .isEqualTo("100");
    assertThat(error(book, new JsonObject().put("price", 0.125))).containsExactly("/price",
        "price must have at most 2 digits after the point, was 0.125");
    assertThat(error(book, new JsonObject().put("price", -0.01))).containsExactly("/price",
        "price must be between 0 and 99999999.99, was -0.01");
    assertThat(error(book, new JsonObject().put("price", 100000000))).containsExactly("/price",
        "price must be between 0 and 99999999.99, was 100000000");
    assertThat(error(book, new JsonObject().put("price", "12.50"))).containsExactly("/price",
        "price must be a number, was a string");
    assertThat(error(book, new JsonObject().put("price", 0.1234567890123456)).get(1))
        .startsWith("price must have at most 15 significant digits");
    assertThat(book.toJson().getJsonObject("properties").getJsonObject("price").encode())
        .isEqualTo("{\"type\":\"number\",\"minimum\":0,\"maximum\":99999999.99,"
            + "\"multipleOf\":0.01}");
    assertThatThrownBy(() -> BodySchema.decimal("1e3", "2", 0))
        .hasMessageContaining("min must be a plain decimal");
    assertThatThrownBy(() -> BodySchema.decimal("0", "1", 16))
        .hasMessage("maxScale must be 0 to 15, was 16");
  }

  @Test
  void a_valid_body_comes_back_with_exact_integers_in_declaration_order() {
    JsonObject valid = ORDER.validate(new JsonObject()
        .put("items", new JsonArray().add(new JsonObject().put("quantity", 2.0)
            .put("product_id", 5)))
        .put("note", "two\nlines").put("user_id", new BigDecimal("7.000")));

    assertThat(valid.fieldNames()).containsExactly("user_id", "note", "items");
    assertThat(valid.getValue("user_id")).isEqualTo(7L);
    JsonObject line = valid.getJsonArray("items").getJsonObject(0);
    assertThat(line.getValue("product_id")).isEqualTo(5L);
    // A range that fits an int gives an Integer: what an INT column binds.
    assertThat(line.getValue("quantity")).isEqualTo(2);
    assertThat(valid.getString("note")).isEqualTo("two\nlines");

    JsonObject all = PRODUCT.validate(product().put("colour", "red").put("launch", "2024-02-29")
        .putNull("tag").put("size", new JsonObject().put("width", 1).put("height", 2))
        .put("extra", new JsonArray().add("anything")));
    assertThat(all.encode()).isEqualTo("{\"name\":\"Lamp\",\"price_cents\":1299,"
        + "\"colour\":\"red\",\"launch\":\"2024-02-29\",\"tag\":null,"
        + "\"size\":{\"width\":1,\"height\":2},\"extra\":[\"anything\"]}");
  }

  @Test
  void each_rule_answers_what_validation_answers_at_its_pointer() {
    String[][] cases = {
        {"{\"name\":\"Lamp\",\"price_cents\":1,\"colour\":\"red\",\"x\":1}", "/x",
            "unknown field 'x'; allowed: colour, extra, launch, name, price_cents, size, tag"},
        {"{\"price_cents\":1}", "/name", "name is required"},
        {"{\"name\":null,\"price_cents\":1}", "/name", "name is required"},
        {"{\"name\":\"Lamp\",\"price_cents\":-1}", "/price_cents",
            "price_cents must be between 0 and 1000000000000, was -1"},
        {"{\"name\":\"Lamp\",\"price_cents\":1.5}", "/price_cents",
            "price_cents must be an integer, was 1.5"},
        {"{\"name\":\"Lamp\",\"price_cents\":1.0000000000000000000001}", "/price_cents",
            "price_cents must be an integer, was 1.0000000000000000000001"},
        {"{\"name\":\"Lamp\",\"price_cents\":9007199254740993.0}", "/price_cents",
            "price_cents must be an integer; beyond 2^53 write it without a fraction or exponent"},
        {"{\"name\":\"Lamp\",\"price_cents\":1e400}", "/price_cents",
            "price_cents must be an integer, was a non-finite number (Infinity)"},
        {"{\"name\":\"Lamp\",\"price_cents\":\"1\"}", "/price_cents",
            "price_cents must be an integer, was a string"},
        {"{\"name\":5,\"price_cents\":1}", "/name", "name must be a string, was 5"},
        {"{\"name\":\"\",\"price_cents\":1}", "/name", "name must have 1 to 5 characters, had 0"},
        {"{\"name\":\"Lampshade\",\"price_cents\":1}", "/name",
            "name must have 1 to 5 characters, had 9"},
        {"{\"name\":\"  \",\"price_cents\":1}", "/name", "name must not be blank"},
        {"{\"name\":\"a\\u0000b\",\"price_cents\":1}", "/name",
            "name must not contain control characters, found U+0000 at index 1"},
        {"{\"name\":\"a\\nb\",\"price_cents\":1}", "/name",
            "name must not contain control characters, found U+000A at index 1"},
        {"{\"name\":\"a\\ud800\",\"price_cents\":1}", "/name",
            "name must be valid Unicode text, found the unpaired surrogate U+D800 at index 1"},
        {"{\"name\":\"Lamp\",\"price_cents\":1,\"colour\":\"green\"}", "/colour",
            "colour must be one of red, blue, was 'green'"},
        {"{\"name\":\"Lamp\",\"price_cents\":1,\"launch\":\"2023-02-29\"}", "/launch",
            "launch must be a date such as 2024-01-31, was '2023-02-29'"},
        {"{\"name\":\"Lamp\",\"price_cents\":1,\"size\":[]}", "/size",
            "size must be an object with width and height, was an array"},
        {"{\"name\":\"Lamp\",\"price_cents\":1,\"size\":{\"width\":1,\"height\":101}}",
            "/size/height", "height must be between 0 and 100, was 101"},
    };
    for (String[] c : cases) {
      assertThat(error(PRODUCT, (JsonObject) Requests.json(Buffer.buffer(c[0]))))
          .as(c[0]).containsExactly(c[1], c[2]);
    }
  }

  @Test
  void a_boolean_is_true_or_false_and_nothing_that_looks_like_one() {
    BodySchema.ObjectSchema flags = BodySchema.object().required("gift", BodySchema.bool())
        .optional("rush", BodySchema.bool().nullable());

    assertThat(flags.validate(new JsonObject().put("gift", false).putNull("rush")).encode())
        .isEqualTo("{\"gift\":false,\"rush\":null}");
    assertThat(error(flags, new JsonObject().put("gift", "true")))
        .containsExactly("/gift", "gift must be true or false, was a string");
    assertThat(error(flags, new JsonObject().put("gift", 1)))
        .containsExactly("/gift", "gift must be true or false, was 1");
    assertThat(error(flags, new JsonObject())).containsExactly("/gift", "gift is required");
    assertThat(flags.toJson().getJsonObject("properties").getJsonObject("gift"))
        .isEqualTo(new JsonObject().put("type", "boolean"));
  }

  @Test
  void arrays_check_their_size_and_every_item_at_its_index() {
    JsonObject line = new JsonObject().put("product_id", 1).put("quantity", 1);
    String[][] cases = {
        {"{\"note\":\"\"}", "/items", "items is required"},
        {"{\"note\":\"\",\"items\":{}}", "/items", "items must be an array, was an object"},
        {"{\"note\":\"\",\"items\":[]}", "/items", "items must have 1 to 3 entries, had 0"},
        {"{\"note\":\"\",\"items\":[1,2,3,4]}", "/items", "items must have 1 to 3 entries, had 4"},
        {"{\"note\":\"\",\"items\":[5]}", "/items/0",
            "each item must be an object with product_id and quantity, was 5"},
        {"{\"note\":\"\",\"items\":[" + line.encode() + ",null]}", "/items/1",
            "each item must not be null"},
        {"{\"note\":\"\",\"items\":[" + line.copy().put("quantity", 0).encode() + "]}",
            "/items/0/quantity", "quantity must be between 1 and 1000, was 0"},
        {"{\"note\":\"\",\"items\":[" + line.copy().put("x", 0).encode() + "]}",
            "/items/0/x", "unknown field 'x'; allowed: product_id, quantity"},
    };
    for (String[] c : cases) {
      assertThat(error(ORDER, new JsonObject(c[0]))).as(c[0]).containsExactly(c[1], c[2]);
    }
    JsonArray tags = BodySchema.object().required("tags", BodySchema.array(
        BodySchema.text(1, 3), 2)).validate(new JsonObject().put("tags",
        new JsonArray().add("a").add("bc"))).getJsonArray("tags");
    assertThat(tags).containsExactly("a", "bc");
    assertThat(error(BodySchema.object().required("tags", BodySchema.array(BodySchema.text(1, 3),
        2)), new JsonObject().put("tags", new JsonArray().add("abcd"))))
        .containsExactly("/tags/0", "each item must have 1 to 3 characters, had 4");
  }

  @Test
  void every_error_is_listed_once_in_one_problem() {
    Problem p = problem(ORDER, new JsonObject().put("user_id", 0).put("note", 3)
        .put("items", new JsonArray().add(new JsonObject().put("quantity", 0))).put("y", 1));
    assertThat(p.errors()).extracting(Problem.FieldError::pointer).containsExactly("/y",
        "/user_id", "/note", "/items/0/product_id", "/items/0/quantity");
    assertThat(p.detail()).isEqualTo("5 fields are invalid");
  }

  @Test
  void a_merge_patch_makes_every_member_optional_and_refuses_null_and_empty() {
    BodySchema.ObjectSchema patch = PRODUCT.mergePatch();
    assertThat(patch.validate(new JsonObject().put("price_cents", 5)).encode())
        .isEqualTo("{\"price_cents\":5}");
    assertThat(error(patch, new JsonObject())).containsExactly("", "the patch changes nothing; "
        + "send at least one of colour, extra, launch, name, price_cents, size, tag");
    assertThat(error(patch, new JsonObject().putNull("name")))
        .containsExactly("/name", "name cannot be removed (null)");
    // Declared nullable: null removes the member.
    assertThat(patch.validate(new JsonObject().putNull("tag")).encode())
        .isEqualTo("{\"tag\":null}");
    // A nested object is merged too: its members are optional, and it may be empty.
    assertThat(patch.validate(new JsonObject().put("size", new JsonObject().put("width", 3)))
        .encode()).isEqualTo("{\"size\":{\"width\":3}}");
    assertThat(patch.validate(new JsonObject().put("size", new JsonObject())).encode())
        .isEqualTo("{\"size\":{}}");
    assertThat(error(patch, new JsonObject().put("size", new JsonObject().putNull("width"))))
        .containsExactly("/size/width", "width cannot be removed (null)");
    // The rules of each member hold as in a create.
    assertThat(error(patch, new JsonObject().put("name", " ")))
        .containsExactly("/name", "name must not be blank");
    // Some members only: what a patch of fewer fields than a create declares.
    assertThat(error(PRODUCT.only("price_cents").mergePatch(), new JsonObject().put("name", "a")))
        .containsExactly("/name", "unknown field 'name'; allowed: price_cents");
  }

  @Test
  void cross_field_rules_add_their_errors_to_the_same_problem() {
    Validation v = new Validation();
    JsonObject body = new JsonObject().put("note", "").put("items", new JsonArray()
        .add(new JsonObject().put("product_id", 1).put("quantity", 1)));
    JsonObject valid = ORDER.validate(body, v);
    assertThat(valid).isNotNull();
    if (!valid.containsKey("user_id")) {
      v.error("/user_id", "user_id is required");
    }
    assertThat(v.errors()).extracting(Problem.FieldError::pointer).containsExactly("/user_id");
    assertThat(ORDER.validate(body.copy().put("note", 1), new Validation())).isNull();
  }

  private static JsonObject stay() {
    return new JsonObject().put("starts_on", "2024-03-01").put("ends_on", "2024-03-04");
  }

  @Test
  void a_rule_across_members_names_each_of_them_in_the_same_problem() {
    assertThat(STAY.validate(stay().put("discount", 10).put("code", "SPRING")).encode())
        .isEqualTo("{\"starts_on\":\"2024-03-01\",\"ends_on\":\"2024-03-04\","
            + "\"discount\":10,\"code\":\"SPRING\"}");
    Problem p = problem(STAY, stay().put("ends_on", "2024-02-29").put("discount", 10));
    assertThat(p.status()).isEqualTo(422);
    assertThat(p.errors()).containsExactly(
        Problem.FieldError.of("/starts_on", "ends_on must be after starts_on"),
        Problem.FieldError.of("/ends_on", "ends_on must be after starts_on"),
        Problem.FieldError.of("/discount", "a discount requires a code"),
        Problem.FieldError.of("/code", "a discount requires a code"));
    // A null code (declared nullable) is no code.
    assertThat(problem(STAY, stay().put("discount", 5).putNull("code")).errors())
        .extracting(Problem.FieldError::pointer).containsExactly("/discount", "/code");
  }

  @Test
  void a_rule_sees_an_optional_member_absent_and_a_nullable_one_null() {
    List<JsonObject> seen = new ArrayList<>();
    BodySchema.ObjectSchema lent = BodySchema.object()
        .required("due_on", BodySchema.date())
        .optional("lent_on", BodySchema.date().nullable())
        .rule(b -> seen.add(b.copy()), "due_on must be after lent_on", "lent_on", "due_on");
    lent.validate(new JsonObject().put("due_on", "2024-03-01"));
    lent.mergePatch().validate(new JsonObject().put("due_on", "2024-03-01").putNull("lent_on"));
    assertThat(seen).containsExactly(new JsonObject().put("due_on", "2024-03-01"),
        new JsonObject().put("due_on", "2024-03-01").putNull("lent_on"));
    // A rule that takes every member for present fails on them (the handler's 500).
    BodySchema.ObjectSchema careless = BodySchema.object()
        .required("due_on", BodySchema.date())
        .optional("lent_on", BodySchema.date())
        .rule(b -> b.getString("due_on").compareTo(b.getString("lent_on")) > 0,
            "due_on must be after lent_on", "lent_on", "due_on");
    assertThatThrownBy(() -> careless.validate(new JsonObject().put("due_on", "2024-03-01")))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void rules_run_only_when_every_member_is_valid() {
    // The date rule would throw on "2024-02-30"; the member's own error is the only one.
    assertThat(error(STAY, stay().put("ends_on", "2024-02-30")))
        .containsExactly("/ends_on", "ends_on must be a date such as 2024-01-31, was "
            + "'2024-02-30'");
    assertThat(problem(STAY, stay().put("discount", 99).put("x", 1)).errors())
        .extracting(Problem.FieldError::pointer).containsExactly("/x", "/discount");
    assertThat(error(STAY, new JsonObject().put("starts_on", "2024-03-01")))
        .containsExactly("/ends_on", "ends_on is required");
    // validate(body, v) records the rule's errors like a member's, and returns null.
    Validation v = new Validation();
    assertThat(STAY.validate(stay().put("discount", 1), v)).isNull();
    assertThat(v.errors()).extracting(Problem.FieldError::pointer)
        .containsExactly("/discount", "/code");
  }

  @Test
  void a_nested_object_rule_points_inside_it() {
    BodySchema.ObjectSchema booking = BodySchema.object()
        .required("stays", BodySchema.array(STAY, 3));
    Problem p = problem(booking, new JsonObject().put("stays", new JsonArray().add(stay())
        .add(stay().put("starts_on", "2024-03-04"))));
    assertThat(p.errors()).extracting(Problem.FieldError::pointer)
        .containsExactly("/stays/1/starts_on", "/stays/1/ends_on");
  }

  @Test
  void a_merge_patch_checks_a_rule_when_it_holds_every_member_the_rule_names() {
    BodySchema.ObjectSchema patch = STAY.mergePatch();
    // One date alone: the stored other one decides, which only the database sees.
    assertThat(patch.validate(new JsonObject().put("ends_on", "2000-01-01")).encode())
        .isEqualTo("{\"ends_on\":\"2000-01-01\"}");
    assertThat(patch.validate(new JsonObject().put("discount", 5)).encode())
        .isEqualTo("{\"discount\":5}");
    assertThat(problem(patch, stay().put("ends_on", "2024-01-01")).errors())
        .extracting(Problem.FieldError::pointer).containsExactly("/starts_on", "/ends_on");
    assertThat(problem(patch, new JsonObject().put("discount", 5).putNull("code")).errors())
        .extracting(Problem.FieldError::detail).containsOnly("a discount requires a code");
    // only() keeps the rules whose members it keeps.
    BodySchema.ObjectSchema dates = STAY.only("starts_on", "ends_on", "discount");
    assertThat(dates.validate(stay().put("discount", 5)).encode()).contains("\"discount\":5");
    assertThat(problem(dates, stay().put("ends_on", "2024-03-01")).errors()).hasSize(2);
  }

  @Test
  void the_description_states_what_the_checks_enforce() {
    JsonObject order = ORDER.toJson();
    assertThat(order.encode()).isEqualTo(new JsonObject()
        .put("type", "object").put("required", new JsonArray().add("note").add("items"))
        .put("additionalProperties", false)
        .put("properties", new JsonObject()
            .put("user_id", new JsonObject().put("type", "integer").put("format", "int64")
                .put("minimum", 1))
            .put("note", new JsonObject().put("type", "string").put("minLength", 0)
                .put("maxLength", 20).put("pattern", Validation.textPattern(
                    Validation.C0_CONTROLS_BUT_LINE_BREAKS, false)))
            .put("items", new JsonObject().put("type", "array").put("minItems", 1)
                .put("maxItems", 3).put("items", new JsonObject().put("type", "object")
                    .put("required", new JsonArray().add("product_id").add("quantity"))
                    .put("additionalProperties", false)
                    .put("properties", new JsonObject()
                        .put("product_id", new JsonObject().put("type", "integer")
                            .put("format", "int64").put("minimum", 1))
                        .put("quantity", new JsonObject().put("type", "integer")
                            .put("minimum", 1).put("maximum", 1000))))))
        .encode());
    JsonObject patch = PRODUCT.mergePatch().withDescription("A change").toJson();
    assertThat(patch.containsKey("required")).isFalse();
    assertThat(patch.getInteger("minProperties")).isEqualTo(1);
    assertThat(patch.getString("description")).isEqualTo("A change");
    JsonObject properties = patch.getJsonObject("properties");
    assertThat(properties.getJsonObject("name").getString("pattern"))
        .isEqualTo(Validation.textPattern(Validation.C0_CONTROLS, true));
    assertThat(properties.getJsonObject("tag").getJsonArray("type"))
        .containsExactly("string", "null");
    assertThat(properties.getJsonObject("colour").getJsonArray("enum"))
        .containsExactly("red", "blue");
    assertThat(properties.getJsonObject("launch").getString("format")).isEqualTo("date");
    assertThat(properties.getJsonObject("extra").isEmpty()).isTrue();
    // A nested object of a patch has no required members, and no minimum either.
    assertThat(properties.getJsonObject("size").fieldNames()).doesNotContain("required",
        "minProperties");
    assertThat(properties.getJsonObject("price_cents").encode()).isEqualTo("{\"type\":"
        + "\"integer\",\"format\":\"int64\",\"minimum\":0,\"maximum\":1000000000000}");
    // JSON Schema cannot state a rule across members: the description lists them.
    assertThat(STAY.withDescription("A stay.").toJson().getString("description"))
        .isEqualTo("A stay.\n\nRules:\n- ends_on must be after starts_on\n"
            + "- a discount requires a code");
  }

  @Test
  void a_nullable_one_of_states_null_among_its_values() {
    BodySchema.ObjectSchema gift = BodySchema.object()
        .optional("wrap", BodySchema.oneOf("paper", "box").nullable());
    // Validation keeps the null ...
    assertThat(gift.validate(new JsonObject().putNull("wrap")).containsKey("wrap")).isTrue();
    // ... so the schema must allow it: an enum without null refuses null whatever the type says.
    JsonObject wrap = gift.toJson().getJsonObject("properties").getJsonObject("wrap");
    assertThat(wrap.getJsonArray("type")).containsExactly("string", "null");
    assertThat(wrap.getJsonArray("enum").getList()).containsExactly("paper", "box", null);
    assertThat(BodySchema.oneOf("paper").toJson().getJsonArray("enum").getList())
        .containsExactly("paper");
  }

  @Test
  void one_of_takes_the_list_a_filter_takes() {
    List<String> wraps = List.of("paper", "box");
    BodySchema.ObjectSchema gift = BodySchema.object().required("wrap", BodySchema.oneOf(wraps));
    assertThat(gift.validate(new JsonObject().put("wrap", "box"), new Validation()))
        .isEqualTo(new JsonObject().put("wrap", "box"));
    Validation refused = new Validation();
    assertThat(gift.validate(new JsonObject().put("wrap", "bag"), refused)).isNull();
    assertThat(refused.errors()).hasSize(1);
    assertThat(gift.toJson().getJsonObject("properties").getJsonObject("wrap")
        .getJsonArray("enum").getList()).containsExactly("paper", "box");
    assertThatThrownBy(() -> BodySchema.oneOf(List.of()))
        .hasMessage("oneOf needs at least one value");
  }

  @Test
  void a_text_is_valid_exactly_when_its_stated_pattern_and_lengths_hold() {
    SplittableRandom random = new SplittableRandom(7);
    char[] alphabet = {'a', ' ', '\t', '\n', '\r', '\u0000', '\u001f', '\u00a0', '\u2003', 'Z'};
    for (boolean nonBlank : new boolean[] {false, true}) {
      for (boolean multiLine : new boolean[] {false, true}) {
        BodySchema.Text text = BodySchema.text(0, 4);
        text = nonBlank ? text.nonBlank() : text;
        text = multiLine ? text.multiLine() : text;
        BodySchema.ObjectSchema schema = BodySchema.object().required("t", text);
        Pattern pattern = Pattern.compile(text.toJson().getString("pattern"));
        for (int i = 0; i < 2_000; i++) {
          StringBuilder s = new StringBuilder();
          for (int n = random.nextInt(6); n > 0; n--) {
            s.append(alphabet[random.nextInt(alphabet.length)]);
          }
          boolean stated = pattern.matcher(s).matches() && s.length() <= 4;
          boolean valid = schema.validate(new JsonObject().put("t", s.toString()),
              new Validation()) != null;
          assertThat(valid).as("%s nonBlank=%s multiLine=%s", s, nonBlank, multiLine)
              .isEqualTo(stated);
        }
      }
    }
  }

  @Test
  void declarations_that_cannot_hold_are_refused_naming_the_value() {
    assertThatThrownBy(() -> BodySchema.integer(5, 4))
        .hasMessage("min must be <= max, was 5 > 4");
    assertThatThrownBy(() -> BodySchema.text(3, 2))
        .hasMessage("lengths must be 0 <= minLength <= maxLength, were 3 and 2");
    assertThatThrownBy(() -> BodySchema.array(BodySchema.any(), 0))
        .hasMessage("maxItems must be >= 1, was 0");
    assertThatThrownBy(BodySchema::oneOf).hasMessage("oneOf needs at least one value");
    assertThatThrownBy(() -> PRODUCT.optional("name", BodySchema.any()))
        .hasMessage("member name is declared twice");
    assertThatThrownBy(() -> PRODUCT.only("nope")).hasMessageStartingWith("no member nope");
    assertThatThrownBy(() -> PRODUCT.rule(b -> true, "size needs a colour", "size", "color"))
        .hasMessage("rule 'size needs a colour' names no member color; declared: [name, "
            + "price_cents, colour, launch, tag, size, extra]");
    assertThatThrownBy(() -> PRODUCT.rule(b -> true, "anything")).hasMessage(
        "rule 'anything' names no member");
    assertThatThrownBy(() -> PRODUCT.rule(b -> true, " ", "name"))
        .hasMessage("a rule needs a detail, was  ");
    assertThatThrownBy(() -> PRODUCT.rule(b -> true, "tag or colour", "tag", "colour", "tag"))
        .hasMessage("rule 'tag or colour' names tag twice");
  }

  @Test
  void random_values_of_every_shape_give_a_valid_body_or_a_422() {
    SplittableRandom random = new SplittableRandom(26);
    BodySchema.ObjectSchema[] schemas = {ORDER, PRODUCT, PRODUCT.mergePatch(), STAY,
        STAY.mergePatch(), BodySchema.object().optional("name", BodySchema.bool())};
    int valid = 0;
    for (int i = 0; i < 20_000; i++) {
      JsonObject body = randomObject(random, 3);
      if (random.nextInt(4) == 0) {
        // Mostly-valid bodies with one member replaced reach the deeper checks.
        String[] replaced = {"items", "name", "starts_on", "ends_on", "discount", "code"};
        body = switch (random.nextInt(3)) {
          case 0 -> product();
          case 1 -> stay().put("discount", 5);
          default -> new JsonObject().put("note", "n").put("items", new JsonArray()
              .add(new JsonObject().put("product_id", 1).put("quantity", 1)));
        };
        body.put(replaced[random.nextInt(replaced.length)], randomValue(random, 2));
      }
      for (BodySchema.ObjectSchema schema : schemas) {
        try {
          assertThat(schema.validate(body)).isNotNull();
          valid++;
        } catch (Problem p) {
          assertThat(p.status()).as(body::encode).isEqualTo(422);
          assertThat(p.errors()).as(body::encode).isNotEmpty();
        }
      }
    }
    assertThat(valid).isPositive();
  }

  @Test
  void random_hostile_text_parses_and_validates_to_a_value_or_a_4xx() {
    SplittableRandom random = new SplittableRandom(53);
    String base = "{\"user_id\": 4, \"note\": \"n\", \"items\": [{\"product_id\": 150, "
        + "\"quantity\": 1}]}";
    String stay = "{\"starts_on\": \"2024-03-01\", \"ends_on\": \"2024-03-04\", "
        + "\"discount\": 5, \"code\": \"A\"}";
    for (int i = 0; i < 10_000; i++) {
      boolean order = random.nextBoolean();
      String text = HostileInputTest.mutated(random, order ? base : stay);
      try {
        if (Requests.json(Buffer.buffer(text)) instanceof JsonObject body) {
          BodySchema.ObjectSchema schema = order ? ORDER : STAY;
          schema.validate(body);
          schema.mergePatch().validate(body);
        }
      } catch (Problem p) {
        assertThat(p.status()).as(text).isIn(400, 422);
      }
    }
  }

  private static JsonObject randomObject(SplittableRandom random, int depth) {
    String[] names = {"name", "price_cents", "colour", "launch", "tag", "size", "width",
        "height", "extra", "user_id", "note", "items", "product_id", "quantity", "x",
        "starts_on", "ends_on", "discount", "code"};
    JsonObject object = new JsonObject();
    for (int n = random.nextInt(5); n > 0; n--) {
      object.put(names[random.nextInt(names.length)], randomValue(random, depth - 1));
    }
    return object;
  }

  private static Object randomValue(SplittableRandom random, int depth) {
    Object[] leaves = {null, true, 0, -1, 7, 1000, 1001, Long.MAX_VALUE, Long.MIN_VALUE,
        1.5, 4.0, -0.0, 9007199254740993.0, 1e300, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, new BigDecimal("1.0000000000000000000001"),
        new BigDecimal("1E+400"), new BigInteger("99999999999999999999999"), "", " ", "Lamp",
        "red", "2024-01-31", "2024-13-01", "2024-02-30", "+2024-01-31", "a\u0000b", "a\nb",
        "\ud800", "\udc00x", "\ud83d\ude00", "x".repeat(5000)};
    int pick = random.nextInt(leaves.length + (depth > 0 ? 6 : 0));
    if (pick < leaves.length) {
      return leaves[pick];
    }
    if (pick < leaves.length + 3) {
      return randomObject(random, depth);
    }
    JsonArray array = new JsonArray();
    for (int n = random.nextInt(5); n > 0; n--) {
      array.add(randomValue(random, depth - 1));
    }
    return array;
  }
}
