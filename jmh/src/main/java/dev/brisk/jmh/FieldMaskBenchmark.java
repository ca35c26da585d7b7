package dev.brisk.jmh;

import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;
import static dev.brisk.fields.Inclusion.DEFAULT;
import static dev.brisk.fields.Inclusion.ON_REQUEST;

import dev.brisk.fields.FieldMask;
import dev.brisk.fields.Resource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of turning a {@code fields} query parameter into a validated {@link FieldMask}.
 *
 * <p>Workload: an order resource with to-many {@code items}, to-one {@code items.product} and
 * {@code items.product.category} (declared like the sample app). {@code parseNested} parses the
 * typical 94-character expression {@code id,status,created_at,items(quantity,unit_price_cents,
 * product(name,price_cents,category(name)))} (one line);
 * {@code parseDotted} the same selection written with dot paths (merging repeated prefixes);
 * {@code parseAndProject} parses the nested form and builds its SQL projection and canonical
 * string, as one request does. Single thread, no I/O.
 *
 * <p>Metric: average time per operation in microseconds (lower is better); the target is a few
 * microseconds for {@code parseNested}.
 *
 * <p>Run: {@code ./mvnw -q -DskipTests package && java -jar jmh/target/benchmarks.jar
 * FieldMaskBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FieldMaskBenchmark {
  static final Resource CATEGORY = Resource.builder("category", "categories", "c")
      .field("id", "c.id", LONG, DEFAULT)
      .field("name", "c.name", TEXT, DEFAULT)
      .build();
  static final Resource PRODUCT = Resource.builder("product", "products", "p")
      .field("id", "p.id", LONG).field("sku", "p.sku", TEXT).field("name", "p.name", TEXT)
      .field("description", "p.description", TEXT, ON_REQUEST)
      .field("price_cents", "p.price_cents", LONG).field("stock", "p.stock", INT)
      .field("category_id", "p.category_id", LONG).field("created_at", "p.created_at", TIMESTAMP)
      .field("updated_at", "p.updated_at", TIMESTAMP)
      .embedOne("category", "category_id", CATEGORY)
      .build();
  static final Resource ORDER_ITEM = Resource.builder("order_item", "order_items", "i")
      .field("product_id", "i.product_id", LONG).field("quantity", "i.quantity", INT)
      .field("unit_price_cents", "i.unit_price_cents", LONG)
      .embedOne("product", "product_id", PRODUCT)
      .build();
  static final Resource ORDER = Resource.builder("order", "orders", "o")
      .field("id", "o.id", LONG).field("user_id", "o.user_id", LONG)
      .field("status", "o.status", TEXT).field("total_cents", "o.total_cents", LONG)
      .field("created_at", "o.created_at", TIMESTAMP)
      .embedMany("items", ORDER_ITEM, "order_id", DEFAULT)
      .build();

  String nested = "id,status,created_at,"
      + "items(quantity,unit_price_cents,product(name,price_cents,category(name)))";
  String dotted = "id,status,created_at,items.quantity,items.unit_price_cents,"
      + "items.product.name,items.product.price_cents,items.product.category.name";

  /** Parses the nested-parentheses form. */
  @Benchmark
  public FieldMask parseNested() {
    return FieldMask.parse(ORDER, nested);
  }

  /** Parses the same selection written as dot paths. */
  @Benchmark
  public FieldMask parseDotted() {
    return FieldMask.parse(ORDER, dotted);
  }

  /** Parses, then builds the projection and canonical string a request handler would use. */
  @Benchmark
  public int parseAndProject() {
    FieldMask mask = FieldMask.parse(ORDER, nested);
    return mask.projection().length() + mask.canonical().length();
  }
}
