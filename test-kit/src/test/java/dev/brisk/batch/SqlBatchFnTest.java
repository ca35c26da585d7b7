package dev.brisk.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.db.RecordingSql;
import dev.brisk.db.Sql;
import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import dev.brisk.test.TestPg;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SqlBatchFn} against a real PostgreSQL. */
@ExtendWith(VertxExtension.class)
class SqlBatchFnTest {

  private static final String SCHEMA = """
      DROP TABLE IF EXISTS batch_item;
      DROP TABLE IF EXISTS batch_product;
      CREATE TABLE batch_product (id bigint PRIMARY KEY, name text NOT NULL);
      CREATE TABLE batch_item (order_id int NOT NULL, line int NOT NULL, sku text NOT NULL);
      INSERT INTO batch_product VALUES (1, 'kettle'), (2, 'teapot'), (3, 'mug');
      INSERT INTO batch_item VALUES (10, 1, 'A'), (10, 2, 'B'), (20, 1, 'C');
      """;

  private final DataLoaderOptions options =
      DataLoaderOptions.defaults().withRegistry(new SimpleMeterRegistry());
  private Pool pool;
  private RecordingSql counting;
  private List<Tuple> statements;

  @BeforeEach
  void schema(Vertx vertx, VertxTestContext test) {
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(TestPg.url()))
        .using(vertx).build();
    counting = new RecordingSql(Sql.of(pool));
    statements = counting.params();
    pool.query(SCHEMA).execute().onComplete(test.succeedingThenComplete());
  }

  @AfterEach
  void close(VertxTestContext test) {
    pool.close().onComplete(test.succeedingThenComplete());
  }

  @Test
  void loads_the_keys_of_one_turn_with_one_any_query(Vertx vertx, VertxTestContext test) {
    BatchFn<Long, String> names = SqlBatchFn.byKey(counting,
        "SELECT id, name FROM batch_product WHERE id = ANY($1)",
        row -> row.getLong("id"), row -> row.getString("name"));
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      DataLoader<Long, String> loader =
          DataLoaderScope.create(context).loader("product", names, options);
      Future<String> first = loader.load(1L);
      Future<List<String>> rest = loader.loadMany(List.of(3L, 999L, 2L));
      Future.all(first, rest).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(first.result()).isEqualTo("kettle");
        assertThat(rest.result()).containsExactly("mug", null, "teapot");
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).getValue(0)).isEqualTo(new Long[] {1L, 3L, 999L, 2L});
        test.completeNow();
      })));
    });
  }

  /** The example of docs/batching.md, on a request context. */
  @Test
  void docs_example_batches_a_request_and_maps_missing_rows_to_not_found(
      Vertx vertx, VertxTestContext test) {
    BatchFn<Long, String> productsById = SqlBatchFn.byKey(counting,
        "SELECT id, name FROM batch_product WHERE id = ANY($1)",
        row -> row.getLong("id"), row -> row.getString("name"));
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    new RequestScope("r1", 5_000_000_000L, System::nanoTime).bind(request);
    request.runOnContext(v -> {
      long id = 404L;
      DataLoader<Long, String> products =
          DataLoaderScope.current().loader("product", productsById, options);
      Future<List<String>> lines = products.loadMany(List.of(2L, 1L));
      Future<String> one = products.load(id).compose(p -> p != null
          ? Future.succeededFuture(p)
          : Future.failedFuture(Problem.notFound("Product " + id + " does not exist")));
      Future.join(lines, one).onComplete(done -> test.verify(() -> {
        assertThat(lines.result()).containsExactly("teapot", "kettle");
        assertThat(((Problem) one.cause()).status()).isEqualTo(404);
        assertThat(one.cause()).hasMessage("Product 404 does not exist");
        assertThat(statements).hasSize(1);
        test.completeNow();
      }));
    });
  }

  @Test
  void groups_rows_per_key_with_empty_lists_for_keys_without_rows(
      Vertx vertx, VertxTestContext test) {
    BatchFn<Integer, List<String>> items = SqlBatchFn.grouped(counting,
        "SELECT order_id, sku FROM batch_item WHERE order_id = any( $1 ) ORDER BY line",
        row -> row.getInteger("order_id"), row -> row.getString("sku"));
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> DataLoaderScope.create(context).loader("items", items, options)
        .loadMany(List.of(10, 30, 20))
        .onComplete(test.succeeding(lists -> test.verify(() -> {
          assertThat(lists).containsExactly(List.of("A", "B"), List.of(), List.of("C"));
          assertThat(statements).hasSize(1);
          test.completeNow();
        }))));
  }

  @Test
  void a_failing_statement_fails_every_key_of_its_batch(Vertx vertx, VertxTestContext test) {
    BatchFn<Long, String> broken = SqlBatchFn.byKey(counting,
        "SELECT id, nope FROM batch_product WHERE id = ANY($1)",
        row -> row.getLong("id"), row -> row.getString("nope"));
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      DataLoader<Long, String> loader =
          DataLoaderScope.create(context).loader("broken", broken, options);
      Future<String> one = loader.load(1L);
      Future<String> two = loader.load(2L);
      Future.join(one, two).onComplete(done -> test.verify(() -> {
        assertThat(one.failed()).isTrue();
        assertThat(two.cause()).isSameAs(one.cause()).hasMessageContaining("nope");
        test.completeNow();
      }));
    });
  }

  @Test
  void rejects_sql_without_an_any_array_parameter() {
    assertThatThrownBy(() -> SqlBatchFn.byKey(counting,
        "SELECT id FROM batch_product WHERE id = $1", row -> 1L, row -> "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("= ANY($1)");
  }

  @Test
  void integer_keys_of_any_class_find_their_rows(Vertx vertx, VertxTestContext test) {
    // The extractors return what the columns hold: Long for bigint, Integer for int.
    BatchFn<Object, String> names = SqlBatchFn.byKey(counting,
        "SELECT id, name FROM batch_product WHERE id = ANY($1)",
        row -> row.getValue("id"), row -> row.getString("name"));
    BatchFn<Object, List<String>> skus = SqlBatchFn.grouped(counting,
        "SELECT order_id, sku FROM batch_item WHERE order_id = ANY($1) ORDER BY line",
        row -> row.getValue("order_id"), row -> row.getString("sku"));
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      DataLoaderScope scope = DataLoaderScope.create(context);
      Future<String> alone = scope.<Object, String>loader("by-int", names, options).load(1);
      Future<List<String>> mixed = scope.<Object, String>loader("by-any", names, options)
          .loadMany(List.of(2L, 3, (short) 1));
      Future<List<List<String>>> items = scope.<Object, List<String>>loader("items", skus,
          options).loadMany(List.of(10L, 20, 10));
      Future.all(alone, mixed, items).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(alone.result()).isEqualTo("kettle");
        assertThat(mixed.result()).containsExactly("teapot", "mug", "kettle");
        assertThat(items.result()).containsExactly(List.of("A", "B"), List.of("C"),
            List.of("A", "B"));
        assertThat(statements).hasSize(3);
        assertThat(statements.get(1).getValue(0)).isEqualTo(new Long[] {2L, 3L, 1L});
        test.completeNow();
      })));
    });
  }

  @Test
  void keys_of_mixed_classes_fail_the_batch_without_a_query() {
    BatchFn<Object, String> fn = SqlBatchFn.byKey(counting,
        "SELECT id FROM batch_product WHERE id = ANY($1)", row -> row.getValue(0), row -> "x");
    assertThatThrownBy(() -> fn.load(List.of(1L, "2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String");
    assertThat(statements).isEmpty();
  }
}
