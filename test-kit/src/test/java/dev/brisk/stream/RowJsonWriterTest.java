package dev.brisk.stream;

import dev.brisk.internal.Instants;
import dev.brisk.internal.RandomText;
import dev.brisk.test.TestBrisk;
import static dev.brisk.fields.FieldType.BOOL;
import static dev.brisk.fields.FieldType.DATE;
import static dev.brisk.fields.FieldType.DOUBLE;
import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.JSON;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.NUMERIC;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.db.Db;
import dev.brisk.db.DbOptions;
import dev.brisk.devservices.DevServices;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast row writer produces exactly the bytes of {@code mask.toJson(row).toBuffer()}. */
class RowJsonWriterTest {

  private static final Resource THING = Resource.builder("thing", "things", "t")
      .field("id", "id", LONG).field("name", "name", TEXT).field("n", "n", INT)
      .field("at", "at", TIMESTAMP).field("flag", "flag", BOOL).field("price", "price", NUMERIC)
      .field("ratio", "ratio", DOUBLE).field("day", "day", DATE).field("doc", "doc", JSON)
      .build();
  private static final String SELECT = "SELECT $1::int8 AS id, $2::text AS name, $3::int4 AS n, "
      + "$4::timestamptz AS at, $5::bool AS flag, $6::numeric AS price, $7::float8 AS ratio, "
      + "$8::date AS day, $9::jsonb AS doc";
  private static final String PALETTE = "aZ09 \"\\/\b\f\n\r\t\u0001\u001f\u007féß中€"
      + "\uD83D\uDE00";

  @Test
  void matches_json_object_encoding_for_random_rows() {
    Vertx vertx = Vertx.vertx();
    Db db = Db.create(vertx, DbOptions.fromUrl(DevServices.shared().pgUrl())
        .withRegistry(new SimpleMeterRegistry()));
    SplittableRandom random = new SplittableRandom(20260214L);
    FieldMask all = FieldMask.parse(THING, "id,name,n,at,flag,price,ratio,day,doc");
    FieldMask some = FieldMask.parse(THING, "name,at");
    try {
      for (int i = 0; i < 300; i++) {
        Row row = TestBrisk.await(db.query(SELECT, params(random))).iterator().next();
        for (FieldMask mask : new FieldMask[] {all, some}) {
          Buffer fast = Buffer.buffer();
          RowJson.writer(mask).accept(row, fast);
          assertThat(fast.toString(StandardCharsets.UTF_8))
              .isEqualTo(mask.toJson(row).toBuffer().toString(StandardCharsets.UTF_8));
        }
      }
    } finally {
      TestBrisk.await(db.close());
      TestBrisk.await(vertx.close());
    }
  }

  private static Tuple params(SplittableRandom r) {
    return Tuple.tuple()
        .addValue(maybe(r, r.nextLong()))
        .addValue(maybe(r, text(r)))
        .addValue(maybe(r, r.nextInt()))
        .addValue(maybe(r, OffsetDateTime.ofInstant(Instant.ofEpochSecond(
            r.nextLong(-30_000_000_000L, 200_000_000_000L), r.nextInt(1_000_000) * 1000L),
            ZoneOffset.UTC)))
        .addValue(maybe(r, r.nextBoolean()))
        .addValue(maybe(r, new BigDecimal(r.nextLong(-1_000_000, 1_000_000)).movePointLeft(2)))
        .addValue(maybe(r, r.nextDouble() * 1e6))
        .addValue(maybe(r, LocalDate.ofEpochDay(r.nextInt(-700_000, 2_900_000))))
        .addValue(maybe(r, new JsonObject().put("k", text(r)).put("n", r.nextInt(100))));
  }

  private static Object maybe(SplittableRandom r, Object value) {
    return r.nextInt(8) == 0 ? null : value;
  }

  private static String text(SplittableRandom r) {
    return RandomText.of(r, PALETTE);
  }

  @Test
  void instants_match_iso_instant_in_years_1_to_9999() {
    SplittableRandom random = new SplittableRandom(7L);
    byte[] out = new byte[40];
    for (int i = 0; i < 100_000; i++) {
      long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L);
      int nanos = switch (random.nextInt(4)) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      assertThat(Instants.fits(instant)).isTrue();
      int len = Instants.write(instant, out, 0);
      assertThat(new String(out, 0, len, StandardCharsets.US_ASCII))
          .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }
  }
}
