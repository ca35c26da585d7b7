package dev.brisk.docs.newcomer.tickets;

import static dev.brisk.docs.newcomer.tickets.TicketsApp.ALICE;
import static dev.brisk.docs.newcomer.tickets.TicketsApp.BOB;
import static dev.brisk.docs.newcomer.tickets.TicketsApp.ORGANIZER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ticketing API over HTTP against the test kit's PostgreSQL and Redis. */
class TicketsApiTest {

  private static final String SCHEMA = "tickets_" + UUID.randomUUID().toString().replace("-", "");
  private static TestBrisk app;
  private static long arena;
  private static long club;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(TicketsApp::new,
        Map.of("tickets-schema", SCHEMA, "rate-limiting", "off", "concurrency-limit", "off"));
    arena = insertVenue("Arena", "Lyon");
    club = insertVenue("Club", "Nantes");
    insertEvent(arena, "Opera", "2027-03-01T19:00:00Z", "25.50", 100);
    insertEvent(arena, "Ballet", "2027-03-10T19:00:00Z", "40.00", 100);
    insertEvent(arena, "Circus", "2027-04-02T15:00:00Z", "12.00", 100);
    insertEvent(club, "Jazz", "2027-03-05T21:00:00Z", "18.00", 50);
  }

  @AfterAll
  static void stop() {
    TestBrisk.await(app.running().context().db().query("DROP SCHEMA " + SCHEMA + " CASCADE"));
    app.close();
  }

  @Test
  void lists_a_venues_events_in_a_date_range() {
    JsonObject page = json(app.get("/api/events?venue_id=" + arena
        + "&from=2027-03-01T00:00:00Z&to=2027-03-31T23:59:59Z&sort=starts_at&fields=name"));
    assertThat(names(page.getJsonArray("data"))).containsExactly("Opera", "Ballet");
  }

  @Test
  void pages_with_a_cursor() {
    List<String> seen = new ArrayList<>();
    String uri = "/api/events?venue_id=" + arena + "&sort=-starts_at&limit=2&fields=name";
    JsonObject page = json(app.get(uri));
    seen.addAll(names(page.getJsonArray("data")));
    String next = page.getJsonObject("page").getString("next_cursor");
    assertThat(next).isNotNull();
    page = json(app.get(uri + "&cursor=" + next));
    seen.addAll(names(page.getJsonArray("data")));
    assertThat(page.getJsonObject("page").getBoolean("has_more")).isFalse();
    assertThat(seen).containsExactly("Circus", "Ballet", "Opera");
  }

  @Test
  void an_event_embeds_its_venue_and_a_venue_its_events() {
    long jazz = eventId("Jazz");
    HttpResponse<Buffer> event = app.get("/api/events/" + jazz
        + "?fields=name,price,venue(city)");
    // NUMERIC keeps the column's scale: 18.00, not 18 or 18.0.
    assertThat(event.bodyAsString())
        .isEqualTo("{\"name\":\"Jazz\",\"price\":18.00,\"venue\":{\"city\":\"Nantes\"}}");
    HttpResponse<Buffer> venue = app.get("/api/venues/" + arena + "?fields=name,events(name)");
    assertThat(venue.bodyAsString()).isEqualTo("{\"name\":\"Arena\",\"events\":"
        + "[{\"name\":\"Opera\"},{\"name\":\"Ballet\"},{\"name\":\"Circus\"}]}");
  }

  @Test
  void a_reservation_is_made_once_per_idempotency_key_and_takes_seats() {
    long event = insertEvent(club, "Quartet", "2027-05-01T20:00:00Z", "30.00", 5);
    String key = "k-" + UUID.randomUUID();
    HttpResponse<Buffer> first = reserve(event, 2, ALICE, key);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> again = reserve(event, 2, ALICE, key);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(again.getHeader("Location")).isEqualTo(first.getHeader("Location"))
        .isEqualTo("/api/reservations/" + first.bodyAsJsonObject().getLong("id"));
    assertThat(remaining(event)).isEqualTo(3);
  }

  @Test
  void refuses_a_reservation_for_more_seats_than_remain_with_409() {
    long event = insertEvent(club, "Duo", "2027-05-02T20:00:00Z", "30.00", 3);
    String key = "k-" + UUID.randomUUID();
    HttpResponse<Buffer> refused = reserve(event, 4, ALICE, key);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refused.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Event " + event + " has 3 seats left, fewer than the 4 asked for");
    // The refusal is recorded under its key: trying again later takes a new key.
    TestBrisk.await(app.running().context().db().query("UPDATE " + SCHEMA + ".events"
        + " SET remaining = 4 WHERE id = $1", Tuple.of(event)));
    HttpResponse<Buffer> replayed = reserve(event, 4, ALICE, key);
    assertThat(replayed.statusCode()).isEqualTo(409);
    assertThat(replayed.getHeader("Idempotent-Replayed")).isEqualTo("true");
    TestBrisk.await(app.running().context().db().query("UPDATE " + SCHEMA + ".events"
        + " SET remaining = 3 WHERE id = $1", Tuple.of(event)));
    assertThat(reserve(999_999, 1, ALICE, "k-" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(remaining(event)).isEqualTo(3);
  }

  @Test
  void a_caller_sees_only_its_own_reservations() {
    long event = insertEvent(club, "Trio", "2027-05-03T20:00:00Z", "30.00", 10);
    long alices = reserve(event, 1, ALICE, "k-" + UUID.randomUUID()).bodyAsJsonObject()
        .getLong("id");
    long bobs = reserve(event, 1, BOB, "k-" + UUID.randomUUID()).bodyAsJsonObject()
        .getLong("id");
    assertThat(app.get("/api/reservations/" + alices, "X-API-Key", ALICE).statusCode())
        .isEqualTo(200);
    HttpResponse<Buffer> other = app.get("/api/reservations/" + alices, "X-API-Key", BOB);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.bodyAsString())
        .isEqualTo(app.get("/api/reservations/999999", "X-API-Key", BOB).bodyAsString()
            .replace("999999", String.valueOf(alices)));
    JsonArray bobsList = json(app.get("/api/reservations?fields=id,event(name)&limit=100",
        "X-API-Key", BOB)).getJsonArray("data");
    assertThat(bobsList.stream().map(o -> ((JsonObject) o).getLong("id")))
        .contains(bobs).doesNotContain(alices);
    assertThat(app.get("/api/reservations").statusCode()).isEqualTo(401);
  }

  @Test
  void exports_an_events_reservations_as_ndjson() {
    long event = insertEvent(club, "Solo", "2027-05-04T20:00:00Z", "30.00", 10);
    reserve(event, 1, ALICE, "k-" + UUID.randomUUID());
    reserve(event, 3, BOB, "k-" + UUID.randomUUID());
    HttpResponse<Buffer> export = app.get("/api/events/" + event
        + "/reservations/export?fields=user_id,seats", "X-API-Key", ORGANIZER);
    assertThat(export.statusCode()).as(export.bodyAsString()).isEqualTo(200);
    assertThat(export.getHeader("Content-Type")).startsWith("application/x-ndjson");
    assertThat(export.bodyAsString().lines())
        .containsExactly("{\"user_id\":1,\"seats\":1}", "{\"user_id\":2,\"seats\":3}");
    assertThat(app.get("/api/events/" + event + "/reservations/export", "X-API-Key", ALICE)
        .statusCode()).isEqualTo(403);
  }

  @Test
  void an_event_read_answers_304_until_a_reservation_changes_it() {
    long event = insertEvent(club, "Choir", "2027-05-05T20:00:00Z", "30.00", 10);
    HttpResponse<Buffer> first = app.get("/api/events/" + event);
    String etag = first.getHeader("ETag");
    assertThat(etag).isNotNull();
    assertThat(app.get("/api/events/" + event, "If-None-Match", etag).statusCode())
        .isEqualTo(304);
    reserve(event, 2, ALICE, "k-" + UUID.randomUUID());
    HttpResponse<Buffer> changed = app.get("/api/events/" + event, "If-None-Match", etag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.bodyAsJsonObject().getInteger("remaining")).isEqualTo(8);
  }

  @Test
  void a_batch_reserves_and_reads_the_event_after_it() {
    long event = insertEvent(club, "Band", "2027-05-06T20:00:00Z", "30.00", 10);
    JsonObject batch = new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("id", "r").put("method", "POST")
            .put("path", "/api/events/" + event + "/reservations")
            .put("headers", new JsonObject().put("Idempotency-Key", "k-" + UUID.randomUUID()))
            .put("body", new JsonObject().put("seats", 4)))
        .add(new JsonObject().put("id", "e").put("method", "GET")
            .put("path", "/api/events/" + event + "?fields=remaining")
            .put("depends_on", new JsonArray().add("r"))));
    HttpResponse<Buffer> resp = app.request(HttpMethod.POST, "/api/batch", batch,
        "X-API-Key", ALICE);
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
    JsonArray responses = resp.bodyAsJsonObject().getJsonArray("responses");
    assertThat(responses.getJsonObject(0).getInteger("status")).isEqualTo(201);
    assertThat(responses.getJsonObject(1).getJsonObject("body").getInteger("remaining"))
        .isEqualTo(6);
  }

  @Test
  void fifty_concurrent_reservations_for_the_last_ten_seats_give_exactly_ten() {
    long event = insertEvent(club, "Finale", "2027-05-07T20:00:00Z", "30.00", 10);
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(app.send(HttpMethod.POST, "/api/events/" + event + "/reservations",
          new JsonObject().put("seats", 1).toBuffer(), "Content-Type", "application/json",
          "X-API-Key", i % 2 == 0 ? ALICE : BOB, "Idempotency-Key", "k-" + UUID.randomUUID()));
    }
    TestBrisk.await(Future.join(sent));
    List<Integer> statuses = sent.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(10);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(40);
    assertThat(remaining(event)).isZero();
    Row count = TestBrisk.await(app.running().context().db().query("SELECT count(*) AS n"
        + " FROM " + SCHEMA + ".reservations WHERE event_id = $1",
        Tuple.of(event))).iterator().next();
    assertThat(count.getLong("n")).isEqualTo(10);
  }

  @Test
  void concurrent_requests_with_one_idempotency_key_reserve_once() {
    long event = insertEvent(club, "Rehearsal", "2027-06-07T20:00:00Z", "30.00", 10);
    String key = "k-" + UUID.randomUUID();
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(app.send(HttpMethod.POST, "/api/events/" + event + "/reservations",
          new JsonObject().put("seats", 1).toBuffer(), "Content-Type", "application/json",
          "X-API-Key", ALICE, "Idempotency-Key", key));
    }
    TestBrisk.await(Future.join(sent));
    assertThat(sent.stream().map(f -> f.result().statusCode())).containsOnly(201);
    assertThat(sent.stream().map(f -> f.result().bodyAsJsonObject().getLong("id")).distinct())
        .hasSize(1);
    assertThat(remaining(event)).isEqualTo(9);
    HttpResponse<Buffer> other = reserve(event, 2, ALICE, key);
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Idempotency-Key was already used for a different request");
  }

  @Test
  void refuses_bad_reservations_with_problems() {
    long event = insertEvent(club, "Matinee", "2027-06-08T15:00:00Z", "30.00", 10);
    HttpResponse<Buffer> text = app.request(HttpMethod.POST, "/api/events/" + event
        + "/reservations", new JsonObject().put("seats", "two"), "X-API-Key", ALICE);
    assertThat(text.statusCode()).isEqualTo(422);
    assertThat(text.bodyAsJsonObject().getString("detail"))
        .isEqualTo("/seats: seats must be an integer, was a string");
    HttpResponse<Buffer> noUser = reserve(event, 1, ORGANIZER, "k-" + UUID.randomUUID());
    assertThat(noUser.statusCode()).isEqualTo(403);
    assertThat(app.request(HttpMethod.POST, "/api/events/" + event + "/reservations",
        new JsonObject().put("seats", 1)).statusCode()).isEqualTo(401);
    assertThat(remaining(event)).isEqualTo(10);
  }

  @Test
  void the_export_of_an_absent_event_is_a_404() {
    HttpResponse<Buffer> absent = app.get("/api/events/424242/reservations/export",
        "X-API-Key", ORGANIZER);
    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(absent.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Event 424242 does not exist");
  }

  @Test
  void the_reservation_routes_are_described_with_their_body_and_ids() {
    JsonObject post = json(app.get("/openapi.json")).getJsonObject("paths")
        .getJsonObject("/api/events/{id}/reservations").getJsonObject("post");
    assertThat(post.getJsonObject("responses").fieldNames()).contains("201", "409", "422");
    assertThat(post.getJsonObject("requestBody").encode()).contains("\"seats\"");
    assertThat(post.getJsonArray("parameters").encode()).contains("Idempotency-Key");
    JsonObject export = json(app.get("/openapi.json")).getJsonObject("paths")
        .getJsonObject("/api/events/{id}/reservations/export").getJsonObject("get");
    assertThat(export.getJsonArray("parameters").getJsonObject(0).getJsonObject("schema")
        .getString("type")).isEqualTo("integer");
  }

  private static HttpResponse<Buffer> reserve(long event, int seats, String key, String idem) {
    return app.request(HttpMethod.POST, "/api/events/" + event + "/reservations",
        new JsonObject().put("seats", seats), "X-API-Key", key, "Idempotency-Key", idem);
  }

  private static JsonObject json(HttpResponse<Buffer> resp) {
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
    return resp.bodyAsJsonObject();
  }

  private static List<String> names(JsonArray data) {
    return data.stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }

  private static long insertVenue(String name, String city) {
    return TestBrisk.await(app.running().context().db().query("INSERT INTO " + SCHEMA
        + ".venues (name, city) VALUES ($1, $2) RETURNING id", Tuple.of(name, city)))
        .iterator().next().getLong("id");
  }

  private static long insertEvent(long venue, String name, String starts, String price,
      int capacity) {
    return TestBrisk.await(app.running().context().db().query("INSERT INTO " + SCHEMA
        + ".events (venue_id, name, starts_at, ends_at, price, capacity, remaining)"
        + " VALUES ($1, $2, $3, $3 + interval '3 hours', $4, $5, $5) RETURNING id",
        Tuple.of(venue, name, OffsetDateTime.parse(starts), new BigDecimal(price), capacity)))
        .iterator().next().getLong("id");
  }

  private static long eventId(String name) {
    return TestBrisk.await(app.running().context().db().query("SELECT id FROM " + SCHEMA
        + ".events WHERE name = $1", Tuple.of(name))).iterator().next().getLong("id");
  }

  private static int remaining(long event) {
    return TestBrisk.await(app.running().context().db().query("SELECT remaining FROM " + SCHEMA
        + ".events WHERE id = $1", Tuple.of(event))).iterator().next().getInteger("remaining");
  }
}
