package dev.brisk.http;

import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.db.Db;
import dev.brisk.db.DbOptions;
import dev.brisk.fields.FieldType;
import dev.brisk.fields.Resource;
import dev.brisk.problem.Problem;
import dev.brisk.test.TestPg;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SET lists from validated bodies, bound into a real PostgreSQL table of every column type. */
class AssignmentsTest {

  private static final Resource ITEM = Resource.builder("item", "kit_assignments", "k")
      .field("id", "id", FieldType.LONG)
      .field("title", "title", FieldType.TEXT)
      .field("order", "order", FieldType.INT)
      .field("big", "k.big", FieldType.LONG)
      .field("weight", "weight", FieldType.DOUBLE)
      .field("price", "price", FieldType.NUMERIC)
      .field("rating", "rating", FieldType.NUMERIC)
      .field("ref", "ref", FieldType.UUID)
      .field("born", "born", FieldType.DATE)
      .field("at", "at", FieldType.TIMESTAMP)
      .field("active", "active", FieldType.BOOL)
      .field("tags", "tags", FieldType.JSON)
      .field("note", "note", FieldType.TEXT)
      .field("upper_title", "upper(k.title)", FieldType.TEXT)
      .build();

  private static final BodySchema.ObjectSchema BODY = BodySchema.object()
      .required("title", BodySchema.text(1, 20).nonBlank())
      .required("order", BodySchema.integer(0, 1000))
      .required("big", BodySchema.integer(0, Long.MAX_VALUE))
      .required("weight", BodySchema.integer(0, 100))
      .required("price", BodySchema.decimal("0", "99999999.99", 2))
      .required("rating", BodySchema.integer(0, 100))
      .required("ref", BodySchema.uuid())
      .required("born", BodySchema.date())
      .required("at", BodySchema.timestamp())
      .required("active", BodySchema.bool())
      .required("tags", BodySchema.array(BodySchema.text(1, 5), 3))
      .optional("note", BodySchema.text(0, 20).nullable());
  private static final BodySchema.ObjectSchema PATCH = BODY.mergePatch();
  private static final Assignments CHANGES = Assignments.create(ITEM, PATCH);

  private static Vertx vertx;
  private static Db db;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    db = Db.create(vertx, DbOptions.fromUrl(TestPg.url()));
    await(db.query("DROP TABLE IF EXISTS kit_assignments"));
    await(db.query("CREATE TABLE kit_assignments (id bigint PRIMARY KEY, title text NOT NULL,"
        + " \"order\" int NOT NULL, big bigint NOT NULL, weight double precision NOT NULL,"
        + " price numeric(10, 2) NOT NULL, rating numeric(3, 0) NOT NULL, ref uuid NOT NULL,"
        + " born date NOT NULL, at timestamptz NOT NULL, active boolean NOT NULL,"
        + " tags jsonb NOT NULL, note text)"));
    await(db.query("INSERT INTO kit_assignments VALUES (1, 'one', 1, 1, 1, 1, 1,"
        + " '123e4567-e89b-12d3-a456-426614174000', '2024-01-31', '2024-01-31T09:30:00Z', true, '[\"a\"]', 'n')"));
  }

  @AfterAll
  static void stop() {
    await(db.query("DROP TABLE kit_assignments"));
    await(db.close());
    await(vertx.close());
  }

  /** Applies {@code patch} (validated first) to row 1 and answers the row as JSON. */
  private static JsonObject patched(JsonObject patch) {
    Tuple args = Tuple.of(1L);
    String sql = "UPDATE kit_assignments k SET " + CHANGES.set(PATCH.validate(patch), args)
        + " WHERE k.id = $1 RETURNING " + ITEM.defaults().projection();
    Row row = await(db.query(sql, args)).iterator().next();
    return ITEM.defaults().toJson(row);
  }

  @Test
  void sets_each_member_as_its_column_takes_it_in_declaration_order() {
    Tuple args = Tuple.of(1L);
    JsonObject patch = PATCH.validate(new JsonObject().put("born", "2025-02-03")
        .put("order", 7).put("note", null));
    assertThat(CHANGES.set(patch, args)).isEqualTo("\"order\" = $2, \"born\" = $3, "
        + "\"note\" = $4");
    assertThat(args.size()).isEqualTo(4);
    assertThat(args.getValue(2)).isEqualTo(java.time.LocalDate.of(2025, 2, 3));
    assertThat(args.getValue(3)).isNull();

    JsonObject every = new JsonObject().put("title", "Lamp").put("order", 3)
        .put("big", 9_007_199_254_740_991L).put("weight", 70).put("price", 12.25)
        .put("rating", 42).put("ref", "6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A41")
        .put("born", "2020-02-29").put("at", "2020-02-29T23:30:00Z").put("active", false)
        .put("tags", new JsonArray().add("x").add("yz")).put("note", "hi");
    assertThat(patched(every)).isEqualTo(every.copy().put("id", 1).put("weight", 70.0)
        .put("ref", "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a41")
        .put("upper_title", "LAMP"));
    // Null where the schema allows it removes the value.
    assertThat(patched(new JsonObject().putNull("note")).getValue("note")).isNull();
  }

  @Test
  void binds_a_date_time_with_an_offset_as_its_instant() {
    assertThat(patched(new JsonObject().put("at", "2024-06-01T02:00:00.25+02:00"))
        .getString("at")).isEqualTo("2024-06-01T00:00:00.250Z");
    assertThat(catchProblem(() -> PATCH.validate(new JsonObject().put("at",
        "2024-06-01T02:00:00")))).hasMessageContaining("at must be an RFC 3339 date-time such "
        + "as 2024-01-31T09:30:00Z, was '2024-06-01T02:00:00'");
  }

  @Test
  void random_valid_patches_leave_the_row_as_they_say() {
    SplittableRandom random = new SplittableRandom(7);
    JsonObject expected = patched(new JsonObject().put("title", "t").put("note", "n"));
    for (int i = 0; i < 40; i++) {
      JsonObject patch = new JsonObject();
      while (patch.isEmpty()) {
        maybe(random, patch, "title", "t" + random.nextInt(1000));
        maybe(random, patch, "order", random.nextInt(1001));
        maybe(random, patch, "big", random.nextLong(Long.MAX_VALUE));
        maybe(random, patch, "price", random.nextInt(100_000) / 100.0);
        maybe(random, patch, "born", "20" + (10 + random.nextInt(80)) + "-0"
            + (1 + random.nextInt(9)) + "-1" + random.nextInt(10));
        maybe(random, patch, "at", "2024-03-1" + random.nextInt(10) + "T0"
            + random.nextInt(10) + ":15:00Z");
        maybe(random, patch, "active", random.nextBoolean());
        maybe(random, patch, "note", random.nextBoolean() ? null : "n" + random.nextInt(9));
      }
      expected.mergeIn(patch);
      assertThat(patched(patch)).as(patch.encode()).isEqualTo(expected.copy()
          .put("upper_title", expected.getString("title").toUpperCase()));
    }
  }

  private static void maybe(SplittableRandom random, JsonObject patch, String name,
      Object value) {
    if (random.nextInt(3) == 0) {
      patch.put(name, value);
    }
  }

  @Test
  void refuses_an_empty_body_with_the_422_of_an_empty_patch() {
    Assignments create = Assignments.create(ITEM, BodySchema.object()
        .optional("note", BodySchema.text(0, 20)));
    assertThatThrownBy(() -> create.set(new JsonObject(), Tuple.tuple()))
        .isInstanceOfSatisfying(Problem.class, p -> {
          assertThat(p.status()).isEqualTo(422);
          assertThat(p.detail()).isEqualTo("the patch changes nothing; send at least one of "
              + "note");
        });
  }

  @Test
  void never_takes_a_column_name_from_the_body() {
    // A member the schema does not declare is a body that skipped validation: a bug, not SQL.
    JsonObject hostile = new JsonObject().put("title = 'x', id", 2);
    assertThatThrownBy(() -> CHANGES.set(hostile, Tuple.tuple()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("member title = 'x', id is not declared; pass the body the schema "
            + "validated");
    Problem refused = (Problem) catchProblem(() -> PATCH.validate(hostile));
    assertThat(refused.status()).isEqualTo(422);
  }

  private static Throwable catchProblem(Runnable run) {
    try {
      run.run();
    } catch (Problem p) {
      return p;
    }
    throw new AssertionError("expected a problem");
  }

  @Test
  void refuses_a_declaration_that_cannot_be_bound_naming_it() {
    List<String> messages = new ArrayList<>();
    for (BodySchema.ObjectSchema schema : List.of(
        BodySchema.object().optional("colour", BodySchema.text(1, 5)),
        BodySchema.object().optional("upper_title", BodySchema.text(1, 5)),
        BodySchema.object().optional("born", BodySchema.text(1, 10)),
        BodySchema.object().optional("order", BodySchema.integer(0, Long.MAX_VALUE)),
        BodySchema.object().optional("tags", BodySchema.object()
            .optional("a", BodySchema.bool())).mergePatch())) {
      try {
        Assignments.create(ITEM, schema);
      } catch (IllegalArgumentException e) {
        messages.add(e.getMessage());
      }
    }
    assertThat(messages).containsExactly(
        "member colour is no field of item; fields: [id, title, order, big, weight, price, "
            + "rating, ref, born, at, active, tags, note, upper_title]",
        "field item.upper_title reads upper(k.title), not a column of kit_assignments; only a "
            + "column can be set",
        "member born " + BodySchema.text(1, 10).toJson().encode() + " cannot set item.born of "
            + "type DATE",
        "member order {\"type\":\"integer\",\"format\":\"int64\",\"minimum\":0} cannot set "
            + "item.order of type INT",
        "member tags {\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"a\":"
            + "{\"type\":\"boolean\"}}} cannot set item.tags of type JSON");
  }
}
