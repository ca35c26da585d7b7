package dev.brisk.docs.newcomer.classes;

import static dev.brisk.docs.newcomer.classes.ClassesApp.ANN;
import static dev.brisk.docs.newcomer.classes.ClassesApp.BEN;
import static dev.brisk.docs.newcomer.classes.ClassesApp.DESK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.docs.newcomer.classes.proto.FitnessClass;
import dev.brisk.docs.newcomer.classes.proto.FitnessClassPage;
import dev.brisk.test.TestBrisk;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fitness studio's class bookings over HTTP against the test kit's PostgreSQL and Redis. */
class ClassesApiTest {

  private static final String SCHEMA = "classes_" + UUID.randomUUID().toString().replace("-", "");
  private static TestBrisk app;
  private static long loft;
  private static long dock;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(ClassesApp::new,
        Map.of("classes-schema", SCHEMA, "rate-limiting", "off", "concurrency-limit", "off"));
    loft = insertStudio("Loft", "Lyon");
    dock = insertStudio("Dock", "Nantes");
    // Ids in another order than start times: pages and streams must follow the start time.
    insertClass(loft, "Pilates", "2030-03-03T09:00:00Z", 12);
    insertClass(loft, "Yoga", "2030-03-01T07:00:00Z", 12);
    insertClass(loft, "Spin", "2030-03-02T18:00:00Z", 20);
    insertClass(loft, "Barre", "2030-03-01T07:00:00Z", 8);
    insertClass(loft, "Boxing", "2020-01-01T07:00:00Z", 10);
  }

  @AfterAll
  static void stop() {
    TestBrisk.await(app.running().context().db().query("DROP SCHEMA " + SCHEMA + " CASCADE"));
    app.close();
  }

  @Test
  void classes_page_by_start_time_then_id_with_a_cursor() {
    String uri = "/api/classes?studio_id=" + loft + "&from=2030-01-01T00:00:00Z&limit=2"
        + "&fields=title,starts_at";
    JsonObject first = json(app.get(uri));
    List<String> seen = new ArrayList<>(titles(first.getJsonArray("data")));
    String next = first.getJsonObject("page").getString("next_cursor");
    JsonObject second = json(app.get(uri + "&cursor=" + next));
    seen.addAll(titles(second.getJsonArray("data")));
    assertThat(second.getJsonObject("page").getBoolean("has_more")).isFalse();
    // Yoga and Barre start together: the id breaks the tie.
    assertThat(seen).containsExactly("Yoga", "Barre", "Spin", "Pilates");
    assertThat(first.getJsonArray("data").getJsonObject(0).getString("starts_at"))
        .isEqualTo("2030-03-01T07:00:00Z");
    HttpResponse<Buffer> back = app.get(uri + "&cursor="
        + second.getJsonObject("page").getString("prev_cursor"));
    assertThat(titles(json(back).getJsonArray("data"))).containsExactly("Yoga", "Barre");
  }

  @Test
  void a_class_embeds_its_studio_and_its_bookings_with_their_members() {
    long id = insertClass(dock, "Rowing", "2030-04-01T10:00:00Z", 5);
    assertThat(book(id, ANN, null).statusCode()).isEqualTo(201);
    assertThat(book(id, BEN, null).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> resp = app.get("/api/classes/" + id
        + "?fields=title,seats_left,studio(name),bookings(member(name))");
    assertThat(resp.bodyAsString()).isEqualTo("{\"title\":\"Rowing\",\"seats_left\":3,"
        + "\"studio\":{\"name\":\"Dock\"},"
        + "\"bookings\":[{\"member\":{\"name\":\"Ann\"}},{\"member\":{\"name\":\"Ben\"}}]}");
  }

  @Test
  void a_booking_embeds_its_member_and_its_class_with_the_studio() {
    long id = insertClass(dock, "Kettlebell", "2030-04-02T10:00:00Z", 5);
    long booking = book(id, ANN, null).bodyAsJsonObject().getLong("id");
    HttpResponse<Buffer> resp = app.get("/api/bookings/" + booking
        + "?fields=member(name),class(title,studio(city))", "X-API-Key", ANN);
    assertThat(resp.bodyAsString()).isEqualTo("{\"member\":{\"name\":\"Ann\"},"
        + "\"class\":{\"title\":\"Kettlebell\",\"studio\":{\"city\":\"Nantes\"}}}");
    // Another member's booking is as absent as one that does not exist.
    assertThat(app.get("/api/bookings/" + booking, "X-API-Key", BEN).statusCode())
        .isEqualTo(404);
    assertThat(app.get("/api/bookings/" + booking, "X-API-Key", DESK).statusCode())
        .isEqualTo(200);
  }

  @Test
  void a_page_of_classes_loads_their_bookings_and_members_with_one_query_each() {
    long studio = insertStudio("Barn", "Dijon");
    for (int i = 0; i < 6; i++) {
      long id = insertClass(studio, "Class " + i, "2030-05-0" + (i + 1) + "T08:00:00Z", 4);
      book(id, ANN, null);
      book(id, BEN, null);
    }
    HttpResponse<Buffer> resp = app.get("/api/classes?studio_id=" + studio
        + "&limit=6&fields=title,bookings(member(name))");
    JsonArray data = json(resp).getJsonArray("data");
    assertThat(data).hasSize(6);
    assertThat(data.getJsonObject(5).getJsonArray("bookings")).hasSize(2);
    // The page, the bookings of all six classes, the members of all twelve bookings.
    assertThat(resp.getHeader("Server-Timing")).contains("desc=\"3 queries\"");
  }

  @Test
  void a_full_class_is_a_409_and_cancelling_frees_its_seat() {
    long id = insertClass(dock, "Climbing", "2030-04-03T10:00:00Z", 1);
    HttpResponse<Buffer> ann = book(id, ANN, null);
    assertThat(ann.statusCode()).isEqualTo(201);
    assertThat(ann.getHeader("Location"))
        .isEqualTo("/api/bookings/" + ann.bodyAsJsonObject().getLong("id"));
    HttpResponse<Buffer> full = book(id, BEN, null);
    assertThat(full.statusCode()).isEqualTo(409);
    assertThat(full.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(full.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Class " + id + " is full: all 1 seats are booked");
    HttpResponse<Buffer> twice = book(id, ANN, null);
    assertThat(twice.statusCode()).isEqualTo(409);
    assertThat(twice.bodyAsJsonObject().getString("code")).isEqualTo("class_full");

    String booking = ann.getHeader("Location");
    assertThat(app.request(HttpMethod.DELETE, booking, null, "X-API-Key", BEN).statusCode())
        .isEqualTo(404);
    assertThat(app.request(HttpMethod.DELETE, booking, null, "X-API-Key", ANN).statusCode())
        .isEqualTo(204);
    assertThat(seatsLeft(id)).isEqualTo(1);
    assertThat(book(id, BEN, null).statusCode()).isEqualTo(201);
    assertThat(seatsLeft(id)).isEqualTo(0);
    assertThat(book(999_999, BEN, null).statusCode()).isEqualTo(404);
  }

  @Test
  void two_members_racing_for_the_last_seat_get_one_booking_and_one_409() {
    long id = insertClass(dock, "Sauna", "2030-04-10T10:00:00Z", 1);
    String key = "k-" + UUID.randomUUID();
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (String member : List.of(ANN, BEN, ANN)) {
      // Ann sends her booking twice at once under one key: it is made once, then replayed.
      sent.add(app.send(HttpMethod.POST, "/api/classes/" + id + "/bookings", null,
          "X-API-Key", member, "Idempotency-Key", member.equals(ANN) ? key : null));
    }
    TestBrisk.await(Future.join(sent));
    List<Integer> statuses = sent.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses.get(0)).isEqualTo(statuses.get(2));
    assertThat(statuses).containsOnly(201, 409);
    assertThat(seatsLeft(id)).isZero();
    long bookings = TestBrisk.await(app.running().context().db().query("SELECT count(*) FROM "
        + SCHEMA + ".bookings WHERE class_id = $1", Tuple.of(id))).iterator().next().getLong(0);
    assertThat(bookings).isEqualTo(1);
  }

  @Test
  void a_member_cannot_book_one_class_twice() {
    long id = insertClass(dock, "Judo", "2030-04-04T10:00:00Z", 5);
    assertThat(book(id, ANN, null).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> again = book(id, ANN, null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("code")).isEqualTo("already_booked");
    assertThat(seatsLeft(id)).isEqualTo(4);
  }

  @Test
  void a_booking_with_a_body_is_refused_rather_than_made_for_the_caller() {
    long id = insertClass(dock, "Capoeira", "2030-04-09T10:00:00Z", 5);
    // Booking takes no body: Ann cannot book for Ben, and must not be booked herself instead.
    HttpResponse<Buffer> refused = app.request(HttpMethod.POST, "/api/classes/" + id
        + "/bookings", new JsonObject().put("member_id", 2), "X-API-Key", ANN);
    assertThat(refused.statusCode()).isEqualTo(415);
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refused.bodyAsJsonObject().getString("detail")).isEqualTo("This endpoint takes"
        + " no request body; send none (this one had 15 bytes of application/json)");
    assertThat(seatsLeft(id)).isEqualTo(5);
    assertThat(book(id, ANN, null).statusCode()).isEqualTo(201);
  }

  @Test
  void a_cancel_with_a_body_is_refused_and_cancels_nothing() {
    long id = insertClass(dock, "Kendo", "2030-04-10T10:00:00Z", 5);
    String booking = book(id, ANN, null).getHeader("Location");
    // A DELETE route buffers no body: the head announces one, and the write must not run.
    HttpResponse<Buffer> refused = app.request(HttpMethod.DELETE, booking,
        new JsonObject().put("member_id", 2), "X-API-Key", ANN);
    assertThat(refused.statusCode()).isEqualTo(415);
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refused.bodyAsJsonObject().getString("detail")).isEqualTo("This endpoint takes"
        + " no request body; send none (this one had 15 bytes of application/json)");
    assertThat(seatsLeft(id)).isEqualTo(4);
    assertThat(app.request(HttpMethod.DELETE, booking, null, "X-API-Key", ANN).statusCode())
        .isEqualTo(204);
  }

  @Test
  void a_booking_is_made_once_per_idempotency_key() {
    long id = insertClass(dock, "Salsa", "2030-04-05T10:00:00Z", 5);
    String key = "k-" + UUID.randomUUID();
    HttpResponse<Buffer> first = book(id, ANN, key);
    HttpResponse<Buffer> again = book(id, ANN, key);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(seatsLeft(id)).isEqualTo(4);
  }

  @Test
  void a_booking_changes_the_class_etag_and_its_cached_page() {
    long id = insertClass(dock, "Tango", "2030-04-06T10:00:00Z", 5);
    String uri = "/api/classes/" + id + "?fields=title,seats_left";
    HttpResponse<Buffer> before = app.get(uri);
    String etag = before.getHeader("ETag");
    assertThat(etag).isNotNull();
    assertThat(app.get(uri, "If-None-Match", etag).statusCode()).isEqualTo(304);
    String page = "/api/classes?studio_id=" + dock + "&from=2030-04-06T00:00:00Z&limit=1"
        + "&fields=seats_left";
    assertThat(json(app.get(page)).getJsonArray("data").getJsonObject(0).getInteger("seats_left"))
        .isEqualTo(5);

    long booking = book(id, BEN, null).bodyAsJsonObject().getLong("id");
    HttpResponse<Buffer> after = app.get(uri, "If-None-Match", etag);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.bodyAsJsonObject().getInteger("seats_left")).isEqualTo(4);
    assertThat(after.getHeader("ETag")).isNotEqualTo(etag);
    assertThat(json(app.get(page)).getJsonArray("data").getJsonObject(0).getInteger("seats_left"))
        .isEqualTo(4);

    app.request(HttpMethod.DELETE, "/api/bookings/" + booking, null, "X-API-Key", BEN);
    HttpResponse<Buffer> freed = app.get(uri, "If-None-Match", after.getHeader("ETag"));
    assertThat(freed.statusCode()).isEqualTo(200);
    assertThat(freed.bodyAsJsonObject().getInteger("seats_left")).isEqualTo(5);
  }

  @Test
  void classes_answer_protobuf_when_asked() throws IOException {
    long id = insertClass(dock, "Zumba", "2030-04-07T10:00:00Z", 9);
    HttpResponse<Buffer> one = app.get("/api/classes/" + id + "?fields=title,studio(name)",
        "Accept", "application/x-protobuf");
    assertThat(one.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    FitnessClass zumba = FitnessClass.parseFrom(one.body().getBytes());
    assertThat(zumba.getTitle()).isEqualTo("Zumba");
    assertThat(zumba.getStudio().getName()).isEqualTo("Dock");
    assertThat(zumba.hasCapacity()).isFalse();

    HttpResponse<Buffer> page = app.get("/api/classes?studio_id=" + loft
        + "&from=2030-01-01T00:00:00Z&limit=2&fields=title", "Accept", "application/x-protobuf");
    FitnessClassPage classes = FitnessClassPage.parseFrom(page.body().getBytes());
    assertThat(classes.getDataList()).extracting(FitnessClass::getTitle)
        .containsExactly("Yoga", "Barre");
    assertThat(classes.getPage().getHasMore()).isTrue();
  }

  @Test
  void upcoming_classes_stream_in_start_order_and_resume_after_the_last_event() throws IOException {
    HttpResponse<Buffer> ndjson = app.get("/api/classes/upcoming?studio_id=" + loft
        + "&fields=title,studio(name)");
    assertThat(ndjson.getHeader("Content-Type")).startsWith("application/x-ndjson");
    // Boxing started in 2020: not upcoming.
    assertThat(ndjson.bodyAsString().lines().toList()).containsExactly(
        "{\"title\":\"Yoga\",\"studio\":{\"name\":\"Loft\"}}",
        "{\"title\":\"Barre\",\"studio\":{\"name\":\"Loft\"}}",
        "{\"title\":\"Spin\",\"studio\":{\"name\":\"Loft\"}}",
        "{\"title\":\"Pilates\",\"studio\":{\"name\":\"Loft\"}}");

    String events = app.get("/api/classes/upcoming?studio_id=" + loft + "&fields=title",
        "Accept", "text/event-stream").bodyAsString();
    // An event's id is its position: the start time and the class id.
    String barre = "2030-03-01T07:00:00Z/" + classId("Barre");
    assertThat(events).contains("id: " + barre + "\nevent: class\ndata: {\"title\":\"Barre\"}");
    HttpResponse<Buffer> sse = app.get("/api/classes/upcoming?studio_id=" + loft
        + "&fields=title", "Accept", "text/event-stream", "Last-Event-ID", barre);
    assertThat(sse.bodyAsString()).contains("id: 2030-03-02T18:00:00Z/" + classId("Spin")
        + "\nevent: class\ndata: {\"title\":\"Spin\"}\n")
        .contains("data: {\"title\":\"Pilates\"}")
        .doesNotContain("Yoga").doesNotContain("Barre").contains("event: end");

    HttpResponse<Buffer> proto = app.get("/api/classes/upcoming?studio_id=" + loft
        + "&fields=title", "Accept", "application/x-protobuf");
    ByteArrayInputStream in = new ByteArrayInputStream(proto.body().getBytes());
    List<String> titles = new ArrayList<>();
    for (FitnessClass c = FitnessClass.parseDelimitedFrom(in); c != null;
        c = FitnessClass.parseDelimitedFrom(in)) {
      titles.add(c.getTitle());
    }
    assertThat(titles).containsExactly("Yoga", "Barre", "Spin", "Pilates");

    HttpResponse<Buffer> bad = app.get("/api/classes/upcoming", "Accept", "text/event-stream",
        "Last-Event-ID", "yesterday");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void a_batch_reads_classes_books_and_reads_the_seat_it_took() {
    long id = insertClass(dock, "Aerial", "2030-04-08T10:00:00Z", 3);
    JsonObject batch = new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("id", "a").put("method", "GET")
            .put("path", "/api/classes/" + id + "?fields=title,bookings(member(name))"))
        .add(new JsonObject().put("id", "s").put("method", "GET")
            .put("path", "/api/studios/" + dock + "?fields=name"))
        // Independent sub-requests run concurrently: the booking waits for the first read.
        .add(new JsonObject().put("id", "b").put("method", "POST")
            .put("path", "/api/classes/" + id + "/bookings")
            .put("depends_on", new JsonArray().add("a")))
        .add(new JsonObject().put("id", "c").put("method", "GET")
            .put("path", "/api/classes/" + id + "?fields=seats_left,bookings(member(name))")
            .put("depends_on", new JsonArray().add("b"))));
    HttpResponse<Buffer> resp = app.request(HttpMethod.POST, "/api/batch", batch,
        "X-API-Key", BEN);
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
    JsonArray out = resp.bodyAsJsonObject().getJsonArray("responses");
    assertThat(out.getJsonObject(0).getJsonObject("body").encode())
        .isEqualTo("{\"title\":\"Aerial\",\"bookings\":[]}");
    assertThat(out.getJsonObject(1).getJsonObject("body").getString("name")).isEqualTo("Dock");
    assertThat(out.getJsonObject(2).getInteger("status")).isEqualTo(201);
    assertThat(out.getJsonObject(3).getJsonObject("body").encode())
        .isEqualTo("{\"seats_left\":2,\"bookings\":[{\"member\":{\"name\":\"Ben\"}}]}");
  }

  @Test
  void the_api_description_lists_the_routes_and_the_booking_problems() {
    String text = app.get("/openapi.json").bodyAsString();
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    assertThat(new OpenAPIV3Parser().readContents(text, null, options).getMessages()).isEmpty();
    JsonObject doc = new JsonObject(text);
    SchemaRepository repository = TestBrisk.await(OpenAPIVersion.V3_1.getRepository(app.vertx(),
        "app:///"));
    OutputUnit valid = TestBrisk.await(OpenAPIVersion.V3_1.validateContract(app.vertx(),
        repository, doc));
    assertThat(valid.getValid()).as(String.valueOf(valid.getErrors())).isTrue();
    JsonObject paths = doc.getJsonObject("paths");
    assertThat(paths.fieldNames()).contains("/api/classes", "/api/classes/{id}",
        "/api/classes/upcoming", "/api/classes/{id}/bookings", "/api/bookings/{id}",
        "/api/studios/{id}", "/api/batch");
    JsonObject bookOp = paths.getJsonObject("/api/classes/{id}/bookings").getJsonObject("post");
    assertThat(bookOp.getJsonObject("responses").fieldNames()).contains("201", "404", "409");
    assertThat(bookOp.getJsonArray("parameters").stream()
        .map(p -> ((JsonObject) p).getString("name"))).contains("id", "Idempotency-Key");
    JsonObject list = paths.getJsonObject("/api/classes").getJsonObject("get");
    JsonObject sort = parameter(list, "sort");
    assertThat(sort.getJsonObject("schema").getJsonArray("enum"))
        .contains("starts_at", "-starts_at");
    // The hand-written stream documents fields and studio_id as the endpoint's list does.
    JsonObject stream = paths.getJsonObject("/api/classes/upcoming").getJsonObject("get");
    assertThat(parameter(stream, "fields")).isEqualTo(parameter(list, "fields"));
    assertThat(parameter(stream, "studio_id").getJsonObject("schema"))
        .isEqualTo(parameter(list, "studio_id").getJsonObject("schema"));
    assertThat(doc.getJsonObject("components").getJsonObject("schemas").fieldNames())
        .contains("class", "studio", "booking", "member");
  }

  @Test
  void rate_limits_follow_the_callers_tier() {
    try (TestBrisk limited = TestBrisk.start(ClassesApp::new, Map.of("classes-schema", SCHEMA,
        "rate-limits", "free=1/m:3;pro=100/s:200;anonymous=100/s:200", "concurrency-limit",
        "off"))) {
      String uri = "/api/studios/" + loft + "?fields=name";
      List<Integer> ann = new ArrayList<>();
      HttpResponse<Buffer> last = null;
      for (int i = 0; i < 4; i++) {
        last = limited.get(uri, "X-API-Key", ANN);
        ann.add(last.statusCode());
      }
      assertThat(ann).containsExactly(200, 200, 200, 429);
      assertThat(last.getHeader("Retry-After")).isNotNull();
      assertThat(last.bodyAsJsonObject().getString("type"))
          .isEqualTo("https://brisk.dev/problems/rate-limited");
      for (int i = 0; i < 4; i++) {
        HttpResponse<Buffer> ben = limited.get(uri, "X-API-Key", BEN);
        assertThat(ben.statusCode()).isEqualTo(200);
        assertThat(ben.getHeader("RateLimit-Policy")).isEqualTo("\"pro\";q=200;w=2");
      }
    }
  }

  private static JsonObject parameter(JsonObject operation, String name) {
    return operation.getJsonArray("parameters").stream().map(p -> (JsonObject) p)
        .filter(p -> p.getString("name").equals(name)).findFirst().orElseThrow();
  }

  private static HttpResponse<Buffer> book(long classId, String key, String idempotencyKey) {
    return app.request(HttpMethod.POST, "/api/classes/" + classId + "/bookings", null,
        "X-API-Key", key, "Idempotency-Key", idempotencyKey);
  }

  private static int seatsLeft(long classId) {
    return json(app.get("/api/classes/" + classId + "?fields=seats_left"))
        .getInteger("seats_left");
  }

  private static JsonObject json(HttpResponse<Buffer> resp) {
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
    return resp.bodyAsJsonObject();
  }

  private static List<String> titles(JsonArray data) {
    return data.stream().map(o -> ((JsonObject) o).getString("title")).toList();
  }

  private static long classId(String title) {
    return TestBrisk.await(app.running().context().db().query("SELECT id FROM " + SCHEMA
        + ".classes WHERE title = $1", Tuple.of(title))).iterator().next().getLong("id");
  }

  private static long insertStudio(String name, String city) {
    return TestBrisk.await(app.running().context().db().query("INSERT INTO " + SCHEMA
        + ".studios (name, city) VALUES ($1, $2) RETURNING id", Tuple.of(name, city)))
        .iterator().next().getLong("id");
  }

  private static long insertClass(long studio, String title, String startsAt, int capacity) {
    return TestBrisk.await(app.running().context().db().query("INSERT INTO " + SCHEMA
            + ".classes (studio_id, title, starts_at, capacity, seats_left)"
            + " VALUES ($1, $2, $3, $4, $4) RETURNING id",
        Tuple.of(studio, title, OffsetDateTime.parse(startsAt), capacity)))
        .iterator().next().getLong("id");
  }
}
