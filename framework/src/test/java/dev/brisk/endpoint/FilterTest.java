package dev.brisk.endpoint;

import static dev.brisk.fields.FieldType.BOOL;
import static dev.brisk.fields.FieldType.DATE;
import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.NUMERIC;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;
import static dev.brisk.fields.FieldType.UUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.brisk.db.Where;
import dev.brisk.fields.FieldType;
import dev.brisk.fields.Resource;
import dev.brisk.http.ParameterDoc;
import dev.brisk.http.Requests;
import dev.brisk.problem.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Filters parse one value into both the SQL condition and the cursor binding. */
class FilterTest {

  private static final List<Filter> ALL = List.of(Filter.id("category_id"),
      Filter.atLeast("min_price_cents", "price_cents"),
      Filter.atMost("max_price_cents", "price_cents"), Filter.text("sku", "sku"),
      Filter.prefix("q", "name").ignoringCase(),
      Filter.oneOf("status", "status", List.of("paid", "shipped")),
      Filter.atLeast("published_from", "published_on"), Filter.atMost("until", "created_at"),
      Filter.equalTo("active", "active"), Filter.id("owner", "owner"),
      Filter.atLeast("min_rating", "rating"), Filter.equalTo("rating", "rating"),
      Filter.atMost("max_stock", "stock"));

  /** The type of the field each filter of {@link #ALL} reads. */
  private static FieldType type(Filter f) {
    return switch (f.field()) {
      case "published_on" -> DATE;
      case "created_at" -> TIMESTAMP;
      case "sku", "name", "status" -> TEXT;
      case "active" -> BOOL;
      case "owner" -> UUID;
      case "rating" -> NUMERIC;
      case "stock" -> INT;
      default -> LONG;
    };
  }

  private static MultiMap query(String name, String... values) {
    MultiMap query = MultiMap.caseInsensitiveMultiMap();
    for (String v : values) {
      query.add(name, v);
    }
    return query;
  }

  private static Problem problem(Filter filter, String... values) {
    Throwable t = catchThrowable(() -> filter.read(query(filter.name(), values), type(filter)));
    assertThat(t).as(filter + " " + List.of(values)).isInstanceOf(Problem.class);
    return (Problem) t;
  }

  @Test
  void a_hand_written_route_documents_an_id_and_fields_as_an_endpoint_does() {
    // A route reading Requests.queryId documents it with the id filter's own schema.
    assertThat(Requests.queryIdDoc("studio_id", "Only this studio's classes").schema())
        .isEqualTo(Filter.id("studio_id").schema(LONG));
    Resource studio = Resource.builder("studio", "studios", "s").field("id", "id", LONG)
        .field("name", "name", TEXT).build();
    Resource fitnessClass = Resource.builder("class", "classes", "c").field("id", "id", LONG)
        .field("title", "title", TEXT).field("studio_id", "studio_id", LONG)
        .embedOne("studio", "studio_id", studio).build();
    ParameterDoc fields = ParameterDoc.fields(fitnessClass);
    assertThat(fields.name()).isEqualTo("fields");
    assertThat(fields.required()).isFalse();
    assertThat(fields.description()).isEqualTo("Comma-separated fields to return (default: the"
        + " default representation). Fields: id, title, studio_id. Embeds, with their own"
        + " fields in parentheses: studio.");
  }

  @Test
  void reads_typed_canonical_values() {
    assertThat(Filter.id("category_id").read(query("category_id", "3"), LONG)).isEqualTo(3L);
    assertThat(Filter.atLeast("min", "price").read(query("min", "0"), LONG)).isEqualTo(0L);
    assertThat(Filter.prefix("q", "name").ignoringCase().read(query("q", "LaMp"), TEXT))
        .isEqualTo("lamp");
    assertThat(Filter.prefix("q", "name").read(query("q", "LaMp"), TEXT)).isEqualTo("LaMp");
    assertThat(Filter.oneOf("s", "status", List.of("paid")).read(query("s", "paid"), TEXT))
        .isEqualTo("paid");
    assertThat(Filter.id("category_id").read(query("other", "3"), LONG)).isNull();
  }

  @Test
  void bounds_on_dates_and_timestamps_read_iso_values_canonically() {
    Filter from = Filter.atLeast("published_from", "published_on");
    assertThat(from.read(query("published_from", "2024-02-29"), DATE))
        .isEqualTo(LocalDate.of(2024, 2, 29));
    Filter since = Filter.atLeast("since", "created_at");
    OffsetDateTime utc = OffsetDateTime.of(2024, 1, 31, 8, 30, 0, 0, ZoneOffset.UTC);
    assertThat(since.read(query("since", "2024-01-31T09:30:00+01:00"), TIMESTAMP)).isEqualTo(utc);
    // One instant, one cursor binding, however it was written.
    assertThat(since.read(query("since", "2024-01-31T08:30Z"), TIMESTAMP).toString())
        .isEqualTo(since.read(query("since", "2024-01-31T09:30:00.000+01:00"), TIMESTAMP)
            .toString());
    for (String bad : List.of("2024-02-30", "2024-2-1", "+12024-01-01", "20240101", "tomorrow")) {
      Throwable t = catchThrowable(() -> from.read(query("published_from", bad), DATE));
      assertThat(t).as(bad).isInstanceOf(Problem.class);
      assertThat(((Problem) t).detail()).isEqualTo("published_from must be a date such as "
          + "2024-01-31, was '" + bad + "'");
    }
    for (String bad : List.of("2024-01-31", "2024-01-31T09:30:00", "+12024-01-31T00:00Z", "x")) {
      Throwable t = catchThrowable(() -> since.read(query("since", bad), TIMESTAMP));
      assertThat(t).as(bad).isInstanceOf(Problem.class);
      assertThat(((Problem) t).detail()).startsWith("since must be an RFC 3339 date-time");
    }
    assertThat(from.schema(DATE)).isEqualTo(new JsonObject().put("type", "string")
        .put("format", "date"));
    assertThat(since.schema(TIMESTAMP)).isEqualTo(new JsonObject().put("type", "string")
        .put("format", "date-time"));
  }

  @Test
  void invalid_values_are_400_naming_the_parameter() {
    assertThat(problem(Filter.id("category_id"), "0").detail())
        .isEqualTo("category_id must be an integer from 1 to 9223372036854775807, was '0'");
    assertThat(problem(Filter.atLeast("min", "p"), "-1").detail())
        .isEqualTo("min must be an integer from 0 to 9223372036854775807, was '-1'");
    // 20 digits: not "must be an integer" (it is one) but beyond the range, which is stated.
    assertThat(problem(Filter.id("category_id"), "12345678901234567890").detail())
        .isEqualTo("category_id must be an integer from 1 to 9223372036854775807, was "
            + "'12345678901234567890'");
    assertThat(problem(Filter.atMost("max", "p"), "9223372036854775808").detail())
        .isEqualTo("max must be an integer from 0 to 9223372036854775807, was "
            + "'9223372036854775808'");
    assertThat(problem(Filter.prefix("q", "name"), " ").detail())
        .isEqualTo("q must be 1 to 100 characters");
    assertThat(problem(Filter.prefix("q", "name").withMaxLength(3), "abcd").detail())
        .isEqualTo("q must be 1 to 3 characters");
    assertThat(problem(Filter.oneOf("status", "status", List.of("paid", "shipped")), "lost")
        .detail()).isEqualTo("status must be one of paid, shipped, was 'lost'");
    // Cut before an emoji that straddles the 40th character, not through it.
    assertThat(problem(Filter.oneOf("status", "status", List.of("paid")),
        "x".repeat(39) + "\uD83D\uDE00").detail())
        .isEqualTo("status must be one of paid, was '" + "x".repeat(39) + "...'");
    assertThat(problem(Filter.id("category_id"), "1", "2").detail())
        .isEqualTo("category_id must be given at most once");
    for (Filter f : ALL) {
      Problem p = problem(f, "a\u0000b");
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.type()).endsWith("invalid-parameter");
    }
  }

  @Test
  void integer_schemas_state_the_range_an_int_field_binds() {
    Filter min = Filter.atLeast("min_capacity", "capacity");
    assertThat(min.schema(FieldType.INT)).isEqualTo(new JsonObject().put("type", "integer")
        .put("format", "int32").put("minimum", 0).put("maximum", Integer.MAX_VALUE));
    assertThat(Filter.id("room_id").schema(FieldType.INT)).isEqualTo(new JsonObject()
        .put("type", "integer").put("format", "int32").put("minimum", 1)
        .put("maximum", Integer.MAX_VALUE));
    assertThat(min.schema(LONG)).isEqualTo(new JsonObject().put("type", "integer")
        .put("format", "int64").put("minimum", 0));
    // The 400 beyond the range states the same range as the schema, even beyond a long's.
    for (String beyond : List.of("2147483648", "9223372036854775808", "99999999999999999999")) {
      Throwable t = catchThrowable(() -> min.read(query("min_capacity", beyond), FieldType.INT));
      assertThat(((Problem) t).detail()).isEqualTo("min_capacity must be an integer from 0 to "
          + "2147483647, was '" + beyond + "'");
    }
    Throwable id = catchThrowable(() -> Filter.id("room_id")
        .read(query("room_id", "99999999999999999999"), FieldType.INT));
    assertThat(((Problem) id).detail()).isEqualTo("room_id must be an integer from 1 to "
        + "2147483647, was '99999999999999999999'");
    // Read as the Integer an int4 column binds.
    assertThat(min.read(query("min_capacity", "2147483647"), FieldType.INT))
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void integer_equality_reads_the_columns_whole_range_while_bounds_stay_non_negative() {
    Filter floor = Filter.equalTo("floor", "floor");
    assertThat(floor.read(query("floor", "-2"), FieldType.INT)).isEqualTo(-2);
    assertThat(floor.read(query("floor", "-2147483648"), FieldType.INT))
        .isEqualTo(Integer.MIN_VALUE);
    assertThat(floor.read(query("floor", "-9223372036854775808"), LONG))
        .isEqualTo(Long.MIN_VALUE);
    Throwable below = catchThrowable(() -> floor.read(query("floor", "-2147483649"),
        FieldType.INT));
    assertThat(((Problem) below).detail()).isEqualTo("floor must be an integer from "
        + "-2147483648 to 2147483647, was '-2147483649'");
    assertThat(floor.schema(FieldType.INT)).isEqualTo(new JsonObject().put("type", "integer")
        .put("format", "int32").put("maximum", Integer.MAX_VALUE));
    assertThat(floor.schema(LONG)).isEqualTo(new JsonObject().put("type", "integer")
        .put("format", "int64"));
    for (String negative : List.of("-1", "-0")) {
      Throwable t = catchThrowable(() -> Filter.atLeast("min_floor", "floor")
          .read(query("min_floor", negative), FieldType.INT));
      assertThat(t).as(negative).isInstanceOf(Problem.class);
    }
  }

  @Test
  void booleans_are_exactly_true_or_false() {
    Filter active = Filter.equalTo("active", "active");
    assertThat(active.read(query("active", "true"), BOOL)).isEqualTo(Boolean.TRUE);
    assertThat(active.read(query("active", "false"), BOOL)).isEqualTo(Boolean.FALSE);
    for (String bad : List.of("TRUE", "True", "1", "0", "yes", "on", "t", "", " true", "true ")) {
      assertThat(problem(active, bad).detail()).as(bad)
          .isEqualTo("active must be true or false, was '" + bad + "'");
    }
    assertThat(active.schema(BOOL)).isEqualTo(new JsonObject().put("type", "boolean"));
  }

  @Test
  void uuids_are_canonical_in_either_case_and_bind_one_value() {
    Filter owner = Filter.id("owner", "owner");
    String lower = "123e4567-e89b-12d3-a456-426614174000";
    assertThat(owner.read(query("owner", lower), UUID))
        .isEqualTo(java.util.UUID.fromString(lower))
        .isEqualTo(owner.read(query("owner", lower.toUpperCase()), UUID));
    for (String bad : List.of("{" + lower + "}", lower.replace("-", ""), "1-1-1-1-1",
        lower + "0", lower.substring(1), "urn:uuid:" + lower, lower.replace('a', 'g'), "7")) {
      assertThat(problem(owner, bad).detail()).as(bad).startsWith("owner must be a UUID such as "
          + "123e4567-e89b-12d3-a456-426614174000, was '");
    }
    assertThat(owner.schema(UUID)).isEqualTo(new JsonObject().put("type", "string")
        .put("format", "uuid"));
  }

  @Test
  void decimals_are_plain_bounded_and_read_exactly() {
    Filter min = Filter.atLeast("min_rating", "rating");
    assertThat(min.read(query("min_rating", "4.5"), NUMERIC)).isEqualTo(new BigDecimal("4.5"))
        .isEqualTo(min.read(query("min_rating", "04.500"), NUMERIC));
    assertThat(min.read(query("min_rating", "-0"), NUMERIC))
        .isEqualTo(min.read(query("min_rating", "0.00"), NUMERIC));
    // Exact: no trip through a double.
    String precise = "0.1000000000000000000000000000000000001";
    assertThat(min.read(query("min_rating", precise), NUMERIC))
        .isEqualTo(new BigDecimal(precise));
    assertThat(min.read(query("min_rating", "1" + "0".repeat(39)), NUMERIC).toString())
        .isEqualTo("1E+39");
    for (String bad : List.of("NaN", "Infinity", "-Infinity", "1e3", "1E-3", "+1", ".5", "5.",
        "1,5", " 1", "1 ", "--1", "0x10", "1_000", "\u0663", "\uff11", "", "-",
        "1" + "0".repeat(40))) {
      assertThat(problem(min, bad).detail()).as(bad).startsWith("min_rating must be a decimal "
          + "number such as 4.5 or -0.25 (digits, an optional leading minus and fraction, no "
          + "exponent, at most 40 characters), was '");
    }
    assertThat(min.schema(NUMERIC)).isEqualTo(new JsonObject().put("type", "number"));
  }

  /**
   * Random texts near the accepted forms (digit runs, signs, exponents, mutated UUIDs in mixed
   * case): each is read as what it means, or refused when it is not in the one spelling.
   */
  @Test
  void typed_values_are_read_as_what_they_mean_or_refused() {
    String[] pieces = {"0", "1", "9", ".", "-", "+", "e", "E", "a", "F", "true", "false", "NaN",
        " ", "\u0000", "\u0663", "\u00e9", "{", "}"};
    Filter rating = Filter.equalTo("rating", "rating");
    Filter active = Filter.equalTo("active", "active");
    Filter owner = Filter.id("owner", "owner");
    SplittableRandom random = new SplittableRandom(27);
    int[] read = new int[3];
    for (int i = 0; i < 50_000; i++) {
      StringBuilder value = new StringBuilder();
      if (random.nextBoolean()) {
        String uuid = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
        value.append(random.nextBoolean() ? uuid : uuid.toUpperCase());
      }
      for (int n = random.nextInt(4); n > 0; n--) {
        String piece = pieces[random.nextInt(pieces.length)];
        int at = random.nextInt(value.length() + 1);
        if (random.nextBoolean() && at < value.length()) {
          value.replace(at, at + 1, piece);
        } else {
          value.insert(at, piece);
        }
      }
      String v = value.toString();
      Object decimal = readOrNull(rating, v, NUMERIC);
      assertThat(decimal != null).as(v).isEqualTo(plainDecimal(v));
      if (decimal != null) {
        assertThat(((BigDecimal) decimal).compareTo(new BigDecimal(v))).isZero();
        assertThat(decimal).isEqualTo(((BigDecimal) decimal).stripTrailingZeros());
        read[0]++;
      }
      Object bool = readOrNull(active, v, BOOL);
      assertThat(bool).as(v)
          .isEqualTo(v.equals("true") || v.equals("false") ? Boolean.valueOf(v) : null);
      read[1] += bool == null ? 0 : 1;
      Object uuid = readOrNull(owner, v, UUID);
      assertThat(uuid == null ? null : uuid.toString()).as(v)
          .isEqualTo(roundTrips(v) ? v.toLowerCase() : null);
      read[2] += uuid == null ? 0 : 1;
    }
    // Each form was met often enough to mean something.
    assertThat(Arrays.stream(read).min().getAsInt()).isGreaterThan(100);
  }

  /** Up to 40 ASCII digits with an optional leading minus and a fraction, as BigDecimal reads. */
  private static boolean plainDecimal(String v) {
    if (v.length() > 40 || !v.chars().allMatch(c -> c == '-' || c == '.' || c >= '0' && c <= '9')
        || v.startsWith(".") || v.startsWith("-.") || v.endsWith(".")) {
      return false;
    }
    try {
      new BigDecimal(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** What {@code filter} reads from {@code v}, or null when it refuses it with a 400. */
  private static Object readOrNull(Filter filter, String v, FieldType type) {
    try {
      return filter.read(query(filter.name(), v), type);
    } catch (Problem p) {
      assertThat(p.status()).isEqualTo(400);
      return null;
    }
  }

  /** A UUID's canonical text in either case: what it reads back as, ignoring case. */
  private static boolean roundTrips(String v) {
    try {
      return java.util.UUID.fromString(v).toString().equalsIgnoreCase(v);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A text filter's schema admits exactly the values it reads (lengths in code points). */
  @Test
  void text_schemas_admit_exactly_what_the_filter_reads() {
    Filter q = Filter.prefix("q", "name").withMaxLength(4);
    JsonObject schema = q.schema(TEXT);
    Pattern pattern = Pattern.compile(schema.getString("pattern"));
    String[] pieces = {"a", "Z", " ", "\t", "\u00a0", "\u2003", "\u3000", "\u0085", "\u007f",
        "\u001b", "\u00e9", "\ud83d\ude00"};
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder value = new StringBuilder();
      for (int n = random.nextInt(7); n > 0; n--) {
        value.append(pieces[random.nextInt(pieces.length)]);
      }
      String v = value.toString();
      int length = v.codePointCount(0, v.length());
      boolean admitted = length >= schema.getInteger("minLength")
          && length <= schema.getInteger("maxLength") && pattern.matcher(v).matches();
      boolean read = catchThrowable(() -> q.read(query("q", v), TEXT)) == null;
      assertThat(admitted).as("'%s'", v).isEqualTo(read);
    }
  }

  @Test
  void hostile_values_are_400_problems_that_echo_little() {
    SplittableRandom random = new SplittableRandom(16);
    String alphabet = "09azAZ-_%'\";\\ \t\n\u0000\u001b\u00e9\u4e2d\ud83d\ude00\ud800";
    for (int i = 0; i < 5_000; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(4) == 0 ? 200 + random.nextInt(5_000) : random.nextInt(12);
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      for (Filter f : ALL) {
        Throwable t = catchThrowable(() -> f.read(query(f.name(), value.toString()), type(f)));
        if (t != null) {
          assertThat(t).as(f + " " + value).isInstanceOf(Problem.class);
          Problem p = (Problem) t;
          assertThat(p.status()).isEqualTo(400);
          assertThat(p.detail().length()).isLessThan(200);
        }
      }
    }
  }

  @Test
  void each_kind_adds_its_condition_with_the_value_as_a_parameter() {
    Where where = Where.create();
    Filter.id("category_id").apply(where, "p.category_id", 3L);
    Filter.atLeast("min", "price_cents").apply(where, "p.price_cents", 10L);
    Filter.atMost("max", "price_cents").apply(where, "p.price_cents", 20L);
    Filter.prefix("q", "name").ignoringCase().apply(where, "p.name", "50%_off");
    Filter.equalTo("active", "active").apply(where, "p.active", true);
    assertThat(where.sql()).isEqualTo("(p.category_id = $1) AND (p.price_cents >= $2) AND "
        + "(p.price_cents <= $3) AND (lower(p.name) LIKE $4) AND (p.active = $5)");
    assertThat(where.params()).containsExactly(3L, 10L, 20L, "50\\%\\_off%", true);
  }

  @Test
  void declarations_are_checked() {
    assertThatThrownBy(() -> Filter.id("Category")).hasMessageContaining("snake_case");
    assertThatThrownBy(() -> Filter.id("x").ignoringCase()).hasMessageContaining("text");
    assertThatThrownBy(() -> Filter.equalTo("x", "x").withMaxLength(5))
        .hasMessage("withMaxLength applies to text and prefix filters, not x (Filter.equalTo)");
    assertThatThrownBy(() -> Filter.oneOf("s", "status", List.of())).hasMessageContaining("value");
    assertThatThrownBy(() -> Filter.prefix("q", "name").withMaxLength(0))
        .hasMessageContaining("was 0");
  }
}
