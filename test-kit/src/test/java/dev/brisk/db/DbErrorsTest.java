package dev.brisk.db;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.problem.Problem;
import dev.brisk.test.TestPg;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statements PostgreSQL refuses for their data are client problems, never 500s: SQLSTATE class
 * 22 is 422, class 23 is 409 (unique) or 422 (reference, null, check); the detail names the
 * condition and never the SQL or the values.
 */
class DbErrorsTest {

  private static Vertx vertx;
  private static Db db;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    db = Db.create(vertx, DbOptions.fromUrl(TestPg.url()));
    await(db.query("CREATE TABLE IF NOT EXISTS kit_errors_parent (id int PRIMARY KEY)"));
    await(db.query("CREATE TABLE IF NOT EXISTS kit_errors (id int PRIMARY KEY, "
        + "parent int REFERENCES kit_errors_parent, name text NOT NULL, qty int CHECK (qty > 0))"));
    await(db.query("INSERT INTO kit_errors (id, name, qty) VALUES (1, 'one', 1) "
        + "ON CONFLICT DO NOTHING"));
  }

  @AfterAll
  static void stop() {
    await(db.close());
    await(vertx.close());
  }

  private static Problem refused(String sql, Tuple params) {
    Throwable failure = awaitFailure(db.query(sql, params));
    assertThat(failure).isInstanceOf(Problem.class);
    Problem p = (Problem) failure;
    assertThat(p.detail() + p.toJson().encode()).doesNotContain("kit_errors")
        .doesNotContain("secret-value").doesNotContain("INSERT").doesNotContain("SELECT");
    return p;
  }

  @Test
  void data_exceptions_are_422() {
    assertThat(refused("SELECT $1::text || 'x'", Tuple.of("a\u0000secret-value")).status())
        .isEqualTo(422);
    assertThat(refused("SELECT $1::int * 100000", Tuple.of(100_000)).status()).isEqualTo(422);
    Problem format = refused("SELECT $1::text::int", Tuple.of("secret-value"));
    assertThat(format.status()).isEqualTo(422);
    assertThat(format.toJson().encode()).contains("22P02");
  }

  @Test
  void unique_violation_is_409_and_other_integrity_violations_are_422() {
    Problem unique = refused("INSERT INTO kit_errors (id, name) VALUES (1, 'secret-value')",
        Tuple.tuple());
    assertThat(unique.status()).isEqualTo(409);
    assertThat(refused("INSERT INTO kit_errors (id, parent, name) VALUES (2, 99, 'x')",
        Tuple.tuple()).status()).isEqualTo(422);
    assertThat(refused("INSERT INTO kit_errors (id, name) VALUES (3, NULL)", Tuple.tuple())
        .status()).isEqualTo(422);
    assertThat(refused("INSERT INTO kit_errors (id, name, qty) VALUES (4, 'x', 0)",
        Tuple.tuple()).status()).isEqualTo(422);
  }

  @Test
  void refusals_inside_a_transaction_roll_back_and_keep_their_status() {
    Throwable failure = awaitFailure(db.inTransaction(tx -> tx.query(
            "INSERT INTO kit_errors (id, name) VALUES (5, 'five')")
        .compose(x -> tx.query("INSERT INTO kit_errors (id, name) VALUES (5, 'again')"))));
    assertThat(failure).isInstanceOf(Problem.class);
    assertThat(((Problem) failure).status()).isEqualTo(409);
    assertThat(await(db.query("SELECT 1 FROM kit_errors WHERE id = 5")).size()).isZero();
  }

  @Test
  void other_failures_pass_through_unchanged() {
    Throwable failure = awaitFailure(db.query("SELECT * FROM no_such_table_here"));
    assertThat(failure).isNotInstanceOf(Problem.class);
  }

  @Test
  void a_commit_refused_by_a_deferred_constraint_is_rolled_back_and_says_so() {
    await(db.query("CREATE TABLE IF NOT EXISTS kit_deferred (id int, CONSTRAINT kit_deferred_u "
        + "UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)"));
    Throwable failure = awaitFailure(db.inTransaction(tx -> tx.query(
        "INSERT INTO kit_deferred (id) VALUES (7), (7)")));
    assertThat(((Problem) failure).status()).isEqualTo(409);
    assertThat(await(db.query("SELECT count(*) FROM kit_deferred WHERE id = 7")).iterator().next()
        .getLong(0)).isZero();
  }

  /**
   * A {@code COMMIT} cancelled (here by a cancel request while a deferred trigger runs; a late
   * one can land after the commit record) is never answered "not done".
   */
  @Test
  void a_commit_that_fails_otherwise_has_an_unknown_outcome() {
    await(db.query("CREATE TABLE IF NOT EXISTS kit_commit (id int)"));
    await(db.query("CREATE OR REPLACE FUNCTION kit_commit_slow() RETURNS trigger "
        + "LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_cancel_backend(pg_backend_pid()); "
        + "PERFORM pg_sleep(5); RETURN NULL; END $$"));
    await(db.query("DROP TRIGGER IF EXISTS kit_commit_slow ON kit_commit"));
    await(db.query("CREATE CONSTRAINT TRIGGER kit_commit_slow AFTER INSERT ON kit_commit "
        + "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kit_commit_slow()"));
    Throwable failure = awaitFailure(db.inTransaction(tx -> tx.query(
        "INSERT INTO kit_commit (id) VALUES (1)")));
    assertThat(failure).isInstanceOf(Problem.class);
    assertThat(((Problem) failure).status()).isEqualTo(503);
    assertThat(((Problem) failure).type()).endsWith("outcome-unknown");
  }
}
