package dev.brisk.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The request's embedded-row budget, which a batch's sub-requests share. */
@ExtendWith(VertxExtension.class)
class RowBudgetTest {

  @Test
  void a_refused_embed_leaves_the_budget_to_siblings_that_fit(Vertx vertx, VertxTestContext test) {
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    new RequestScope("r1", 5_000_000_000L, System::nanoTime).bind(request);
    request.runOnContext(v -> test.verify(() -> {
      assertThat(RowBudget.take(40_000, 50_000)).isNull();
      Problem refused = RowBudget.take(20_000, 50_000);
      assertThat(refused.status()).isEqualTo(413);
      assertThat(RowBudget.take(10_000, 50_000)).isNull();
      assertThat(RowBudget.take(1, 50_000)).isNotNull();
      test.completeNow();
    }));
  }
}
